import type { ApproverGroup, ExamType, RegistrationStatus } from '../contracts/registration';
import { type StaffingConfig, daysBetween } from '../contracts/calendar';
import { localDate } from './exam-rules';
import { dateTimeFormat } from './date-format';

export type { StaffingConfig, StaffingRule } from '../contracts/calendar';
export { DEFAULT_STAFFING, daysBetween } from '../contracts/calendar';

/**
 * Capacity: how many people of an approving group an exam needs, the load of every exam at a
 * moment, and whether an exam fits the people on duty. Pure functions of the exams and the
 * staffing; the use cases in shared/calendar read both and call these.
 *
 * An exam occupies `[start, start + duration + extra upload time)`; it needs
 * `ceil(candidates / candidatesPerStaff)` people of each of its approving groups during all of it.
 * APPROVED exams are the committed load, PENDING_APPROVAL ones the tentative load; other
 * statuses (changes requested, rejected, cancelled, expired) load nobody.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** People of a group an exam needs while it runs. */
export const demandOf = (exam: { type: ExamType; candidates: number }, group: ApproverGroup, staffing: StaffingConfig): number =>
  Math.ceil(exam.candidates / staffing[group].candidatesPerStaff[exam.type]);

/** The exam's interval in epoch milliseconds, end exclusive, the extra upload time included. */
export const examInterval = (exam: { start: string; durationMinutes: number }, additionalMinutes: number) => {
  const start = Date.parse(exam.start);
  return { start, end: start + (exam.durationMinutes + additionalMinutes) * MINUTE };
};

export type LoadKind = 'committed' | 'tentative';
export const loadKindOf = (status: RegistrationStatus): LoadKind | null =>
  status === 'APPROVED' ? 'committed' : status === 'PENDING_APPROVAL' ? 'tentative' : null;

/** An exam as the load sees it: its interval (epoch ms, end exclusive), its status and its demand per group. */
export interface LoadedExam {
  id: string;
  start: number;
  end: number;
  status: RegistrationStatus;
  demand: Partial<Record<ApproverGroup, number>>;
}

/* ---------- Dates ---------- */

/** Adds days to a calendar date (YYYY-MM-DD), in the proleptic calendar, no time zone involved. */
export const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** Whole days from one calendar date to another. */

/** The calendar dates from `from` to `to`, both included. */
export const datesFrom = (from: string, to: string): string[] => Array.from({ length: Math.max(0, daysBetween(from, to) + 1) }, (_, i) => addDays(from, i));

/** Offset of a time zone from UTC at an instant, in milliseconds (Oslo in summer: +2 h). */
const offsetAt = (instant: number, timeZone: string): number => {
  const parts = dateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
};

/** The instant a calendar date begins in a time zone (its local midnight), in epoch ms; DST days are 23 or 25 hours long. */
export const startOfLocalDay = (date: string, timeZone: string): number => {
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  const guess = midnightUtc - offsetAt(midnightUtc, timeZone);
  return midnightUtc - offsetAt(guess, timeZone);
};

/** The local dates an interval `[start, end)` touches. */
export const localDatesTouched = (start: number, end: number, timeZone: string): string[] =>
  datesFrom(localDate(new Date(start), timeZone), localDate(new Date(Math.max(start, end - 1)), timeZone));

/** The UTC dates an interval `[start, end)` touches: the dates an exam has a calendar entry for. */
export const utcDatesTouched = (start: number, end: number): string[] =>
  datesFrom(new Date(start).toISOString().slice(0, 10), new Date(Math.max(start, end - 1)).toISOString().slice(0, 10));

/* ---------- Load ---------- */

/** People on duty of a group on each local date: the overrides, else the group's default. */
export interface Staffing {
  default: number;
  overrides: Record<string, number>;
  timeZone: string;
}
const staffOn = (staffing: Staffing, instant: number) => staffing.overrides[localDate(new Date(instant), staffing.timeZone)] ?? staffing.default;

/** One step of the load: constant over `[from, to)` (epoch ms). */
export interface LoadStep {
  from: number;
  to: number;
  committed: number;
  tentative: number;
  staffOnDuty: number;
  /** The exams that load the group during the step. */
  exams: string[];
}

