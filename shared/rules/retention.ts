/**
 * Personal data about an exam's students (candidate lists, recipients) is kept until the
 * end of the exam plus a retention period, then DynamoDB's TTL deletes it.
 */
const DAY = 24 * 3600 * 1000;

/** When personal data about a registration's students expires: the end of the exam plus the retention. */
export const personalDataExpiry = (exam: { start: string; durationMinutes: number }, retentionDays: number) =>
  Math.floor((Date.parse(exam.start) + exam.durationMinutes * 60_000 + retentionDays * DAY) / 1000);
