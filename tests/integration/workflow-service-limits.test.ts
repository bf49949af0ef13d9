import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalLambdas } from '../../local/lambda-runtime';
import { installLongTimers } from '../../local/long-timers';
import { type ExecutionRecord, LocalStepFunctions } from '../../local/stepfunctions-local';

/**
 * Local mode enforces the limits of a Standard execution as AWS does (SPEC, "Limits of the
 * deployed services"): one year, 256 KB of state input and output, 25,000 history events.
 */
const DAY = 24 * 3600 * 1000;
const started: LocalStepFunctions[] = [];
const dirs: string[] = [];

const machine = (definition: object, options: { dataDir?: string | null; fastWaits?: boolean } = {}) => {
  const template = {
    Resources: {
      Machine: { Type: 'AWS::StepFunctions::StateMachine', Properties: { StateMachineName: 'limits', DefinitionString: JSON.stringify(definition) } },
    },
  };
  const sfn = new LocalStepFunctions(template, new LocalLambdas({}), { dataDir: options.dataDir ?? null, fastWaits: options.fastWaits ?? true });
  started.push(sfn);
  return sfn;
};

const runToEnd = async (sfn: LocalStepFunctions, input: unknown): Promise<ExecutionRecord> => {
  const { executionArn } = sfn.startExecution({ stateMachineArn: sfn.stateMachineArn, input: JSON.stringify(input) });
  await sfn.idle();
  return sfn.listExecutions().find((r) => r.executionArn === executionArn) as ExecutionRecord;
};

const WAIT_UNTIL = { StartAt: 'WaitUntilDue', States: { WaitUntilDue: { Type: 'Wait', TimestampPath: '$.at', End: true } } };

afterEach(async () => {
  for (const sfn of started.splice(0)) await sfn.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('local Step Functions enforce the limits of a Standard execution', () => {
  it('an execution that would wait beyond one year times out, even with fast waits', async () => {
    const far = await runToEnd(machine(WAIT_UNTIL), { at: '2099-03-10T08:00:00Z' });
    expect(far).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(far.cause).toMatch(/one year/);

    const near = await runToEnd(machine(WAIT_UNTIL), { at: new Date(Date.now() + 300 * DAY).toISOString() });
    expect(near.status).toBe('SUCCEEDED');
  });

  it('an execution running for a year (resumed after a restart) times out', async () => {
    installLongTimers();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sfn-limits-'));
    dirs.push(dataDir);
    const first = machine({ StartAt: 'Wait', States: { Wait: { Type: 'Wait', Seconds: 3600, End: true } } }, { dataDir, fastWaits: false });
    const executionArn = `${first.stateMachineArn.replace(':stateMachine:', ':execution:')}:old`;
    const record = { executionArn, stateMachineArn: first.stateMachineArn, name: 'old', input: '{}', status: 'RUNNING', startDate: Date.now() - 366 * DAY };
    await first.close();
    writeFileSync(path.join(dataDir, 'stepfunctions-executions.json'), JSON.stringify([record]));
    const sfn = machine({ StartAt: 'Wait', States: { Wait: { Type: 'Wait', Seconds: 3600, End: true } } }, { dataDir, fastWaits: false });
    expect(sfn.resumeUnfinished()).toBe(1);
    await sfn.idle();
    expect(sfn.listExecutions()[0]).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
  });

  it('a state whose output is over 256 KB fails the execution with States.DataLimitExceeded', async () => {
    const definition = {
      StartAt: 'Double',
      States: {
        Double: {
          Type: 'Pass',
          Parameters: { 'a.$': '$.blob', 'b.$': '$.blob' },
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    };
    const big = await runToEnd(machine(definition), { blob: 'x'.repeat(150 * 1024) });
    expect(big).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    const small = await runToEnd(machine(definition), { blob: 'x'.repeat(100 * 1024) });
    expect(small.status).toBe('SUCCEEDED');
  });

  it('refuses an execution input over 256 KB', () => {
    const sfn = machine(WAIT_UNTIL);
    expect(() => sfn.startExecution({ stateMachineArn: sfn.stateMachineArn, input: JSON.stringify({ at: 'x'.repeat(257 * 1024) }) })).toThrow(/262144 bytes/);
  });

  it('an execution with more than 25,000 history events fails', async () => {
    // Each turn of the loop is four events (Pass entered and exited, Choice entered and exited).
    const loop = (turns: number) => ({
      StartAt: 'Count',
      States: {
        Count: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'More' },
        More: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericLessThan: turns, Next: 'Count' }], Default: 'Done' },
        Done: { Type: 'Succeed' },
      },
    });
    const long = await runToEnd(machine(loop(6_500)), { n: 0 });
    expect(long).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(long.cause).toMatch(/25000 events/);
    const short = await runToEnd(machine(loop(6_000)), { n: 0 });
    expect(short.status).toBe('SUCCEEDED');
  }, 120_000);
});
