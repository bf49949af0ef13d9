import { parseInput } from '../contracts/parse';
import { CandidateListInputSchema, foldCandidates } from '../contracts/student-notices';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import type { CandidateStore, Clock, NoticeStore, RegistrationStore } from '../ports';
import { assertCanView, isOwner } from '../rules/access';
import { permits, refusalCode } from '../rules/lifecycle';
import { inMailDomains, outsideDomainsMessage } from '../rules/mail-domains';
import type { Principal } from '../rules/principal';
import { personalDataExpiry } from '../rules/retention';
import { readStudentNotice } from '../read-models/student-notice';

export interface CandidateDeps {
  registrations: RegistrationStore;
  candidates: CandidateStore;
  notices: NoticeStore;
  now: Clock;
  retentionDays: number;
  /** Mail domains of students: candidates are mailed, so only they are accepted. */
  studentDomains: readonly string[];
}

/**
 * Use case: PUT /registrations/{id}/candidates. The owner supplies (or replaces) the candidate
 * list until the exam information letter has been sent. Duplicates are folded; the addresses
 * are never logged and are deleted a configured time after the exam.
 */
export const replaceCandidates = async (deps: CandidateDeps, principal: Principal, id: string, body: unknown) => {
  const input = parseInput(CandidateListInputSchema, body);
  const outside = input.candidates.flatMap((c, i) =>
    inMailDomains(c.email, deps.studentDomains)
      ? []
      : [
          {
            path: `candidates.${i}.email`,
            code: 'OUTSIDE_MAIL_DOMAINS' as const,
            params: { domains: deps.studentDomains.join(', ') },
            message: outsideDomainsMessage(deps.studentDomains),
          },
        ],
  );
  if (outside.length > 0) throw new ValidationError(outside);
  const { candidates, folded } = foldCandidates(input.candidates);
  const r = assertCanView(principal, await deps.registrations.get(id), id);
  if (!isOwner(principal, r)) throw new ForbiddenError('Only the person who submitted the registration may supply its candidates');
  if (!permits.candidates(r.status))
    throw new ConflictError(`The registration is ${r.status.toLowerCase()}; it takes no candidate list`, refusalCode(r.status, 'REGISTRATION_CLOSED'));
  const now = deps.now();
  if (Date.parse(r.form.exam.start) <= now.getTime()) throw new ConflictError('The exam has started; the candidate list can no longer change', 'EXAM_STARTED');
  const at = now.toISOString();
  const result = await deps.candidates.replace(id, candidates, at, personalDataExpiry(r.form.exam, deps.retentionDays));
  if (result === 'letter-started')
    throw new ConflictError('The exam information letter has already gone out; the candidate list can no longer change', 'LETTER_SENT');
  if (result === 'conflict') throw new ConflictError('The list was replaced at the same moment; reload and try again', 'CONCURRENT_CHANGE');
  await deps.registrations.appendHistory(id, {
    at,
    by: { sub: principal.sub, email: principal.email, name: principal.name },
    action: 'CANDIDATES_REPLACED',
    comment: null,
    details: { count: candidates.length, folded },
  });
  return { folded, studentNotice: await readStudentNotice(deps, id, r.form.kind) };
};
