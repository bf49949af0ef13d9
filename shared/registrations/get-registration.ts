import { readStudentNotice } from '../read-models/student-notice';
import { type CalendarDeps, capacityOfExams } from '../read-models/capacity';
import type { Capacity } from '../contracts/calendar';
import type { Registration } from '../contracts/registration';
import type { StudentNoticeState } from '../contracts/student-notices';
import type { CandidateStore, NoticeStore, RegistrationStore } from '../ports';
import { approverGroupsOf, assertCanViewOrHandle, publicView } from '../rules/access';
import type { Principal } from '../rules/principal';

export interface GetDeps {
  registrations: RegistrationStore;
  notices: NoticeStore;
  candidates: CandidateStore;
  /** With it, an approver also sees the exam's capacity for their groups. */
  capacity?: CalendarDeps;
}

/**
 * Use case: the owner, an approver of one of its groups or a handler of one of its incidents
 * reads a registration, with its student-notice state (and, for its approvers, its capacity).
 */
export const getRegistration = async (
  deps: GetDeps,
  principal: Principal,
  id: string,
): Promise<Registration & { studentNotice: StudentNoticeState; capacity?: Capacity }> => {
  const r = publicView(assertCanViewOrHandle(principal, await deps.registrations.get(id), id));
  const groups = approverGroupsOf(principal, r);
  const [studentNotice, capacity] = await Promise.all([
    readStudentNotice(deps, id, r.form.kind),
    // Only an approver of the exam's groups sees its capacity: the load tells of other registrations.
    deps.capacity && groups.length ? capacityOfExams(deps.capacity, [{ exam: r, groups }]).then((m) => m.get(id)) : undefined,
  ]);
  return { ...r, studentNotice, ...(capacity ? { capacity } : {}) };
};
