import { describe, expect, it } from 'vitest';
import { StaffingConfigSchema } from '../../shared/contracts/calendar';
import { parseEnv } from '../../shared/contracts/env';
import type { RegistrationStatus } from '../../shared/contracts/registration';
import {
  DEFAULT_STAFFING,
  type LoadedExam,
  type Staffing,
  capacityInWords,
  capacityOf,
  demandOf,
  examInterval,
  loadSteps,
  localDatesTouched,
  startOfLocalDay,
  utcDatesTouched,
} from '../../shared/rules/capacity';

const TZ = 'Europe/Oslo';
const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const exam = (id: string, start: string, end: string, status: RegistrationStatus, it: number, ed?: number): LoadedExam => ({
  id,
  start: t(start),
  end: t(end),
  status,
  demand: { IT: it, ...(ed === undefined ? {} : { ED: ed }) },
});
const staffing = (def: number, overrides: Record<string, number> = {}): Staffing => ({ default: def, overrides, timeZone: TZ });

describe('demand: ceil(candidates / candidatesPerStaff) per group and exam type', () => {
  it.each([
    { type: 'school', candidates: 120, group: 'IT', demand: 3 },
    { type: 'school', candidates: 100, group: 'IT', demand: 2 },
    { type: 'school', candidates: 101, group: 'IT', demand: 3 },
    { type: 'home', candidates: 120, group: 'IT', demand: 1 },
    { type: 'school', candidates: 30, group: 'ED', demand: 1 },
    { type: 'school', candidates: 31, group: 'ED', demand: 2 },
    { type: 'home', candidates: 1, group: 'ED', demand: 1 },
    { type: 'home', candidates: 2000, group: 'ED', demand: 10 },
  ] as const)('$type exam, $candidates candidates, $group: $demand', ({ type, candidates, group, demand }) => {
    expect(demandOf({ type, candidates }, group, DEFAULT_STAFFING)).toBe(demand);
  });

  it('takes the per-group settings from STAFFING over the defaults', () => {
    const { STAFFING } = parseEnv(StaffingConfigSchema, { STAFFING: '{"IT":{"staffOnDuty":9,"candidatesPerStaff":{"school":40}}}' });
    expect(STAFFING.IT).toEqual({ staffOnDuty: 9, candidatesPerStaff: { school: 40, home: DEFAULT_STAFFING.IT.candidatesPerStaff.home } });
    expect(STAFFING.ED).toEqual(DEFAULT_STAFFING.ED);
    expect(demandOf({ type: 'school', candidates: 120 }, 'IT', STAFFING)).toBe(3);
    expect(() => parseEnv(StaffingConfigSchema, { STAFFING: '{"IT":{"staffOnDuty":-1}}' })).toThrow(/STAFFING/);
    expect(() => parseEnv(StaffingConfigSchema, { STAFFING: 'not json' })).toThrow(/STAFFING/);
  });
});

describe('an exam’s interval counts the extra upload time', () => {
  it.each([
    { start: '2027-03-10T09:00:00+01:00', minutes: 240, extra: 0, end: '2027-03-10T12:00:00.000Z' },
    { start: '2027-03-10T09:00:00+01:00', minutes: 240, extra: 15, end: '2027-03-10T12:15:00.000Z' },
    { start: '2027-03-10T22:00:00+01:00', minutes: 180, extra: 30, end: '2027-03-11T00:30:00.000Z' },
  ])('$start, $minutes min + $extra min ends $end', ({ start, minutes, extra, end }) => {
    const i = examInterval({ start, durationMinutes: minutes }, extra);
    expect(iso(i.start)).toBe(new Date(start).toISOString());
    expect(iso(i.end)).toBe(end);
  });
});

