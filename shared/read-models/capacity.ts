import type { Capacity } from '../contracts/calendar';
import type { ApproverGroup } from '../contracts/registration';
import type { CalendarStore, DayBooking, RegistrationRecord } from '../ports';
import {
  type LoadedExam,
  type Staffing,
  type StaffingConfig,
  capacityInWords,
  capacityOf,
  demandOf,
  examInterval,
  localDatesTouched,
  utcDatesTouched,
} from '../rules/capacity';

/**
 * Capacity as approvers see it on a registration, the queue and the approval e-mail: reads
 * the bookings of the UTC dates the exams touch (in one read of the calendar: a Query per month
 * those dates fall in, however many exams or days), the registrations among them that load the
 * groups asked about, and the groups' staffing overrides.
 */

export interface CalendarDeps {
  calendar: CalendarStore;
  staffing: StaffingConfig;
  timeZone: string;
}

type Exam = Pick<RegistrationRecord, 'id' | 'status' | 'form' | 'derived'>;

/** An exam as the load counts it, with its demand for each of its approving groups. */
export const loadedExam = (r: Exam, staffing: StaffingConfig): LoadedExam => {
  const { start, end } = examInterval(r.form.exam, r.derived.additionalMinutes);
  return { id: r.id, start, end, status: r.status, demand: Object.fromEntries(r.derived.approvers.map((g) => [g, demandOf(r.form.exam, g, staffing)])) };
};

const overlaps = (b: Pick<DayBooking, 'start' | 'end'>, start: number, end: number) => Date.parse(b.start) < end && Date.parse(b.end) > start;

/** A group's people on duty over the local dates from `from` to `to`: its overrides over the default. */
export const staffingOf = async (deps: CalendarDeps, group: ApproverGroup, from: string, to: string): Promise<Staffing> => {
  const overrides = await deps.calendar.staffing(group, from, to);
  return { default: deps.staffing[group].staffOnDuty, overrides: Object.fromEntries(overrides.map((o) => [o.date, o.staffOnDuty])), timeZone: deps.timeZone };
};

/**
 * The capacity of each exam for the groups asked (the caller's groups among its approvers).
 * Exams asked with no group are left out of the answer.
 */
export const capacityOfExams = async (deps: CalendarDeps, asked: { exam: Exam; groups: ApproverGroup[] }[]): Promise<Map<string, Capacity>> => {
  const wanted = asked.filter((a) => a.groups.length > 0).map((a) => ({ ...a, loaded: loadedExam(a.exam, deps.staffing) }));
  const out = new Map<string, Capacity>();
  if (wanted.length === 0) return out;

  const bookings = await deps.calendar.bookingsOn(wanted.flatMap((w) => utcDatesTouched(w.loaded.start, w.loaded.end)));
  const known = new Map(wanted.map((w) => [w.exam.id, w.loaded]));
  const toRead = bookings.filter(
    (b) => !known.has(b.id) && wanted.some((w) => w.groups.some((g) => b.approvers.includes(g)) && overlaps(b, w.loaded.start, w.loaded.end)),
  );
  const others = (await deps.calendar.registrationsOf(toRead.map((b) => b.id))).map((r) => loadedExam(r, deps.staffing));
  const loaded = [...known.values(), ...others];

  const groups = [...new Set(wanted.flatMap((w) => w.groups))];
  const dates = wanted.flatMap((w) => localDatesTouched(w.loaded.start, w.loaded.end, deps.timeZone)).sort();
  const staffing = new Map(
    await Promise.all(groups.map(async (g) => [g, await staffingOf(deps, g, dates[0] as string, dates[dates.length - 1] as string)] as const)),
  );

  for (const w of wanted) {
    const capacity: Capacity = {};
    for (const group of w.groups) {
      const c = capacityOf(
        group,
        { id: w.exam.id, start: w.loaded.start, end: w.loaded.end, demand: w.loaded.demand[group] ?? 0 },
        loaded,
        staffing.get(group) as Staffing,
      );
      capacity[group] = {
        demand: c.demand,
        committedPeak: c.committedPeak,
        tentativePeak: c.tentativePeak,
        staffOnDuty: c.staffOnDuty,
        overbooked: c.overbooked,
        peak: { from: new Date(c.peak.from).toISOString(), to: new Date(c.peak.to).toISOString(), otherExams: c.peak.otherExams },
        summary: capacityInWords(group, c, deps.timeZone, w.loaded.start),
      };
    }
    out.set(w.exam.id, capacity);
  }
  return out;
};
