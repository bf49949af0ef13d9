import { type CatalogueRevision, REHEARSAL_DAYS_BEFORE, REHEARSAL_WARNING_DAYS, type Rehearsal } from '../contracts/catalogue';
import type { RegistrationInput, RegistrationStatus, SoftwareItem } from '../contracts/registration';
import { addDays, loadKindOf, startOfLocalDay } from './capacity';
import { localDate } from './exam-rules';

/**
 * Pure rules of a software set-up: the licence seats a catalogue entry has left while an exam
 * runs (as capacity counts people on duty), and the Safe Exam Browser allow-list of a school exam
 * with its two downloads. No I/O.
 */

/* ---------- Licence seats ---------- */

/** An exam as seat counting sees it: its interval (epoch ms, end exclusive), status and candidates. */
export interface SeatUse {
  id: string;
  start: number;
  end: number;
  status: RegistrationStatus;
  candidates: number;
}

export interface SeatCount {
  /** Highest number of candidates using the entry at one time during the exam, approved exams and this one. */
  committedPeak: number;
  /** The same with the pending exams too. */
  tentativePeak: number;
  /** The other exams that overlap this one and use the entry (approved or pending). */
  overlapping: number;
}

/**
 * Seats in use during `self`: at every moment one of the exams starts within it, the candidates of
 * the exams running then, this one included. A peak is always at a start, so these moments suffice.
 */
export const seatCount = (self: SeatUse, others: readonly SeatUse[]): SeatCount => {
  const counted = others.filter((o) => o.id !== self.id && loadKindOf(o.status) !== null && o.start < self.end && o.end > self.start);
  const moments = [self.start, ...counted.map((o) => o.start).filter((t) => t > self.start)];
  const peak = (include: (o: SeatUse) => boolean) =>
    Math.max(...moments.map((t) => self.candidates + counted.filter((o) => include(o) && o.start <= t && o.end > t).reduce((n, o) => n + o.candidates, 0)));
  return {
    committedPeak: peak((o) => loadKindOf(o.status) === 'committed'),
    tentativePeak: peak(() => true),
    overlapping: counted.length,
  };
};

/* ---------- Safe Exam Browser allow-list ---------- */

export interface AllowRule {
  /** An SEB URL filter expression. */
  expression: string;
  /** Where it comes from: the program's name, or `external` for an address of the question set. */
  source: string;
}

const runsAsWebsite = (s: SoftwareItem) => s.webService || s.platforms.includes('web');

/**
 * What Safe Exam Browser must allow on a school exam (R3: everything else is blocked): each web
 * service's patterns from its catalogue revision, or its address when it is a proposal, and the
 * external addresses of the question set; each expression once, in that order.
 */
export const allowListOf = (form: RegistrationInput, revisionOf: (item: SoftwareItem) => CatalogueRevision | null): AllowRule[] => {
  const rules: AllowRule[] = [];
  if (form.kind === 'software')
    for (const item of form.software) {
      const revision = revisionOf(item);
      if (revision) rules.push(...revision.sebUrlPatterns.map((expression) => ({ expression, source: item.name })));
      else if (runsAsWebsite(item) && item.url) rules.push({ expression: item.url, source: item.name });
    }
  rules.push(...form.questionSet.externalUrls.map((expression) => ({ expression, source: 'external' })));
  const seen = new Set<string>();
  return rules.filter((r) => !seen.has(r.expression) && seen.add(r.expression));
};

/** The allow-list as text: a comment line naming the exam, then one expression a line. */
export const allowListText = (title: string, rules: readonly AllowRule[]): string =>
  [`# Safe Exam Browser allow-list: ${title.replace(/[\r\n]+/g, ' ')}`, ...rules.map((r) => r.expression), ''].join('\n');

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The allow-list as a fragment of an SEB configuration (a property list): URL filtering on, one
 * allowing rule (`action` 1) per expression, not as regular expressions. IT merges it into the
 * exam's configuration file.
 */
export const allowListPlist = (rules: readonly AllowRule[]): string =>
  [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    '<dict>',
    '  <key>URLFilterEnable</key>',
    '  <true/>',
    '  <key>URLFilterEnableContentFilter</key>',
    '  <false/>',
    '  <key>URLFilterRules</key>',
    '  <array>',
    ...rules.flatMap((r) => [
      '    <dict>',
      '      <key>action</key>',
      '      <integer>1</integer>',
      '      <key>active</key>',
      '      <true/>',
      '      <key>expression</key>',
      `      <string>${xml(r.expression)}</string>`,
      '      <key>regex</key>',
      '      <false/>',
      '    </dict>',
    ]),
    '  </array>',
    '</dict>',
    '</plist>',
    '',
  ].join('\n');

/* ---------- Rehearsal ---------- */

/**
 * A software exam's rehearsal as shown: due by IT's date or a week before the exam (local date);
 * flagged when it failed, or when nothing is recorded a few days before its date.
 */
export const rehearsalOf = (
  exam: { start: string },
  record: (Pick<Rehearsal, 'comment' | 'recordedAt' | 'recordedBy'> & { result: 'tested' | 'failed'; dueBy: string | null }) | null,
  today: string,
  timeZone: string,
): Rehearsal => {
  const dueBy = record?.dueBy ?? addDays(localDate(exam.start, timeZone), -REHEARSAL_DAYS_BEFORE);
  const state = record?.result ?? 'missing';
  const flag = state === 'failed' ? 'failed' : state === 'missing' && today >= addDays(dueBy, -REHEARSAL_WARNING_DAYS) ? 'missing' : null;
  return { dueBy, state, comment: record?.comment ?? null, recordedAt: record?.recordedAt ?? null, recordedBy: record?.recordedBy ?? null, flag };
};

/** The local hour of the morning the rehearsal reminder goes out. */
export const REHEARSAL_REMINDER_HOUR = 8;

/**
 * When the teacher and IT are reminded of a software exam's rehearsal: in the morning
 * (REHEARSAL_REMINDER_HOUR, local time) REHEARSAL_WARNING_DAYS before the date it is due by, the
 * day the queue starts flagging it; at once when that is past but the exam has not begun; never
 * once the exam has begun. `dueBy` is IT's date, if it moved it (else a week before the exam).
 */
export const rehearsalReminderAt = (exam: { start: string }, dueBy: string | null, now: Date, timeZone: string): string | null => {
  const due = dueBy ?? addDays(localDate(exam.start, timeZone), -REHEARSAL_DAYS_BEFORE);
  const at = startOfLocalDay(addDays(due, -REHEARSAL_WARNING_DAYS), timeZone) + REHEARSAL_REMINDER_HOUR * 3_600_000;
  if (now.getTime() >= Date.parse(exam.start)) return null;
  return new Date(Math.max(at, now.getTime())).toISOString();
};

/** Why the reminder is not sent when it is due: the rehearsal was recorded as tested. A failed or missing one is reminded of. */
export const rehearsalReminderSkip = (record: { result: 'tested' | 'failed' } | null): 'tested' | null => (record?.result === 'tested' ? 'tested' : null);
