import { NoticeStepInputSchema } from '../../shared/contracts/workflow';
import { dispatchNotice } from '../../shared/notices/dispatch';
import { parseInput } from '../../shared/contracts/parse';
import { now } from '../lib/clock';
import { candidates, notices, queries, registrations } from '../lib/dynamodb';
import { noticeConfig } from '../lib/notices';
import { countMetric, logger } from '../lib/observability';
import { mailContext, mailer } from '../lib/ses';
import { taskHandler } from '../lib/stack-trace';

const deps = { registrations, queries, candidates, notices, mailer, mail: mailContext, config: noticeConfig, now };

/** Workflow step: send a student notice to the recipients not yet sent (counts only in the log: addresses are personal data). */
export const handler = taskHandler(async (event: unknown) => {
  const input = parseInput(NoticeStepInputSchema, event);
  const result = await dispatchNotice(deps, input);
  logger.info('notice dispatched', { registrationId: input.registrationId, noticeId: input.noticeId, ...result });
  if (result.sent > 0) countMetric('LettersSent', result.sent);
  return result;
});