describe('days an exam touches', () => {
  it.each([
    { what: 'within a day', start: '2027-03-10T08:00:00Z', end: '2027-03-10T12:00:00Z', utc: ['2027-03-10'], local: ['2027-03-10'] },
    {
      what: 'across UTC midnight',
      start: '2027-03-10T22:00:00Z',
      end: '2027-03-11T02:00:00Z',
      utc: ['2027-03-10', '2027-03-11'],
      local: ['2027-03-10', '2027-03-11'],
    },
    { what: 'ending at midnight exactly', start: '2027-03-10T20:00:00Z', end: '2027-03-11T00:00:00Z', utc: ['2027-03-10'], local: ['2027-03-10', '2027-03-11'] },
    { what: 'after local, before UTC midnight', start: '2027-03-10T23:15:00Z', end: '2027-03-10T23:45:00Z', utc: ['2027-03-10'], local: ['2027-03-11'] },
    {
      what: 'a three-day home exam',
      start: '2027-03-10T08:00:00Z',
      end: '2027-03-12T08:00:00Z',
      utc: ['2027-03-10', '2027-03-11', '2027-03-12'],
      local: ['2027-03-10', '2027-03-11', '2027-03-12'],
    },
  ])('$what', ({ start, end, utc, local }) => {
    expect(utcDatesTouched(t(start), t(end))).toEqual(utc);
    expect(localDatesTouched(t(start), t(end), TZ)).toEqual(local);
  });

  it.each([
    { date: '2027-03-10', midnight: '2027-03-09T23:00:00.000Z', hours: 24 },
    { date: '2027-03-28', midnight: '2027-03-27T23:00:00.000Z', hours: 23 },
    { date: '2027-10-31', midnight: '2027-10-30T22:00:00.000Z', hours: 25 },
    { date: '2027-07-01', midnight: '2027-06-30T22:00:00.000Z', hours: 24 },
  ])('Oslo’s local day $date begins $midnight and lasts $hours h (DST)', ({ date, midnight, hours }) => {
    const start = startOfLocalDay(date, TZ);
    expect(iso(start)).toBe(midnight);
    const next = startOfLocalDay(new Date(t(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10), TZ);
    expect((next - start) / 3_600_000).toBe(hours);
  });
});

describe('load: a step function of committed and tentative demand', () => {
  const steps = (exams: LoadedExam[], from: string, to: string, s = staffing(6)) =>
    loadSteps('IT', exams, { from: t(from), to: t(to) }, s).map((x) => [
      iso(x.from).slice(11, 16),
      iso(x.to).slice(11, 16),
      x.committed,
      x.tentative,
      x.staffOnDuty,
    ]);

  it.each([
    {
      what: 'nothing booked',
      exams: [],
      expected: [['08:00', '16:00', 0, 0, 6]],
    },
    {
      what: 'an approved and a pending exam overlapping',
      exams: [
        exam('a', '2027-03-10T09:00:00Z', '2027-03-10T12:00:00Z', 'APPROVED', 3),
        exam('b', '2027-03-10T11:00:00Z', '2027-03-10T14:00:00Z', 'PENDING_APPROVAL', 2),
      ],
      expected: [
        ['08:00', '09:00', 0, 0, 6],
        ['09:00', '11:00', 3, 0, 6],
        ['11:00', '12:00', 3, 2, 6],
        ['12:00', '14:00', 0, 2, 6],
        ['14:00', '16:00', 0, 0, 6],
      ],
    },
    {
      what: 'two approved exams back to back (end exclusive) merge into one step',
      exams: [exam('a', '2027-03-10T09:00:00Z', '2027-03-10T12:00:00Z', 'APPROVED', 2), exam('b', '2027-03-10T12:00:00Z', '2027-03-10T15:00:00Z', 'APPROVED', 2)],
      expected: [
        ['08:00', '09:00', 0, 0, 6],
        ['09:00', '15:00', 2, 0, 6],
        ['15:00', '16:00', 0, 0, 6],
      ],
    },
    {
      what: 'rejected, cancelled, expired and changes-requested exams load nobody',
      exams: (['REJECTED', 'CANCELLED', 'EXPIRED', 'CHANGES_REQUESTED'] as const).map((s, i) => exam(`x${i}`, '2027-03-10T09:00:00Z', '2027-03-10T12:00:00Z', s, 5)),
      expected: [['08:00', '16:00', 0, 0, 6]],
    },
    {
      what: 'an exam outside the window is ignored, one sticking out is clipped',
      exams: [exam('a', '2027-03-10T05:00:00Z', '2027-03-10T07:00:00Z', 'APPROVED', 9), exam('b', '2027-03-10T06:00:00Z', '2027-03-10T10:00:00Z', 'APPROVED', 1)],
      expected: [
        ['08:00', '10:00', 1, 0, 6],
        ['10:00', '16:00', 0, 0, 6],
      ],
    },
  ])('$what', ({ exams, expected }) => {
    expect(steps(exams, '2027-03-10T08:00:00Z', '2027-03-10T16:00:00Z')).toEqual(expected);
  });

  it('counts only the demand of the group asked', () => {
    const onlyEd: LoadedExam = { id: 'e', start: t('2027-03-10T09:00:00Z'), end: t('2027-03-10T10:00:00Z'), status: 'APPROVED', demand: { ED: 4 } };
    expect(steps([onlyEd], '2027-03-10T08:00:00Z', '2027-03-10T16:00:00Z')).toEqual([['08:00', '16:00', 0, 0, 6]]);
  });

  it('an exam over midnight loads both days, and the staffing changes at local midnight', () => {
    const night = exam('n', '2027-03-10T21:00:00Z', '2027-03-11T01:00:00Z', 'APPROVED', 2);
    // Local midnight in Oslo (winter) is 23:00 UTC.
    expect(steps([night], '2027-03-10T20:00:00Z', '2027-03-11T02:00:00Z', staffing(6, { '2027-03-11': 3 }))).toEqual([
      ['20:00', '21:00', 0, 0, 6],
      ['21:00', '23:00', 2, 0, 6],
      ['23:00', '01:00', 2, 0, 3],
      ['01:00', '02:00', 0, 0, 3],
    ]);
  });

  it('on the DST day in Europe/Oslo the day’s staffing starts at its own local midnight', () => {
    // 2027-03-28 begins 23:00 UTC the day before and ends 22:00 UTC (23 hours).
    const window = { from: startOfLocalDay('2027-03-27', TZ), to: startOfLocalDay('2027-03-30', TZ) };
    const s = loadSteps('IT', [], window, staffing(6, { '2027-03-28': 2 }));
    expect(s.map((x) => [iso(x.from), iso(x.to), x.staffOnDuty])).toEqual([
      ['2027-03-26T23:00:00.000Z', '2027-03-27T23:00:00.000Z', 6],
      ['2027-03-27T23:00:00.000Z', '2027-03-28T22:00:00.000Z', 2],
      ['2027-03-28T22:00:00.000Z', '2027-03-29T22:00:00.000Z', 6],
    ]);
  });
});

describe('capacity of an exam, and overbooking', () => {
  const self = (demand: number, start = '2027-03-10T08:00:00Z', end = '2027-03-10T12:15:00Z') => ({ id: 'self', start: t(start), end: t(end), demand });

  it.each([
    {
      what: 'alone: the peaks are this exam’s own demand',
      demand: 3,
      others: [],
      staff: staffing(6),
      expected: { committedPeak: 3, tentativePeak: 3, staffOnDuty: 6, overbooked: false },
    },
    {
      what: 'exactly full is not overbooked',
      demand: 3,
      others: [exam('a', '2027-03-10T08:00:00Z', '2027-03-10T12:00:00Z', 'APPROVED', 3)],
      staff: staffing(6),
      expected: { committedPeak: 6, tentativePeak: 6, staffOnDuty: 6, overbooked: false },
    },
    {
      what: 'an approved exam overlapping in part overbooks',
      demand: 3,
      others: [exam('a', '2027-03-10T11:00:00Z', '2027-03-10T15:00:00Z', 'APPROVED', 4)],
      staff: staffing(6),
      expected: { committedPeak: 7, tentativePeak: 7, staffOnDuty: 6, overbooked: true },
    },
    {
      what: 'a pending exam counts as tentative only',
      demand: 3,
      others: [exam('p', '2027-03-10T09:00:00Z', '2027-03-10T10:00:00Z', 'PENDING_APPROVAL', 4)],
      staff: staffing(6),
      expected: { committedPeak: 3, tentativePeak: 7, staffOnDuty: 6, overbooked: false },
    },
    {
      what: 'the extra upload time is counted: an exam starting in it overlaps',
      demand: 3,
      others: [exam('a', '2027-03-10T12:00:00Z', '2027-03-10T14:00:00Z', 'APPROVED', 4)],
      staff: staffing(6),
      expected: { committedPeak: 7, tentativePeak: 7, staffOnDuty: 6, overbooked: true },
    },
    {
      what: 'an exam starting when this one ends does not overlap',
      demand: 3,
      others: [exam('a', '2027-03-10T12:15:00Z', '2027-03-10T14:00:00Z', 'APPROVED', 4)],
      staff: staffing(6),
      expected: { committedPeak: 3, tentativePeak: 3, staffOnDuty: 6, overbooked: false },
    },
    {
      what: 'this exam itself in the list is not counted twice (its own status does not matter)',
      demand: 3,
      others: [exam('self', '2027-03-10T08:00:00Z', '2027-03-10T12:15:00Z', 'APPROVED', 3)],
      staff: staffing(6),
      expected: { committedPeak: 3, tentativePeak: 3, staffOnDuty: 6, overbooked: false },
    },
    {
      what: 'over midnight the fewer people on duty of the second day count',
      demand: 4,
      others: [],
      staff: staffing(6, { '2027-03-11': 3 }),
      start: '2027-03-10T21:00:00Z',
      end: '2027-03-11T01:00:00Z',
      expected: { committedPeak: 4, tentativePeak: 4, staffOnDuty: 3, overbooked: true },
    },
  ])('$what', ({ demand, others, staff, expected, ...rest }) => {
    const c = capacityOf('IT', self(demand, (rest as { start?: string }).start, (rest as { end?: string }).end), others, staff);
    expect({ committedPeak: c.committedPeak, tentativePeak: c.tentativePeak, staffOnDuty: c.staffOnDuty, overbooked: c.overbooked }).toEqual(expected);
    expect(c.demand).toBe(demand);
  });

  it('says an overbooked slot plainly, in local time', () => {
    const others = [2, 2, 1, 1].map((d, i) => exam(`o${i}`, '2027-03-10T07:00:00Z', '2027-03-10T13:00:00Z', 'APPROVED', d));
    const c = capacityOf('IT', self(3), [...others, exam('p', '2027-03-10T07:00:00Z', '2027-03-10T13:00:00Z', 'PENDING_APPROVAL', 5)], staffing(6));
    expect(c).toMatchObject({ committedPeak: 9, tentativePeak: 14, staffOnDuty: 6, overbooked: true });
    expect(capacityInWords('IT', c, TZ, t('2027-03-10T08:00:00Z'))).toBe('Overbooked: IT needs 9 people at 09:00–13:15; 6 are on duty; 4 other exams run then.');
    expect(capacityInWords('IT', c, TZ, t('2027-03-10T08:00:00Z'), 'nb')).toBe(
      'Overbooket: IT trenger 9 personer kl. 09:00–13:15; 6 er på vakt; 4 andre eksamener går da.',
    );
  });

  it('names the stretch of the peak, with dates when it is on another day', () => {
    const late = exam('a', '2027-03-10T23:30:00Z', '2027-03-11T03:00:00Z', 'APPROVED', 5);
    const c = capacityOf('IT', self(3, '2027-03-10T21:00:00Z', '2027-03-11T02:00:00Z'), [late], staffing(6));
    expect(iso(c.peak.from)).toBe('2027-03-10T23:30:00.000Z');
    expect(iso(c.peak.to)).toBe('2027-03-11T02:00:00.000Z');
    expect(capacityInWords('IT', c, TZ, t('2027-03-10T21:00:00Z'))).toBe(
      'Overbooked: IT needs 8 people on Thu 11 Mar at 00:30–03:00; 6 are on duty; 1 other exam runs then.',
    );
    expect(capacityInWords('IT', c, TZ, t('2027-03-10T21:00:00Z'), 'nb')).toMatch(
      /^Overbooket: IT trenger 8 personer tor\.? 11\. mars?\.? kl\. 00:30–03:00; 6 er på vakt; 1 annen eksamen går da\.$/,
    );
  });

  it('warns when only the pending exams would overbook, and is silent when it fits', () => {
    const pending = exam('p', '2027-03-10T09:00:00Z', '2027-03-10T10:00:00Z', 'PENDING_APPROVAL', 4);
    expect(capacityInWords('IT', capacityOf('IT', self(3), [pending], staffing(6)), TZ)).toBe(
      'IT would need 7 people if the pending exams are approved too; 6 are on duty.',
    );
    expect(capacityInWords('IT', capacityOf('IT', self(3), [pending], staffing(6)), TZ, undefined, 'nb')).toBe(
      'IT ville trenge 7 personer om også de ventende eksamenene godkjennes; 6 er på vakt.',
    );
    expect(capacityInWords('IT', capacityOf('IT', self(3), [], staffing(6)), TZ)).toBeNull();
  });
});
