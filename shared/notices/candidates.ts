import type { Principal } from '../rules/principal';
import { ConflictError, ForbiddenError } from '../errors';
import { assertCanView, isOwner } from '../rules/access';
import type { RegistrationRepository } from '../adapters/dynamodb/registration-store';
import { parseInput } from '../contracts/parse';
import { CandidateListInputSchema, type StudentNoticeState, foldCandidates } from '../contracts/student-notices';
import { personalDataExpiry } from './config';
import type { NoticeRepository } from '../adapters/dynamodb/notice-store';

export interface CandidateDeps {
  repo: RegistrationRepository;
  notices: NoticeRepository;
  now: () => Date;
  retentionDays: number;
}

const CLOSED = ['CANCELLED', 'REJECTED', 'EXPIRED'];

/** The student-notice state shown on a registration: the letter's status and delivery counts, and the list size. */
export const studentNoticeState = async (notices: NoticeRepository, id: string, kind: 'midterm' | 'software'): Promise<StudentNoticeState> => {
  const noticeId = kind === 'midterm' ? 'letter' : 'software';
  const [notice, list] = await Promise.all([notices.notice(id, noticeId), notices.candidateList(id)]);
  const c = notice ? await notices.counts(id, noticeId) : { pending: 0, sending: 0, sent: 0, bounced: 0, complained: 0, failed: 0 };
  return {
    letter: {
      status: notice?.status ?? 'NOT_SCHEDULED',
      scheduledFor: notice?.scheduledFor ?? null,
      counts: { pending: c.pending + c.sending, sent: c.sent, bounced: c.bounced, complained: c.complained, failed: c.failed },
    },
    candidates: list?.count ?? 0,
  };
};

/**
 * Use case: PUT /registrations/{id}/candidates. The owner supplies (or replaces) the candidate
 * list until the exam information letter has been sent. Duplicates are folded; the addresses
 * are never logged and are deleted a configured time after the exam.
 */
export const replaceCandidates = async (deps: CandidateDeps, principal: Principal, id: string, body: unknown) => {
  const input = parseInput(CandidateListInputSchema, body);
  const { candidates, folded } = foldCandidates(input.candidates);
  const r = assertCanView(principal, await deps.repo.get(id), id);
  if (!isOwner(principal, r)) throw new ForbiddenError('Only the person who submitted the registration may supply its candidates');
  if (CLOSED.includes(r.status)) throw new ConflictError(`The registration is ${r.status.toLowerCase()}; it takes no candidate list`);
  const now = deps.now();
  if (Date.parse(r.form.exam.start) <= now.getTime()) throw new ConflictError('The exam has started; the candidate list can no longer change');
  const at = now.toISOString();
  const result = await deps.notices.replaceCandidates(id, candidates, at, personalDataExpiry(r.form.exam, deps.retentionDays));
  if (result === 'letter-started') throw new ConflictError('The exam information letter has already gone out; the candidate list can no longer change');
  if (result === 'conflict') throw new ConflictError('The list was replaced at the same moment; reload and try again');
  await deps.repo.appendHistory(id, {
    at,
    by: { sub: principal.sub, email: principal.email, name: principal.name },
    action: 'CANDIDATES_REPLACED',
    comment: null,
    details: { count: candidates.length, folded },
  });
  return { folded, studentNotice: await studentNoticeState(deps.notices, id, r.form.kind) };
};
