import { parseInput } from '../../shared/contracts/parse';
import { failureDetail, recordWorkflowFailure } from '../../shared/approvals/approval-steps';
import { WorkflowFailureInputSchema } from '../../shared/contracts/workflow';
import { now } from '../lib/clock';
import { registrations } from '../lib/dynamodb';
import { countMetric, logger } from '../lib/observability';
import { taskHandler } from '../lib/stack-trace';

const deps = { registrations, now };

/** Workflow step: an unexpected failure is written on the registration in plain words; its detail goes to the log. */
export const handler = taskHandler(async (event: unknown) => {
  const input = parseInput(WorkflowFailureInputSchema, event);
  logger.error('approval workflow failed', { registrationId: input.registrationId, round: input.round, ...failureDetail(input) });
  await recordWorkflowFailure(deps, input);
  countMetric('WorkflowFailed', 1);
});