/**
 * The load of a group over a window, as a step function: committed (APPROVED) and tentative
 * (pending) demand, and the people on duty, constant on each step. Steps change where an exam
 * starts or ends and at local midnight (staffing is per date); adjacent equal steps are merged
 * unless `keepExamBoundaries`.
 */
export const loadSteps = (
  group: ApproverGroup,
  exams: readonly LoadedExam[],
  window: { from: number; to: number },
  staffing: Staffing,
  opts: { keepExamBoundaries?: boolean } = {},
): LoadStep[] => {
  if (window.to <= window.from) return [];
  const relevant = exams.filter((e) => loadKindOf(e.status) && (e.demand[group] ?? 0) > 0 && e.start < window.to && e.end > window.from);
  const cuts = new Set<number>([window.from, window.to]);
  for (const e of relevant) for (const t of [e.start, e.end]) if (t > window.from && t < window.to) cuts.add(t);
  for (const date of localDatesTouched(window.from, window.to, staffing.timeZone)) {
    const t = startOfLocalDay(date, staffing.timeZone);
    if (t > window.from && t < window.to) cuts.add(t);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const steps: LoadStep[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i] as number;
    const to = points[i + 1] as number;
    const running = relevant.filter((e) => e.start <= from && e.end > from);
    const sum = (kind: LoadKind) => running.filter((e) => loadKindOf(e.status) === kind).reduce((n, e) => n + (e.demand[group] ?? 0), 0);
    const step = { from, to, committed: sum('committed'), tentative: sum('tentative'), staffOnDuty: staffOn(staffing, from), exams: running.map((e) => e.id) };
    const last = steps[steps.length - 1];
    const same = last && last.committed === step.committed && last.tentative === step.tentative && last.staffOnDuty === step.staffOnDuty;
    if (same && (!opts.keepExamBoundaries || last.exams.join() === step.exams.join())) last.to = to;
    else steps.push(step);
  }
  return steps;
};

/* ---------- Capacity of one exam ---------- */

export interface GroupCapacity {
  /** People of the group this exam needs. */
  demand: number;
  /** Highest load over this exam's interval of the approved exams plus this one. */
  committedPeak: number;
  /** The same with the pending exams counted too. */
  tentativePeak: number;
  /** The fewest people on duty during this exam's interval. */
  staffOnDuty: number;
  /** committedPeak > staffOnDuty: approving this exam needs more people than are on duty. */
  overbooked: boolean;
  /** Where the committed peak is: its first stretch, and the other approved exams that run then. */
  peak: { from: number; to: number; otherExams: number };
}

/**
 * The capacity of a group for one exam: the load of the other exams over this exam's interval,
 * with this exam's own demand added, whatever its status (an approver decides whether to add it).
 */
export const capacityOf = (
  group: ApproverGroup,
  exam: { id: string; start: number; end: number; demand: number },
  others: readonly LoadedExam[],
  staffing: Staffing,
): GroupCapacity => {
  const steps = loadSteps(
    group,
    others.filter((o) => o.id !== exam.id),
    { from: exam.start, to: exam.end },
    staffing,
    { keepExamBoundaries: true },
  );
  const committedPeak = Math.max(...steps.map((s) => s.committed)) + exam.demand;
  const tentativePeak = Math.max(...steps.map((s) => s.committed + s.tentative)) + exam.demand;
  const staffOnDuty = Math.min(...steps.map((s) => s.staffOnDuty));
  // The first stretch at the committed peak, extended over the steps that follow at the same load.
  const first = steps.findIndex((s) => s.committed + exam.demand === committedPeak);
  let last = first;
  while (steps[last + 1] && (steps[last + 1] as LoadStep).committed + exam.demand === committedPeak) last++;
  const stretch = steps.slice(first, last + 1);
  // The approved exams that make up the committed peak (pending ones are in tentativePeak).
  const committed = new Set(others.filter((o) => loadKindOf(o.status) === 'committed').map((o) => o.id));
  const others_ = new Set(stretch.flatMap((s) => s.exams).filter((id) => committed.has(id)));
  return {
    demand: exam.demand,
    committedPeak,
    tentativePeak,
    staffOnDuty,
    overbooked: committedPeak > staffOnDuty,
    peak: { from: (stretch[0] as LoadStep).from, to: (stretch[stretch.length - 1] as LoadStep).to, otherExams: others_.size },
  };
};

