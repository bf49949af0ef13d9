import { afterEach, describe, expect, it } from 'vitest';
import { LocalApiServer } from '../../local/api-server';
import type { DevAuth } from '../../local/dev-auth';
import type { LocalLambdas } from '../../local/lambda-runtime';
import { LocalStepFunctions } from '../../local/stepfunctions-local';
import { waitEndsAt } from '../../local/workflow-activity';
import { ApiClient } from '../support/api-client';
import { waitForIdle } from '../support/workflow';

/**
 * The idle probe behind GET /dev/idle, on the local Step Functions with Lambda functions this
 * test answers by hand: work in progress while a task runs or a retry interval or a short Wait
 * is pending; idle when every execution waits for its callback or a long Wait, or has ended.
 */
const FN = 'arn:aws:lambda:local:000000000000:function:Work';
const task = (next: { Next: string } | { End: true }, extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: FN, 'Payload.$': '$' },
  ...next,
  ...extra,
});
const askForToken = (next: { Next: string } | { End: true }, extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: { FunctionName: FN, Payload: { 'token.$': '$$.Task.Token' } },
  ...next,
  ...extra,
});
const retryFlaky = { Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 1 }] };
const flaky = () => Object.assign(new Error('try again'), { name: 'Flaky' });

interface Call {
  payload: { token?: string };
  release: (output?: unknown) => void;
  fail: (error: Error) => void;
}

let sfn: LocalStepFunctions | undefined;
let api: LocalApiServer | undefined;
afterEach(async () => {
  await api?.close();
  await sfn?.close();
  api = undefined;
  sfn = undefined;
});

