import { type Calendar, type CalendarItem, CalendarQuerySchema } from '../contracts/calendar';
import { parseInput } from '../contracts/parse';
import type { ApproverGroup } from '../contracts/registration';
import { ForbiddenError } from '../errors';
import type { CalendarStore, RegistrationRecord } from '../ports';
import { addDays, examInterval, loadSteps, startOfLocalDay, utcDatesTouched } from '../rules/capacity';
import { type Principal, hasRole } from '../rules/principal';
import { type CalendarDeps, loadedExam, staffingOf } from '../read-models/capacity';

const GROUPS: ApproverGroup[] = ['ED', 'IT'];

/** What a caller sees on the calendar: the exams of the groups they approve for, and their own as staff. */
export interface CalendarScope {
  sub: string;
  groups: ApproverGroup[];
  ownExams: boolean;
}

export const calendarScope = (principal: Principal): CalendarScope => ({
  sub: principal.sub,
  groups: GROUPS.filter((g) => hasRole(principal, g)),
  ownExams: hasRole(principal, 'staff'),
});

const sees = (scope: CalendarScope, b: { approvers: readonly ApproverGroup[]; ownerSub: string }) =>
  b.approvers.some((g) => scope.groups.includes(g)) || (scope.ownExams && b.ownerSub === scope.sub);

/**
 * The registrations whose exams run in `[from, to)` (epoch ms) that the scope sees, by start.
 * Reads the bookings of the UTC dates the range touches, then the registrations behind the
 * bookings the scope sees; the registration decides, not the booking (its approvers and owner as
 * they are now).
 */
export const examsBetween = async (calendar: CalendarStore, scope: CalendarScope, from: number, to: number): Promise<RegistrationRecord[]> => {
  const bookings = (await calendar.bookingsOn(utcDatesTouched(from, to))).filter((b) => sees(scope, b) && Date.parse(b.start) < to && Date.parse(b.end) > from);
  return (await calendar.registrationsOf(bookings.map((b) => b.id)))
    .filter((r) => sees(scope, { approvers: r.derived.approvers, ownerSub: r.owner.sub }))
    .sort((a, b) => Date.parse(a.form.exam.start) - Date.parse(b.form.exam.start) || a.id.localeCompare(b.id));
};

const itemOf = (r: RegistrationRecord, deps: CalendarDeps): CalendarItem => {
  const { start, end } = examInterval(r.form.exam, r.derived.additionalMinutes);
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    course: { code: r.form.course.code, name: r.form.course.name },
    exam: { type: r.form.exam.type, start: new Date(start).toISOString(), end: new Date(end).toISOString() },
    candidates: r.form.exam.candidates,
    demand: loadedExam(r, deps.staffing).demand,
  };
};

/**
 * Use case: GET /calendar?from&to. Approvers get every exam their groups decide on and the
 * groups' load against the people on duty; staff get their own exams. Dates are local dates in
 * the institution's time zone, `to` included. Reads the bookings of the UTC dates the range
 * touches (one Query per UTC month they fall in), then the registrations the caller may see.
 */
export const getCalendar = async (deps: CalendarDeps, principal: Principal, rawQuery: Record<string, string | undefined>): Promise<Calendar> => {
  const scope = calendarScope(principal);
  if (scope.groups.length === 0 && !scope.ownExams) throw new ForbiddenError('Only staff and approvers have a calendar');
  const q = parseInput(CalendarQuerySchema, rawQuery);
  const from = startOfLocalDay(q.from, deps.timeZone);
  const to = startOfLocalDay(addDays(q.to, 1), deps.timeZone);

  const records = await examsBetween(deps.calendar, scope, from, to);

  const loaded = records.map((r) => loadedExam(r, deps.staffing));
  const load = (
    await Promise.all(
      scope.groups.map(async (group) => {
        const staffing = await staffingOf(deps, group, q.from, q.to);
        return loadSteps(group, loaded, { from, to }, staffing).map((s) => ({
          group,
          from: new Date(s.from).toISOString(),
          to: new Date(s.to).toISOString(),
          committed: s.committed,
          tentative: s.tentative,
          staffOnDuty: s.staffOnDuty,
        }));
      }),
    )
  ).flat();
  return { items: records.map((r) => itemOf(r, deps)), load };
};
