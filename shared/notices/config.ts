import * as z from 'zod/mini';
import { StudentLetterLanguagesSchema } from '../mail/letter-languages';

/** Settings for student e-mail, validated at start-up like the rest of the configuration. */
export const NoticeConfigSchema = z.object({
  /** Candidate lists and recipient states are deleted (TTL) this many days after the exam. */
  CANDIDATE_RETENTION_DAYS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(365)), 30),
  /** Messages per second to SES (the account's sending quota). */
  MAIL_SEND_RATE: z._default(z.coerce.number().check(z.positive(), z.maximum(1000)), 10),
  /** Sends in flight at once. */
  MAIL_SEND_CONCURRENCY: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50)), 8),
  /** A claim older than this is taken to belong to a sender that died, and is sent again. */
  STALE_CLAIM_SECONDS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(3600)), 120),
  /** How long one dispatch invocation sends before handing over to the next (Lambda time limit). */
  DISPATCH_BUDGET_SECONDS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(600)), 240),
  STUDENT_LETTER_LANGUAGES: StudentLetterLanguagesSchema,
});
export type NoticeConfig = z.infer<typeof NoticeConfigSchema>;

const DAY = 24 * 3600 * 1000;

/** When personal data about a registration's students expires: the end of the exam plus the retention. */
export const personalDataExpiry = (exam: { start: string; durationMinutes: number }, retentionDays: number) =>
  Math.floor((Date.parse(exam.start) + exam.durationMinutes * 60_000 + retentionDays * DAY) / 1000);
