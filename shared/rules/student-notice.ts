import type { RegistrationInput } from '../contracts/registration';
import type { StudentNoticeState } from '../contracts/student-notices';

/** The notice a registration's students get after approval: the exam information letter, or the software notice. */
export const mainNoticeId = (kind: RegistrationInput['kind']) => (kind === 'midterm' ? 'letter' : 'software');

/** The reminder of a software exam's rehearsal, to the teacher and IT: a notice of its own, apart from the students' letter. */
export const REHEARSAL_NOTICE_ID = 'rehearsal';

export type RecipientCounts = Record<'pending' | 'sending' | 'sent' | 'bounced' | 'complained' | 'failed', number>;

export const NO_RECIPIENTS: RecipientCounts = { pending: 0, sending: 0, sent: 0, bounced: 0, complained: 0, failed: 0 };

/** The student-notice state shown on a registration: the letter's status and delivery counts, and the list size. */
export const studentNoticeState = (
  notice: { status: StudentNoticeState['letter']['status']; scheduledFor: string | null } | null,
  counts: RecipientCounts,
  candidates: number,
): StudentNoticeState => ({
  letter: {
    status: notice?.status ?? 'NOT_SCHEDULED',
    scheduledFor: notice?.scheduledFor ?? null,
    counts: { pending: counts.pending + counts.sending, sent: counts.sent, bounced: counts.bounced, complained: counts.complained, failed: counts.failed },
  },
  candidates,
});
