import { describe, expect, it } from 'vitest';
import { type SeatUse, allowListPlist, rehearsalOf, rehearsalReminderAt, rehearsalReminderSkip, seatCount } from '../../shared/rules/software-setup';

/** Licence seats counted at their peak, as capacity counts people on duty; the plist fragment escapes what it holds. */
const H = 3_600_000;
const use = (id: string, from: number, to: number, candidates: number, status: SeatUse['status'] = 'APPROVED'): SeatUse => ({
  id,
  start: from * H,
  end: to * H,
  candidates,
  status,
});

describe('licence seats', () => {
  it('counts the peak, not the sum of every overlapping exam', () => {
    // 09–10 and 11–12 both overlap 09–12 but never each other: the peak is 50 + 40.
    expect(seatCount(use('self', 9, 12, 50), [use('a', 9, 10, 30), use('b', 11, 12, 40)])).toEqual({ committedPeak: 90, tentativePeak: 90, overlapping: 2 });
  });

  it('finds a peak that starts after this exam does; an exam ending as this one starts does not count', () => {
    expect(seatCount(use('self', 9, 12, 10), [use('a', 8, 9, 500), use('b', 10, 11, 20), use('c', 10.5, 11, 5)]).committedPeak).toBe(35);
  });

  it('counts pending exams only in the tentative peak, and cancelled, rejected or expired ones not at all', () => {
    const c = seatCount(use('self', 9, 11, 10), [use('p', 9, 11, 7, 'PENDING_APPROVAL'), use('x', 9, 11, 100, 'CANCELLED'), use('r', 9, 11, 100, 'REJECTED')]);
    expect(c).toEqual({ committedPeak: 10, tentativePeak: 17, overlapping: 1 });
  });
});

describe('SEB configuration fragment', () => {
  it('escapes markup in expressions', () => {
    const plist = allowListPlist([{ expression: 'https://x.no/?a=1&b=<script>"', source: 'external' }]);
    expect(plist).toContain('<string>https://x.no/?a=1&amp;b=&lt;script&gt;&quot;</string>');
    expect(plist).not.toContain('<script>');
  });
});

describe('rehearsal flag', () => {
  const exam = { start: '2027-03-10T09:00:00+01:00' };
  const record = (result: 'tested' | 'failed') => ({ result, comment: 'x', dueBy: null, recordedAt: '2027-02-01T10:00:00.000Z', recordedBy: null });
  it('is due a week before the exam; missing is flagged from three days before that date, not earlier', () => {
    expect(rehearsalOf(exam, null, '2027-02-25', 'Europe/Oslo')).toMatchObject({ dueBy: '2027-03-03', state: 'missing', flag: null });
    expect(rehearsalOf(exam, null, '2027-02-28', 'Europe/Oslo').flag).toBe('missing');
    expect(rehearsalOf(exam, null, '2027-03-09', 'Europe/Oslo').flag).toBe('missing');
  });
  it('a failed rehearsal is flagged at any time; a tested one never', () => {
    expect(rehearsalOf(exam, record('failed'), '2027-01-10', 'Europe/Oslo').flag).toBe('failed');
    expect(rehearsalOf(exam, record('tested'), '2027-03-09', 'Europe/Oslo').flag).toBeNull();
  });
  it('a date IT moved is kept', () => {
    expect(rehearsalOf(exam, { ...record('tested'), dueBy: '2027-03-08' }, '2027-03-01', 'Europe/Oslo').dueBy).toBe('2027-03-08');
  });
});

describe('rehearsal reminder', () => {
  // Exam on Wednesday 10 March 2027 at 09:00 in Oslo (CET, UTC+1): due by 3 March, reminded on 28 February at 08:00 local.
  const exam = { start: '2027-03-10T08:00:00.000Z' };
  it.each([
    { when: 'approved weeks before', dueBy: null, now: '2027-01-04T12:00:00.000Z', at: '2027-02-28T07:00:00.000Z' },
    { when: 'IT moved the date to 8 March', dueBy: '2027-03-08', now: '2027-01-04T12:00:00.000Z', at: '2027-03-05T07:00:00.000Z' },
    { when: 'across the change to summer time (due 1 April, CEST)', dueBy: '2027-04-01', now: '2027-01-04T12:00:00.000Z', at: '2027-03-29T06:00:00.000Z' },
    { when: 'approved the morning it is due, just before 08:00', dueBy: null, now: '2027-02-28T06:59:00.000Z', at: '2027-02-28T07:00:00.000Z' },
    { when: 'approved after the reminder time: at once', dueBy: null, now: '2027-03-02T10:00:00.000Z', at: '2027-03-02T10:00:00.000Z' },
    { when: 'approved after the due date, before the exam: at once', dueBy: null, now: '2027-03-09T15:00:00.000Z', at: '2027-03-09T15:00:00.000Z' },
    { when: 'the exam has begun: never', dueBy: null, now: '2027-03-10T08:00:00.000Z', at: null },
    { when: 'after the exam: never', dueBy: null, now: '2027-03-11T08:00:00.000Z', at: null },
  ])('$when → $at', ({ dueBy, now, at }) => {
    expect(rehearsalReminderAt(exam, dueBy, new Date(now), 'Europe/Oslo')).toBe(at);
  });

  it('agrees with the flag: the reminder goes the day the queue starts flagging a missing rehearsal', () => {
    const at = rehearsalReminderAt(exam, null, new Date('2027-01-04T12:00:00.000Z'), 'Europe/Oslo') as string;
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date(at));
    expect(rehearsalOf(exam, null, day, 'Europe/Oslo').flag).toBe('missing');
    expect(rehearsalOf(exam, null, '2027-02-27', 'Europe/Oslo').flag).toBeNull();
  });

  it.each([
    { recorded: 'nothing', record: null, skipped: null },
    { recorded: 'failed', record: { result: 'failed' as const }, skipped: null },
    { recorded: 'tested', record: { result: 'tested' as const }, skipped: 'tested' },
  ])('with $recorded recorded it is skipped: $skipped', ({ record, skipped }) => {
    expect(rehearsalReminderSkip(record)).toBe(skipped);
  });
});
