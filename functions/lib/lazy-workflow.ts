import { WorkflowConfigSchema, parseEnv } from '../../shared/contracts/env';
import type { WorkflowControl } from '../../shared/ports';

// Read at load, as every function reads its settings: a missing one fails the cold start, not
// the first report during an exam.
parseEnv(WorkflowConfigSchema);

/**
 * The same workflow control, with the Step Functions client loaded on first use (a chunk of its
 * own, through a dynamic import): for a function that starts a workflow only on some of its
 * requests. An incident reported before the exam starts is mailed to the planner and starts
 * nothing; only one during the exam starts the notice workflow, so a cold start need not build
 * an SDK client a report before the start does not use.
 */
const loaded = () => import('./sfn').then((m) => m.workflow);

export const lazyWorkflow: WorkflowControl = {
  startRound: async (input) => (await loaded()).startRound(input),
  startNotices: async (registrationId, noticeId) => (await loaded()).startNotices(registrationId, noticeId),
  stopRound: async (registrationId, round, cause) => (await loaded()).stopRound(registrationId, round, cause),
};
