import type { Context } from 'aws-lambda';

/** A handler for tests of the local Lambda runtime: waits `ms`, then answers with the time its context says is left. */
export const handler = async (event: { ms: number }, context: Context) => {
  await new Promise((resolve) => setTimeout(resolve, event.ms));
  return { remainingMs: context.getRemainingTimeInMillis(), functionName: context.functionName };
};