const GROUP_NAMES: Record<ApproverGroup, string> = { IT: 'IT', ED: 'ED' };

/** The words of the capacity summary, per language. */
const SUMMARY_WORDS = {
  en: {
    locale: 'en-GB',
    people: (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`,
    exams: (n: number) => `${n} other ${n === 1 ? 'exam runs' : 'exams run'}`,
    onDuty: (n: number) => `${n} ${n === 1 ? 'is' : 'are'} on duty`,
    at: (times: string) => `at ${times}`,
    onDay: (day: string, times: string) => `on ${day} at ${times}`,
    fromTo: (from: string, to: string) => `from ${from} to ${to}`,
    overbooked: (group: string, people: string, when: string, onDuty: string, exams: string) =>
      `Overbooked: ${group} needs ${people} ${when}; ${onDuty}; ${exams} then.`,
    wouldNeed: (group: string, people: string, onDuty: string) => `${group} would need ${people} if the pending exams are approved too; ${onDuty}.`,
  },
  nb: {
    locale: 'nb-NO',
    people: (n: number) => `${n} ${n === 1 ? 'person' : 'personer'}`,
    exams: (n: number) => `${n} ${n === 1 ? 'annen eksamen går' : 'andre eksamener går'}`,
    onDuty: (n: number) => `${n} er på vakt`,
    at: (times: string) => `kl. ${times}`,
    onDay: (day: string, times: string) => `${day} kl. ${times}`,
    fromTo: (from: string, to: string) => `fra ${from} til ${to}`,
    overbooked: (group: string, people: string, when: string, onDuty: string, exams: string) =>
      `Overbooket: ${group} trenger ${people} ${when}; ${onDuty}; ${exams} da.`,
    wouldNeed: (group: string, people: string, onDuty: string) => `${group} ville trenge ${people} om også de ventende eksamenene godkjennes; ${onDuty}.`,
  },
} as const;
export type SummaryLanguage = keyof typeof SUMMARY_WORDS;

/** A stretch of time in words, in the institution's time zone: "at 09:00–13:15", with the dates when it is not within `onDate`. */
export const stretchInWords = (from: number, to: number, timeZone: string, onDate?: string, lang: SummaryLanguage = 'en'): string => {
  const w = SUMMARY_WORDS[lang];
  const time = (t: number) => dateTimeFormat(w.locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(t));
  const day = (t: number) => dateTimeFormat(w.locale, { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(t));
  const sameDay = localDate(new Date(from), timeZone) === localDate(new Date(to - 1), timeZone);
  if (sameDay && localDate(new Date(from), timeZone) === onDate) return w.at(`${time(from)}–${time(to)}`);
  if (sameDay) return w.onDay(day(from), `${time(from)}–${time(to)}`);
  return w.fromTo(`${day(from)} ${time(from)}`, `${day(to)} ${time(to)}`);
};

/** What the summary is made from: the figures of GroupCapacity, with the committed peak's stretch. */
export type CapacityFacts = Pick<GroupCapacity, 'committedPeak' | 'tentativePeak' | 'staffOnDuty' | 'overbooked' | 'peak'>;

/**
 * What an approver should know, in plain words, or null when the exam fits: "IT needs 9 people
 * at 09:00–13:15; 6 are on duty; 4 other exams run then". When only the pending exams would
 * overbook, that is said too. In English, or in Bokmål for the Bokmål part of an e-mail.
 */
export const capacityInWords = (group: ApproverGroup, c: CapacityFacts, timeZone: string, examStart?: number, lang: SummaryLanguage = 'en'): string | null => {
  const w = SUMMARY_WORDS[lang];
  const onDate = examStart === undefined ? undefined : localDate(new Date(examStart), timeZone);
  if (c.overbooked) {
    const when = stretchInWords(c.peak.from, c.peak.to, timeZone, onDate, lang);
    return w.overbooked(GROUP_NAMES[group], w.people(c.committedPeak), when, w.onDuty(c.staffOnDuty), w.exams(c.peak.otherExams));
  }
  if (c.tentativePeak > c.staffOnDuty) return w.wouldNeed(GROUP_NAMES[group], w.people(c.tentativePeak), w.onDuty(c.staffOnDuty));
  return null;
};
