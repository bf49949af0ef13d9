import type { Principal } from '../rules/principal';
import { studentNoticeState } from '../notices/candidates';
import type { NoticeRepository } from '../adapters/dynamodb/notice-store';
import type { Registration } from '../contracts/registration';
import type { StudentNoticeState } from '../contracts/student-notices';
import { assertCanView, publicView } from '../rules/access';
import type { RegistrationRepository } from '../adapters/dynamodb/registration-store';

/** Use case: the owner or an approver of one of its groups reads a registration, with its student-notice state. */
export const getRegistration = async (
  deps: { repo: RegistrationRepository; notices: NoticeRepository },
  principal: Principal,
  id: string,
): Promise<Registration & { studentNotice: StudentNoticeState }> => {
  const r = publicView(assertCanView(principal, await deps.repo.get(id), id));
  return { ...r, studentNotice: await studentNoticeState(deps.notices, id, r.form.kind) };
};