/** The local Step Functions running `definition`; every Lambda call waits until the test settles it. */
const start = async (definition: object, input: unknown = {}) => {
  const calls: Call[] = [];
  const invoke = (_fn: string, payload: Call['payload']) => new Promise((release, fail) => calls.push({ payload, release, fail }));
  const lambdas = { invoke, invokeTask: invoke } as unknown as LocalLambdas;
  const template = {
    Resources: {
      Machine: { Type: 'AWS::StepFunctions::StateMachine', Properties: { StateMachineName: 'idle-probe', DefinitionString: JSON.stringify(definition) } },
    },
  };
  sfn = new LocalStepFunctions(template, lambdas, { dataDir: null, fastWaits: false });
  const endpoint = await sfn.listen();
  const { executionArn } = sfn.startExecution({ stateMachineArn: sfn.stateMachineArn, name: 'e1', input: JSON.stringify(input) });
  const system = sfn;
  const status = () => system.listExecutions().find((e) => e.executionArn === executionArn)?.status;
  return {
    system,
    /** Waits for the n-th Lambda call (1-based) and returns it. */
    call: (n: number) => ApiClient.eventually(async () => calls[n - 1], 5_000, `Lambda call ${n}`),
    status,
    succeeded: () => ApiClient.eventually(async () => status() === 'SUCCEEDED', 5_000, 'SUCCEEDED'),
    /** Looked at from another turn of the event loop, as an HTTP request would. */
    probe: async () => {
      await new Promise((r) => setImmediate(r));
      return system.activity();
    },
    sendTaskSuccess: (token: string) =>
      fetch(endpoint, { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.SendTaskSuccess' }, body: JSON.stringify({ taskToken: token, output: '{}' }) }),
  };
};

const IDLE = { idle: true, running: 0, waitingForCallback: 0, waitingForTimer: 0, tasks: 0 };
/** One execution with work in progress, `tasks` Lambda calls of it in flight. */
const busy = (tasks: number) => ({ idle: false, running: 1, waitingForCallback: 0, waitingForTimer: 0, tasks });

describe('the workflow idle probe', () => {
  it('is false while a task’s Lambda function runs and true once the execution has ended', async () => {
    const w = await start({ StartAt: 'Work', States: { Work: task({ End: true }) } });
    const call = await w.call(1);
    expect(await w.probe()).toEqual(busy(1));
    call.release({ ok: true });
    await w.succeeded();
    expect(await w.probe()).toEqual(IDLE);
  });

  it('is false while a retry interval is pending, with no Lambda function running', async () => {
    const w = await start({ StartAt: 'Work', States: { Work: task({ End: true }, retryFlaky) } });
    (await w.call(1)).fail(flaky());
    expect(await w.probe()).toEqual(busy(0));
    const retried = await w.call(2);
    expect(await w.probe()).toMatchObject({ idle: false, tasks: 1 });
    retried.release({ ok: true });
    await w.succeeded();
    expect(await w.probe()).toEqual(IDLE);
  });

  it('is true while the execution waits for its task token, and false again once the callback starts the next task', async () => {
    const w = await start({ StartAt: 'Ask', States: { Ask: askForToken({ Next: 'Work' }), Work: task({ End: true }) } });
    const ask = await w.call(1);
    expect(await w.probe()).toMatchObject({ idle: false, tasks: 1 });
    ask.release(null);
    expect(await w.probe()).toEqual({ ...IDLE, waitingForCallback: 1 });
    expect((await w.sendTaskSuccess(ask.payload.token as string)).status).toBe(200);
    const work = await w.call(2);
    expect(await w.probe()).toEqual(busy(1));
    work.release({});
    await w.succeeded();
    expect(await w.probe()).toEqual(IDLE);
  });

  it('is false in a Wait state due within a minute and true in one due later', async () => {
    const w = await start(
      { StartAt: 'Short', States: { Short: { Type: 'Wait', Seconds: 1, Next: 'Long' }, Long: { Type: 'Wait', SecondsPath: '$.later', End: true } } },
      { later: 3600 },
    );
    expect(await w.probe()).toEqual(busy(0));
    const parked = await ApiClient.eventually(
      async () => {
        const a = await w.probe();
        return a.idle ? a : undefined;
      },
      5_000,
      'the long Wait',
    );
    expect(parked).toEqual({ ...IDLE, waitingForTimer: 1 });
    expect(w.status()).toBe('RUNNING');
  });

  it('is false while one Map iteration waits out a retry interval and another waits for its token', async () => {
    const w = await start(
      {
        StartAt: 'Each',
        States: {
          Each: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'Ask', States: { Ask: askForToken({ End: true }, retryFlaky) } }, End: true },
        },
      },
      { items: [1, 2] },
    );
    const [first, second] = [await w.call(1), await w.call(2)];
    first.release(null);
    second.fail(flaky());
    expect(await w.probe()).toEqual(busy(0));
    (await w.call(3)).release(null);
    expect(await w.probe()).toEqual({ ...IDLE, waitingForCallback: 1 });
  });

  it('tells when a Wait state ends from its definition and input', () => {
    const now = Date.parse('2027-01-01T00:00:00Z');
    expect(waitEndsAt({ Seconds: 5 }, {}, now)).toBe(now + 5000);
    expect(waitEndsAt({ SecondsPath: '$.dispatch.waitSeconds' }, { dispatch: { waitSeconds: 2 } }, now)).toBe(now + 2000);
    expect(waitEndsAt({ TimestampPath: '$.at' }, { at: '2027-03-01T09:00:00Z' }, now)).toBe(Date.parse('2027-03-01T09:00:00Z'));
    expect(waitEndsAt({ SecondsPath: '$.items[0]' }, { items: [1] }, now)).toBeUndefined();
    expect(waitEndsAt({ Seconds: 5, InputPath: '$.x' }, {}, now)).toBeUndefined();
  });
});

describe('GET /dev/idle and waitForIdle', () => {
  it('answer what the probe says: the wait fails while a task runs and ends once it has returned', async () => {
    const w = await start({ StartAt: 'Work', States: { Work: task({ End: true }) } });
    api = new LocalApiServer({ lambdas: {} as LocalLambdas, auth: {} as DevAuth, listMail: async () => [], workflowActivity: () => w.system.activity() });
    const url = await api.listen(0);
    const call = await w.call(1);
    const res = await fetch(`${url}/dev/idle`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ idle: false, running: 1, tasks: 1 });
    await expect(waitForIdle(url, { timeoutMs: 300 })).rejects.toThrow(/the workflow to be idle.*"idle":false/);
    call.release({});
    expect(await waitForIdle(url)).toEqual(IDLE);
  });
});
