import type { RegistrationInput } from '../contracts/registration';
import type { StudentNoticeState } from '../contracts/student-notices';
import type { CandidateStore, NoticeStore } from '../ports';
import { mainNoticeId, studentNoticeState } from '../rules/student-notice';

/** The student-notice state a registration shows (its main notice and the candidate list's size): two reads, in parallel. */
export const readStudentNotice = async (
  deps: { notices: NoticeStore; candidates: CandidateStore },
  id: string,
  kind: RegistrationInput['kind'],
): Promise<StudentNoticeState> => {
  const [{ notice, counts }, list] = await Promise.all([deps.notices.summary(id, mainNoticeId(kind)), deps.candidates.current(id)]);
  return studentNoticeState(notice, counts, list?.count ?? 0);
};
