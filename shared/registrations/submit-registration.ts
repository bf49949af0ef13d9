import type { RulesConfig } from '../contracts/env';
import { parseInput } from '../contracts/parse';
import { type HistoryEntry, type Registration, RegistrationInputSchema } from '../contracts/registration';
import { ValidationError } from '../errors';
import type { CatalogueStore, Clock, IdGenerator, RegistrationStore, WorkflowControl } from '../ports';
import { withCatalogueChoices } from '../read-models/catalogue-choices';
import { assertRole } from '../rules/access';
import { deriveRegistration, ruleViolations } from '../rules/exam-rules';
import { inMailDomains, outsideDomainsMessage } from '../rules/mail-domains';
import { pendingApproval } from '../rules/lifecycle';
import type { Principal } from '../rules/principal';

export interface SubmitDeps {
  registrations: RegistrationStore;
  workflow: WorkflowControl;
  /** The software catalogue, for the programs a request picks from it. */
  catalogue: CatalogueStore;
  rules: RulesConfig;
  now: Clock;
  newId: IdGenerator;
}

/** Validates a form against its schema and the domain rules, and derives its facts. */
export const validateForm = (rules: RulesConfig, body: unknown, now: Date) => {
  const form = parseInput(RegistrationInputSchema, body);
  const violations = ruleViolations(form, rules, now);
  // The contact is mailed every outcome: only an address of the institution's staff.
  if (!inMailDomains(form.contact.email, rules.STAFF_MAIL_DOMAINS))
    violations.push({
      path: 'contact.email',
      code: 'OUTSIDE_MAIL_DOMAINS' as const,
      params: { domains: rules.STAFF_MAIL_DOMAINS.join(', ') },
      message: outsideDomainsMessage(rules.STAFF_MAIL_DOMAINS),
    });
  if (violations.length > 0) throw new ValidationError(violations);
  return { form, derived: deriveRegistration(form, rules) };
};

/**
 * Use case: a member of staff submits a mid-term or software registration.
 * Validates the form and the domain rules, stores the registration with its first
 * approval round, and starts the approval workflow. If the workflow cannot start, the
 * stored items are removed again, so a failure never leaves a registration nobody will decide.
 */
export const submitRegistration = async (deps: SubmitDeps, principal: Principal, body: unknown): Promise<Registration> => {
  assertRole(principal, 'staff', 'submit registrations');
  const now = deps.now();
  const { form, derived } = validateForm(deps.rules, await withCatalogueChoices(deps.catalogue, body), now);
  const id = deps.newId();
  const at = now.toISOString();
  const owner = { sub: principal.sub, email: principal.email, name: principal.name };
  const approvals = derived.approvers.map((group) => pendingApproval(group, 1, at));
  const record = { id, kind: form.kind, form, status: 'PENDING_APPROVAL' as const, round: 1, derived, owner, createdAt: at, updatedAt: at, version: 1 };
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
