import { decideRegistration } from '../../../shared/approvals/decide-registration';
import { closeRound } from '../../../shared/approvals/approval-steps';
import type { ApproverGroup, Decision, RegistrationInput } from '../../../shared/contracts/registration';
import type { Incident } from '../../../shared/contracts/student-notices';
import { replaceCandidates } from '../../../shared/notices/candidates';
import type { StoredRegistration } from '../../../shared/ports';
import { submitRegistration } from '../../../shared/registrations/submit-registration';
import type { Principal, Role } from '../../../shared/rules/principal';
import { ED_APPROVER, IT_APPROVER, OTHER_STAFF, STAFF, examStartIn, midtermBody, softwareBody } from '../fixtures';
import { type World, inMemoryWorld } from './index';

/**
 * Given-steps for use-case tests: the people of the fixtures as principals, form bodies dated
 * from the world's clock, and registrations brought to a state through the use cases themselves.
 */

export const principal = (u: { sub: string; email: string; name: string; groups: readonly Role[] }): Principal => ({
  sub: u.sub,
  email: u.email,
  name: u.name,
  roles: [...u.groups],
});

/** The owner of the registrations, another member of staff, an IT and an ED approver, and one in both groups. */
export const KARI = principal(STAFF);
export const OLA = principal(OTHER_STAFF);
export const IVAR = principal(IT_APPROVER);
export const EVA = principal(ED_APPROVER);
export const BO: Principal = { sub: 'bo-both', email: 'bo@example.edu', name: 'Bo Both', roles: ['IT', 'ED'] };
export const approverOf = (group: ApproverGroup) => (group === 'IT' ? IVAR : EVA);

export const examIn = (world: World, days: number, type: 'home' | 'school' = 'home', durationMinutes = 240): RegistrationInput['exam'] => ({
  type,
  start: examStartIn(days, world.clock.now()),
  durationMinutes,
  candidates: 120,
});

/** A valid mid-term registration (ED and IT approve), its exam 60 days after the world's now. */
export const midterm = (world: World, overrides: Partial<RegistrationInput> = {}) => midtermBody({ exam: examIn(world, 60), ...overrides });

/** A valid software request for a school exam without external addresses (IT alone approves). */
export const software = (world: World, overrides: Record<string, unknown> = {}) => softwareBody({ exam: examIn(world, 60, 'school'), ...overrides });

export const stored = async (world: World, id: string): Promise<StoredRegistration> => {
  const r = await world.registrations.get(id);
  if (!r) throw new Error(`registration ${id} is not stored`);
  return r;
};

/** The incidents stored on a registration (the port's type leaves them out; the store returns them, as the table's does). */
export const incidentsOf = async (world: World, id: string): Promise<Incident[] | undefined> =>
  ((await stored(world, id)) as StoredRegistration & { incidents?: Incident[] }).incidents;

export const givenSubmitted = (world: World, body: Record<string, unknown> = midterm(world), by: Principal = KARI) => submitRegistration(world, by, body);

/** A group's member decides; a decision other than approval carries a reason, as the schema wants. */
export const decide = (world: World, id: string, group: ApproverGroup, decision: Decision, comment = decision === 'approve' ? '' : 'Please move the exam') =>
  decideRegistration(world, approverOf(group), id, { group, decision, comment });

/** Submitted, approved by every group and the round closed (the workflow's last step ran). */
export const givenApproved = async (world: World, body?: Record<string, unknown>) => {
  const r = await givenSubmitted(world, body);
  for (const group of r.derived.approvers) await decide(world, r.id, group, 'approve');
  await closeRound(world, { registrationId: r.id, round: r.round });
  return stored(world, r.id);
};

/** A mid-term registration that IT approved and ED sent back for changes. */
export const givenChangesRequested = async (world: World, body?: Record<string, unknown>) => {
  const r = await givenSubmitted(world, body);
  await decide(world, r.id, 'IT', 'approve');
  await decide(world, r.id, 'ED', 'request-changes', 'Move the exam a week later');
  return stored(world, r.id);
};

export const supplyCandidates = (world: World, id: string, emails: readonly string[]) =>
  replaceCandidates(world, KARI, id, { candidates: emails.map((email) => ({ email })) });

/** A new world with an approved registration and these candidates; the mails so far are cleared. */
export const givenApprovedWith = async (emails: readonly string[], body?: (w: World) => Record<string, unknown>) => {
  const world = inMemoryWorld();
  const r = await givenApproved(world, body?.(world));
  if (emails.length) await supplyCandidates(world, r.id, emails);
  world.mailer.sent.length = 0;
  return { world, id: r.id, r };
};

/** As `givenApprovedWith`, the clock then at the students' deadline: the letter is due. */
export const givenLetterDue = async (emails: readonly string[], body?: (w: World) => Record<string, unknown>) => {
  const given = await givenApprovedWith(emails, body);
  given.world.clock.set(given.r.derived.studentInfoDueBy);
  return given;
};

export const actionsOf = (r: { history: { action: string }[] }) => r.history.map((h) => h.action);
