import type { RulesConfig } from '../contracts/env';
import type { LetterLanguage } from '../contracts/languages';
import { parseInput } from '../contracts/parse';
import { type HistoryEntry, type Registration, RegistrationInputSchema } from '../contracts/registration';
import { ValidationError } from '../errors';
import type { Clock, IdGenerator, RegistrationStore, WorkflowControl } from '../ports';
import { assertRole } from '../rules/access';
import { deriveRegistration } from '../rules/exam-rules';
import { pendingApproval } from '../rules/lifecycle';
import type { Principal } from '../rules/principal';
import { registrationViolations } from '../rules/registration-checks';

export interface SubmitDeps {
  registrations: RegistrationStore;
  workflow: WorkflowControl;
  rules: RulesConfig;
  now: Clock;
  newId: IdGenerator;
}

/** Validates a form against its schema and the domain rules, and derives its facts. */
export const validateForm = (rules: RulesConfig, body: unknown, now: Date) => {
  const form = parseInput(RegistrationInputSchema, body);
  const violations = registrationViolations(form, rules, now);
  if (violations.length > 0) throw new ValidationError(violations);
  return { form, derived: deriveRegistration(form, rules) };
};

/**
 * Use case: a member of staff submits a mid-term or software registration.
 * Validates the form and the domain rules, stores the registration (with the submitter's
 * language, when known, for their e-mails) with its first
 * approval round, and starts the approval workflow. If the workflow cannot start, the
 * stored items are removed again, so a failure never leaves a registration nobody will decide.
 */
export const submitRegistration = async (deps: SubmitDeps, principal: Principal, body: unknown, language?: LetterLanguage): Promise<Registration> => {
  assertRole(principal, 'staff', 'submit registrations');
  const now = deps.now();
  const { form, derived } = validateForm(deps.rules, body, now);
  const id = deps.newId();
  const at = now.toISOString();
  const owner = { sub: principal.sub, email: principal.email, name: principal.name };
  const approvals = derived.approvers.map((group) => pendingApproval(group, 1, at));
  const record = {
    id,
    kind: form.kind,
    form,
    status: 'PENDING_APPROVAL' as const,
    round: 1,
    derived,
    owner,
    ...(language ? { language } : {}),
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const entry: HistoryEntry = { at, by: owner, action: 'SUBMITTED', comment: null, details: { approvers: derived.approvers } };

  await deps.registrations.insert(record, approvals, entry);
  try {
    await deps.workflow.startRound({ registrationId: id, round: 1 });
  } catch (error) {
    await deps.registrations.deleteAll(id);
    throw error;
  }
  const { version: _v, ...registration } = record;
  return { ...registration, approvals, history: [entry] };
};
