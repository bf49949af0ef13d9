import type { TaskCallbacks } from '../../shared/ports';

/**
 * The same task callbacks, with the Step Functions client loaded on first use (a chunk of its
 * own, through a dynamic import): for a step that resumes the workflow only on a rare path. The
 * approval step (request-decision) calls back only when the group has decided already (a
 * decision raced the stage change, or the step was re-driven); every other invocation mails the
 * group and waits, and its cold start need not build an SDK client it will not use.
 */
const loaded = () => import('./callbacks').then((m) => m.callbacks);

export const lazyCallbacks: TaskCallbacks = {
  succeed: async (taskToken, output) => (await loaded()).succeed(taskToken, output),
  fail: async (taskToken, error, cause) => (await loaded()).fail(taskToken, error, cause),
};
