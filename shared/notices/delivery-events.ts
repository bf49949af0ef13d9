import { SesEventSchema } from '../contracts/events';
import type { Clock, NoticeStore } from '../ports';

/** What a delivery event does to its recipient: SES events that mean the student did not get the e-mail. */
const statusFor = (e: { eventType: string; bounce?: { bounceType: string } | undefined }): 'bounced' | 'complained' | 'failed' | null => {
  if (e.eventType === 'Complaint') return 'complained';
  if (e.eventType === 'Bounce' && e.bounce?.bounceType === 'Permanent') return 'bounced';
  // SES accepted the message, then refused it (a virus found) or could not render it: it never left.
  if (e.eventType === 'Reject' || e.eventType === 'Rendering Failure') return 'failed';
  return null;
};

/**
 * Records on the recipient a permanent bounce, a complaint, or a message SES rejected or could
 * not render after accepting it (the owner then sees the address among those not reached).
 * Transient bounces and delivery delays change nothing (SES keeps trying); they are logged.
 * Returns what it did, for the log.
 */
export const recordDeliveryEvent = async (deps: { notices: NoticeStore; now: Clock }, raw: unknown): Promise<'bounced' | 'complained' | 'failed' | 'ignored'> => {
  const parsed = SesEventSchema.safeParse(raw);
  if (!parsed.success) return 'ignored'; // not one of our student e-mails (e.g. an approver mail without these tags)
  const e = parsed.data;
  const status = statusFor(e);
  if (!status) return 'ignored';
  const { registration, notice, recipient } = e.mail.tags;
  const changed = await deps.notices.recordDelivery(registration, notice, recipient, status, deps.now().toISOString());
  return changed ? status : 'ignored';
};
