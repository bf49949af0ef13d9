import type { Principal } from '../auth/principal';
import { studentNoticeState } from '../notices/candidates';
import type { NoticeRepository } from '../notices/repository';
import type { Registration } from '../schemas/registration';
import type { StudentNoticeState } from '../schemas/student-notices';
import { assertCanView, publicView } from './access';
import type { RegistrationRepository } from './repository';

/** Use case: the owner or an approver of one of its groups reads a registration, with its student-notice state. */
export const getRegistration = async (
  deps: { repo: RegistrationRepository; notices: NoticeRepository },
  principal: Principal,
  id: string,
): Promise<Registration & { studentNotice: StudentNoticeState }> => {
  const r = publicView(assertCanView(principal, await deps.repo.get(id), id));
  return { ...r, studentNotice: await studentNoticeState(deps.notices, id, r.form.kind) };
};
