import ical, { ICalEventStatus } from 'ical-generator';
import type { FeedScope } from '../contracts/calendar-feeds';
import type { RegistrationRecord } from '../ports';
import { EVENT_STATUS } from '../rules/calendar-feed';
import { type StaffingConfig, demandOf, examInterval } from '../rules/capacity';
import { statusInWords } from '../rules/lifecycle';

/** The product identifier of the feeds (RFC 5545 PRODID). */
const PROD_ID = { company: 'exam-forms', product: 'exam calendar', language: 'EN' };
/** The domain part of every UID: a registration's id is unique, so its UID is too. */
export const UID_DOMAIN = 'exam-forms';
/** How often a calendar app should fetch the feed again. */
const REFRESH_SECONDS = 60 * 60;

const STATUS = { TENTATIVE: ICalEventStatus.TENTATIVE, CONFIRMED: ICalEventStatus.CONFIRMED, CANCELLED: ICalEventStatus.CANCELLED } as const;

const KIND_WORDS: Record<RegistrationRecord['kind'], string> = { midterm: 'mid-term exam', software: 'exam with software' };

/** The stable UID of a registration's event: the same in every feed and every version of the exam. */
export const uidOf = (registrationId: string) => `${registrationId}@${UID_DOMAIN}`;

const feedName = (scope: FeedScope) => {
  const groups = scope.groups.length ? `Exams for ${scope.groups.join(' and ')}` : '';
  if (!scope.ownExams) return groups || 'Exams';
  return groups ? `${groups}, and your own` : 'Your exams';
};

/**
 * The iCalendar document (RFC 5545) of a feed: one VEVENT per exam with a stable UID, a
 * SEQUENCE that grows with every change of the exam (the registration's stored version, which
 * every change of its status or form increments: a resubmission, the round's outcome, a
 * cancellation), the STATUS its
 * registration's state maps to, start and end in UTC (the end with the extra upload time), and
 * the course code and name in SUMMARY. Approvers also read their groups' demand in DESCRIPTION.
 */
export const renderFeed = (records: readonly RegistrationRecord[], scope: FeedScope, staffing: StaffingConfig, now: Date): string => {
  const calendar = ical({ prodId: PROD_ID, name: feedName(scope), ttl: REFRESH_SECONDS });
  for (const r of records) {
    const { start, end } = examInterval(r.form.exam, r.derived.additionalMinutes);
    const groups = r.derived.approvers.filter((g) => scope.groups.includes(g));
    const description = [
      `${KIND_WORDS[r.kind][0]?.toUpperCase()}${KIND_WORDS[r.kind].slice(1)}, ${r.form.exam.type} exam, ${r.form.exam.candidates} candidates.`,
      `Status: ${statusInWords(r.status)}.`,
      ...(r.derived.additionalMinutes > 0 ? [`The end includes ${r.derived.additionalMinutes} minutes of extra upload time.`] : []),
      ...groups.map((g) => `${g} needs ${demandOf(r.form.exam, g, staffing)} on duty.`),
      `Department: ${r.form.department}. Contact: ${r.form.contact.name}.`,
    ].join('\n');
    calendar.createEvent({
      id: uidOf(r.id),
      sequence: r.version,
      stamp: now,
      lastModified: new Date(r.updatedAt),
      created: new Date(r.createdAt),
      start: new Date(start),
      end: new Date(end),
      summary: `${r.form.course.code} ${r.form.course.name} (${KIND_WORDS[r.kind]})`,
      description,
      status: STATUS[EVENT_STATUS[r.status]],
    });
  }
  return calendar.toString();
};
