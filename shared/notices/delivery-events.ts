import { SesEventSchema } from '../contracts/events';
import type { Clock, NoticeStore } from '../ports';

/** Records a permanent bounce or a complaint on the recipient. Returns what it did, for the log. */
export const recordDeliveryEvent = async (deps: { notices: NoticeStore; now: Clock }, raw: unknown): Promise<'bounced' | 'complained' | 'ignored'> => {
  const parsed = SesEventSchema.safeParse(raw);
  if (!parsed.success) return 'ignored'; // not one of our student e-mails (e.g. an approver mail without these tags)
  const e = parsed.data;
  const status = e.eventType === 'Complaint' ? 'complained' : e.eventType === 'Bounce' && e.bounce?.bounceType === 'Permanent' ? 'bounced' : null;
  if (!status) return 'ignored';
  const { registration, notice, recipient } = e.mail.tags;
  const changed = await deps.notices.recordDelivery(registration, notice, recipient, status, deps.now().toISOString());
  return changed ? status : 'ignored';
};
