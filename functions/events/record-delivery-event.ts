import type { SNSEvent } from 'aws-lambda';
import { recordDeliveryEvent } from '../../shared/notices/delivery-events';
import { now } from '../lib/clock';
import { notices } from '../lib/dynamodb';
import { countMetric, logger } from '../lib/observability';
import { taskHandler } from '../lib/stack-trace';

const deps = { notices, now };
const DELIVERY_METRIC = { failed: 'DeliveryFailed', bounced: 'DeliveryBounced', complained: 'DeliveryComplained' } as const;

/** SES delivery events (configuration set → SNS): bounces, complaints, rejections and rendering failures update the recipient's state. */
export const handler = taskHandler(async (event: SNSEvent) => {
  for (const record of event.Records) {
    let message: unknown;
    try {
      message = JSON.parse(record.Sns.Message);
    } catch {
      logger.warn('delivery event is not JSON', { messageId: record.Sns.MessageId });
      continue;
    }
    const outcome = await recordDeliveryEvent(deps, message);
    logger.info('delivery event', { messageId: record.Sns.MessageId, outcome });
    if (outcome !== 'ignored') countMetric(DELIVERY_METRIC[outcome], 1);
  }
});
