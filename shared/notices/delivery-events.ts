import * as z from 'zod/mini';
import type { NoticeRepository } from '../adapters/dynamodb/notice-store';

/**
 * SES delivery events (configuration set → SNS), as far as they concern us: the tags we put
 * on every student e-mail lead back to the registration, notice and recipient.
 */
const tag = z.pipe(z.array(z.string()).check(z.minLength(1)), z.transform((v) => v[0] as string));
export const SesEventSchema = z.looseObject({
  eventType: z.string(),
  mail: z.looseObject({
    tags: z.looseObject({ registration: tag, notice: tag, recipient: tag }),
  }),
  bounce: z.optional(z.looseObject({ bounceType: z.string() })),
});

/** Records a permanent bounce or a complaint on the recipient. Returns what it did, for the log. */
export const recordDeliveryEvent = async (
  deps: { notices: NoticeRepository; now: () => Date },
  raw: unknown,
): Promise<'bounced' | 'complained' | 'ignored'> => {
  const parsed = SesEventSchema.safeParse(raw);
  if (!parsed.success) return 'ignored'; // not one of our student e-mails (e.g. an approver mail without these tags)
  const e = parsed.data;
  const status = e.eventType === 'Complaint' ? 'complained' : e.eventType === 'Bounce' && e.bounce?.bounceType === 'Permanent' ? 'bounced' : null;
  if (!status) return 'ignored';
  const { registration, notice, recipient } = e.mail.tags;
  const changed = await deps.notices.recordDelivery(registration, notice, recipient, status, deps.now().toISOString());
  return changed ? status : 'ignored';
};
