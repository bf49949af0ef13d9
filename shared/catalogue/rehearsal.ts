import { type Rehearsal, RehearsalInputSchema } from '../contracts/catalogue';
import { parseInput } from '../contracts/parse';
import type { HistoryEntry } from '../contracts/registration';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import type { Clock, RegistrationStore, RehearsalRecord, RehearsalStore } from '../ports';
import { approverGroupsOf, assertCanView } from '../rules/access';
import { localDate } from '../rules/exam-rules';
import { isClosed } from '../rules/lifecycle';
import type { Principal } from '../rules/principal';
import { rehearsalOf } from '../rules/software-setup';

export interface RehearsalDeps {
  registrations: RegistrationStore;
  rehearsals: RehearsalStore;
  now: Clock;
  timeZone: string;
}

/**
 * Use case: PUT /registrations/{id}/rehearsal. IT (the registration's IT approvers), having tried
 * the set-up with the teacher, records that it was tested or failed (a failure needs a comment),
 * and may move the date it is due by; every record is kept in the registration's history.
 */
export const recordRehearsal = async (deps: RehearsalDeps, principal: Principal, id: string, body: unknown): Promise<Rehearsal> => {
  const r = assertCanView(principal, await deps.registrations.get(id), id);
  if (!approverGroupsOf(principal, r).includes('IT')) throw new ForbiddenError('Only IT records the rehearsal of a software exam');
  const input = parseInput(RehearsalInputSchema, body);
  if (r.form.kind !== 'software') throw new ConflictError('Only a software request has a rehearsal');
  if (isClosed(r.status)) throw new ConflictError('The registration is closed; there is nothing to rehearse');
  const now = deps.now();
  const examDate = localDate(r.form.exam.start, deps.timeZone);
  if (input.dueBy !== undefined && (Number.isNaN(Date.parse(`${input.dueBy}T00:00:00Z`)) || input.dueBy > examDate))
    throw new ValidationError([{ path: 'dueBy', code: 'invalid_value', message: 'The rehearsal is due by a real date no later than the exam' }]);
  const before = await deps.rehearsals.get(id);
  const by = { sub: principal.sub, email: principal.email, name: principal.name };
  const record: RehearsalRecord = {
    result: input.result,
    comment: input.comment || null,
    dueBy: input.dueBy ?? before?.dueBy ?? null,
    recordedAt: now.toISOString(),
    recordedBy: by,
  };
  const entry: HistoryEntry = { at: record.recordedAt, by, action: 'REHEARSAL_RECORDED', comment: record.comment, details: { result: record.result } };
  await deps.rehearsals.record(id, record, entry);
  return rehearsalOf(r.form.exam, record, localDate(now, deps.timeZone), deps.timeZone);
};
