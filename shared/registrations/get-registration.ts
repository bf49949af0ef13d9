import type { Registration } from '../contracts/registration';
import type { StudentNoticeState } from '../contracts/student-notices';
import type { CandidateStore, NoticeStore, RegistrationStore } from '../ports';
import { assertCanViewOrHandle, publicView } from '../rules/access';
import type { Principal } from '../rules/principal';
import { mainNoticeId, studentNoticeState } from '../rules/student-notice';

export interface GetDeps {
  registrations: RegistrationStore;
  notices: NoticeStore;
  candidates: CandidateStore;
}

/** Use case: the owner, an approver of one of its groups or a handler of one of its incidents reads a registration, with its student-notice state. */
export const getRegistration = async (deps: GetDeps, principal: Principal, id: string): Promise<Registration & { studentNotice: StudentNoticeState }> => {
  const r = publicView(assertCanViewOrHandle(principal, await deps.registrations.get(id), id));
  const [{ notice, counts }, list] = await Promise.all([deps.notices.summary(id, mainNoticeId(r.form.kind)), deps.candidates.current(id)]);
  return { ...r, studentNotice: studentNoticeState(notice, counts, list?.count ?? 0) };
};
