import type { RulesConfig } from '../contracts/env';
import type { LetterLanguage } from '../contracts/languages';
import { parseInput } from '../contracts/parse';
import { type HistoryEntry, type Registration, type RegistrationInput, RegistrationInputSchema, type Warning } from '../contracts/registration';
import { ValidationError } from '../errors';
import type { CatalogueStore, Clock, IdGenerator, RegistrationQueries, RegistrationStore, WorkflowControl } from '../ports';
import { withCatalogueChoices } from '../read-models/catalogue-choices';
import { assertRole } from '../rules/access';
import { isSameSoftwareRequest } from '../rules/duplicate-request';
import { deriveRegistration } from '../rules/exam-rules';
import { pendingApproval } from '../rules/lifecycle';
import type { Principal } from '../rules/principal';
import { registrationViolations } from '../rules/registration-checks';

export interface SubmitDeps {
  registrations: RegistrationStore;
  workflow: WorkflowControl;
  /** The software catalogue, for the programs a request picks from it. */
  catalogue: CatalogueStore;
  rules: RulesConfig;
  now: Clock;
  newId: IdGenerator;
  /** With it, a software request identical to one of the submitter's pending ones carries a warning naming it. */
  queries?: Pick<RegistrationQueries, 'listByCourse'>;
}

/**
 * A second software request for the same course, exam and programs while the first is pending
 * is most likely sent by mistake: it is accepted (a teacher may mean it), with a warning that
 * names the pending one, for the teacher and the approvers. Reads the course's exams that start
 * at the same instant.
 */
const duplicateWarning = async (deps: SubmitDeps, principal: Principal, form: RegistrationInput): Promise<Warning[]> => {
  if (!deps.queries || form.kind !== 'software') return [];
  const pending = (await deps.queries.listByCourse(form.course.code, { from: form.exam.start, to: form.exam.start })).find(
    (r) => r.owner.sub === principal.sub && r.status === 'PENDING_APPROVAL' && isSameSoftwareRequest(r.form, form),
  );
  return pending ? [{ code: 'DUPLICATE_PENDING_REQUEST', message: `An identical request for this exam is already pending: ${pending.id}` }] : [];
};

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
  const { form, derived: checked } = validateForm(deps.rules, await withCatalogueChoices(deps.catalogue, body), now);
  const derived = { ...checked, warnings: [...checked.warnings, ...(await duplicateWarning(deps, principal, form))] };
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
