import { type StaffingOverride, StaffingInputSchema, StaffingPathSchema } from '../contracts/calendar';
import { parseInput } from '../contracts/parse';
import { ForbiddenError, ValidationError } from '../errors';
import type { CalendarStore, Clock } from '../ports';
import { localDate } from '../rules/exam-rules';
import { type Principal, hasRole, isApprover } from '../rules/principal';

export interface SetStaffingDeps {
  calendar: CalendarStore;
  now: Clock;
  timeZone: string;
}

/**
 * Use case: PUT /calendar/staffing/{group}/{date}. An approver of the group sets how many of
 * its people are on duty on a local date (today or later); the change is audited beside it.
 */
export const setStaffing = async (
  deps: SetStaffingDeps,
  principal: Principal,
  path: Record<string, string | undefined>,
  body: unknown,
): Promise<StaffingOverride> => {
  if (!isApprover(principal)) throw new ForbiddenError('Only IT and ED approvers set the people on duty');
  const { group, date } = parseInput(StaffingPathSchema, path);
  if (!hasRole(principal, group)) throw new ForbiddenError(`Only ${group} approvers set ${group}'s people on duty`);
  const input = parseInput(StaffingInputSchema, body);
  const now = deps.now();
  if (date < localDate(now, deps.timeZone)) throw new ValidationError([{ path: 'date', code: 'DATE_PASSED', message: 'A day that has passed cannot be changed' }]);
  const override: StaffingOverride = {
    group,
    date,
    staffOnDuty: input.staffOnDuty,
    comment: input.comment || null,
    updatedAt: now.toISOString(),
    updatedBy: { sub: principal.sub, email: principal.email, name: principal.name },
  };
  await deps.calendar.setStaffing(override);
  return override;
};
