import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalLambdas } from '../../local/lambda-runtime';
import { type ExecutionRecord, LocalStepFunctions, VALIDATED_DEFINITIONS_DIR, definitionVersionId } from '../../local/stepfunctions-local';

/**
 * Deploys under waiting executions. On AWS an execution runs to its end on the state machine
 * version it started on, whatever is deployed meanwhile (the app starts executions through an
 * alias of published versions). Local mode keeps the definition with its executions the same
 * way: after a restart with a changed definition, a waiting execution finishes on its own.
 */
const dirs: string[] = [];
const started: LocalStepFunctions[] = [];
afterEach(async () => {
  for (const sfn of started.splice(0)) await sfn.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const machine = (definition: object, dataDir: string) => {
  const template = {
    Resources: { Machine: { Type: 'AWS::StepFunctions::StateMachine', Properties: { StateMachineName: 'versions', DefinitionString: JSON.stringify(definition) } } },
  };
  const sfn = new LocalStepFunctions(template, new LocalLambdas({}), { dataDir, fastWaits: false });
  started.push(sfn);
  return sfn;
};

/** The old definition waits, then says which it was; the new one renames every state and says so too. */
const OLD = { StartAt: 'WaitForIt', States: { WaitForIt: { Type: 'Wait', Seconds: 1, Next: 'Old' }, Old: { Type: 'Pass', Result: { ranOn: 'old' }, End: true } } };
const NEW = {
  StartAt: 'WaitRenamed',
  States: { WaitRenamed: { Type: 'Wait', Seconds: 1, Next: 'New' }, New: { Type: 'Pass', Result: { ranOn: 'new' }, End: true } },
};

const finished = async (sfn: LocalStepFunctions, arn: string): Promise<ExecutionRecord> => {
  await sfn.idle();
  return sfn.listExecutions().find((r) => r.executionArn === arn) as ExecutionRecord;
};

describe('an execution keeps the definition it started on', () => {
  it('started on the old definition, it finishes on it after a restart with a changed one; new executions start on the new one', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sfn-versions-'));
    dirs.push(dataDir);
    const before = machine(OLD, dataDir);
    const { executionArn } = before.startExecution({ stateMachineArn: before.stateMachineArn, name: 'waiting', input: '{}' });
    // A deploy while it waits: this process stops, the next one has the changed definition.
    await before.close();
    started.splice(started.indexOf(before), 1);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'stepfunctions-definitions.json'), 'utf8'))).toEqual({ [definitionVersionId(OLD)]: OLD });

    const after = machine(NEW, dataDir);
    expect(after.currentVersion).toBe(definitionVersionId(NEW));
    expect(after.resumeUnfinished()).toBe(1);
    const old = await finished(after, executionArn);
    expect(old).toMatchObject({ status: 'SUCCEEDED', definitionVersion: definitionVersionId(OLD) });
    expect(JSON.parse(old.output as string)).toEqual({ ranOn: 'old' });

    const fresh = after.startExecution({ stateMachineArn: after.stateMachineArn, name: 'fresh', input: '{}' });
    const record = await finished(after, fresh.executionArn);
    expect(record).toMatchObject({ status: 'SUCCEEDED', definitionVersion: definitionVersionId(NEW) });
    expect(JSON.parse(record.output as string)).toEqual({ ranOn: 'new' });
    // No execution runs on the old version any more: it is not kept.
    expect(JSON.parse(readFileSync(path.join(dataDir, 'stepfunctions-definitions.json'), 'utf8'))).toEqual({});
  });

  it('an execution kept before versions existed runs on the current definition', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sfn-versions-'));
    dirs.push(dataDir);
    const before = machine(OLD, dataDir);
    const { executionArn } = before.startExecution({ stateMachineArn: before.stateMachineArn, name: 'unversioned', input: '{}' });
    await before.close();
    started.splice(started.indexOf(before), 1);
    // As an older local mode wrote it: no version on the record, no definitions file.
    const file = path.join(dataDir, 'stepfunctions-executions.json');
    const records = (JSON.parse(readFileSync(file, 'utf8')) as ExecutionRecord[]).map(({ definitionVersion: _v, ...r }) => r);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify(records));
    rmSync(path.join(dataDir, 'stepfunctions-definitions.json'));
    expect(existsSync(path.join(dataDir, 'stepfunctions-definitions.json'))).toBe(false);

    const after = machine(NEW, dataDir);
    after.resumeUnfinished();
    const record = await finished(after, executionArn);
    expect(JSON.parse(record.output as string)).toEqual({ ranOn: 'new' });
  });
});

describe('the definition is checked against the ASL schemas once', () => {
  const marker = (definition: object) => path.join(VALIDATED_DEFINITIONS_DIR, definitionVersionId(definition));
  const dataDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sfn-validation-'));
    dirs.push(dir);
    return dir;
  };

  it('refuses a definition that is not valid ASL, and does not remember it', () => {
    // A name no other run uses, so that no earlier run has seen it.
    const broken = { Comment: randomUUID(), StartAt: 'Missing', States: { Only: { Type: 'Pass', Next: 'Nowhere' } } };
    expect(() => machine(broken, dataDir())).toThrow();
    expect(existsSync(marker(broken))).toBe(false);
  });

  it('remembers a valid one by its digest, so the next start does not compile the schemas again', () => {
    const fresh = { ...OLD, Comment: randomUUID() };
    expect(existsSync(marker(fresh))).toBe(false);
    machine(fresh, dataDir());
    expect(existsSync(marker(fresh))).toBe(true);
    // A changed definition has another digest: it is checked again.
    const changed = { ...fresh, States: { ...fresh.States, Old: { Type: 'Pass', Next: 'Gone' } } };
    expect(() => machine(changed, dataDir())).toThrow();
    rmSync(marker(fresh), { force: true });
  });
});
