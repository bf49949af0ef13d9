import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { FUNCTIONS_DIR } from '../infra/paths';

export const LOCAL_REGION = 'local';
export const LOCAL_ACCOUNT = '000000000000';
export const localFunctionArn = (logicalId: string) => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${logicalId}`;

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** What Lambda answers when a function's reserved concurrency is in use; Step Functions names it `Lambda.TooManyRequestsException`. */
export class LambdaThrottled extends Error {
  constructor(functionName: string, limit: number) {
    super(`Rate Exceeded. ${functionName} has reserved concurrency ${limit}, all in use.`);
    this.name = 'Lambda.TooManyRequestsException';
  }
}

/** An invocation asked for after local mode began to stop. */
export class LocalLambdasStopped extends Error {
  constructor(ref: string) {
    super(`Local mode is stopping: ${ref} was not invoked`);
    this.name = 'LocalLambdasStopped';
  }
}

/**
 * Runs the project's Lambda handlers in-process. Functions are named by their logical id in
 * the synthesized template; their handler module comes from the template's metadata.
 */
export class LocalLambdas {
  private readonly loaded = new Map<string, Promise<Handler>>();
  private readonly running = new Map<string, number>();
  private readonly idOfEntry: Map<string, string>;
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = false;

  /**
   * @param reserved the reserved concurrency of functions that have one (from the template):
   * invocations through `invokeTask` beyond it are throttled as Lambda throttles them, so the
   * workflow's retry of `Lambda.TooManyRequestsException` runs locally as it runs on AWS.
   * @param timeouts each function's timeout in seconds (from the template): what its context's
   * remaining time counts down from, and what `timeoutMs` answers.
   */
  constructor(
    private readonly entries: Record<string, string>,
    private readonly reserved: Record<string, number> = {},
    private readonly timeouts: Record<string, number> = {},
  ) {
    this.idOfEntry = new Map(Object.entries(entries).map(([id, entry]) => [entry, id]));
  }

  /**
   * Accepts a function ARN, a logical id, or a handler module path (`http/get-registration.ts`,
   * as the API's routes name them); a module path is named by the function that runs it.
   */
  private resolve(ref: string): { name: string; entry: string } {
    const id = ref.startsWith('arn:') ? (ref.split(':')[6] ?? ref) : ref;
    const entry = this.entries[id];
    if (entry) return { name: id, entry };
    if (ref.endsWith('.ts')) return { name: this.idOfEntry.get(ref) ?? ref, entry: ref };
    throw new Error(`No local function ${ref}`);
  }

  /** The function's timeout in milliseconds; Lambda's default, 3 s, when the template sets none. */
  timeoutMs(ref: string): number {
    return (this.timeouts[this.resolve(ref).name] ?? 3) * 1000;
  }

  handler(ref: string): Promise<Handler> {
    if (this.stopped) return Promise.reject(new LocalLambdasStopped(ref));
    const { entry } = this.resolve(ref);
    let h = this.loaded.get(entry);
    if (!h) {
      h = import(pathToFileURL(path.join(FUNCTIONS_DIR, entry)).href).then((m: { handler: Handler }) => m.handler);
      this.loaded.set(entry, h);
    }
    return h;
  }

  /**
   * A workflow task's invocation: within the function's reserved concurrency, or refused with
   * `LambdaThrottled`. (The API's functions are invoked without it: API Gateway's own answer to a
   * throttled function is not emulated; the stage's throttling is.)
   */
  async invokeTask(ref: string, event: unknown): Promise<unknown> {
    const { name } = this.resolve(ref);
    const limit = this.reserved[name];
    if (limit === undefined) return this.invoke(ref, event);
    const running = this.running.get(name) ?? 0;
    if (running >= limit) throw new LambdaThrottled(name, limit);
    this.running.set(name, running + 1);
    try {
      return await this.invoke(ref, event);
    } finally {
      this.running.set(name, (this.running.get(name) ?? 1) - 1);
    }
  }

  /**
   * Refuses invocations from now on, and waits for those running to end (at most `waitMs`). A
   * test file's system stops before the next file's modules load: a workflow step still on its
   * way would otherwise load its handler among them, with the next file's environment.
   */
  async stop(waitMs = 2000): Promise<void> {
    this.stopped = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
  }

  invoke(ref: string, event: unknown): Promise<unknown> {
    const invocation = this.run(ref, event);
    this.inFlight.add(invocation);
    void invocation.then(
      () => this.inFlight.delete(invocation),
      () => this.inFlight.delete(invocation),
    );
    return invocation;
  }

  private async run(ref: string, event: unknown): Promise<unknown> {
    const { name } = this.resolve(ref);
    const handler = await this.handler(ref);
    const deadline = Date.now() + this.timeoutMs(ref);
    const context = {
      functionName: name,
      functionVersion: '$LATEST',
      invokedFunctionArn: localFunctionArn(name),
      memoryLimitInMB: '1024',
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${name}`,
      logStreamName: 'local',
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    } satisfies Context;
    // Lambda hands a function a fresh copy of its event, never a shared object.
    return handler(structuredClone(event), context);
  }
}
