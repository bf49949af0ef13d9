import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StateMachine } from 'aws-local-stepfunctions';
import type { CfnTemplate } from './synthesized-app';
import { LOCAL_ACCOUNT, LOCAL_REGION, type LocalLambdas, localFunctionArn } from './lambda-runtime';
import { type LimitBreach, payloadTooLarge, watchExecutionLimits } from './service-limits';
import { ExecutionActivity, type WaitDefinition, type WorkflowActivity, waitEndsAt } from './workflow-activity';

/**
 * A local Step Functions service: the synthesized state machine definition, run by
 * aws-local-stepfunctions, behind the Step Functions JSON protocol (StartExecution,
 * DescribeExecution, StopExecution, ListExecutions, SendTaskSuccess/Failure/Heartbeat),
 * so the handlers use the real @aws-sdk/client-sfn unchanged.
 *
 * The interpreter has no task tokens: each `.waitForTaskToken` step gets a fresh token
 * here, registered before the function runs, and SendTaskSuccess/Failure settle it.
 * Executions are kept in DATA_DIR; after a restart the unfinished ones are run again from
 * the start with the same input (every workflow step is idempotent), on the definition they
 * started on: like a published state machine version on AWS, a definition stays with its
 * executions, so a deploy of a changed one does not change what waiting executions run. The limits of a Standard
 * execution (one year, 256 KB payloads, 25,000 history events) are enforced as on AWS
 * (local/service-limits.ts).
 *
 * `activity()` tells whether any execution has work in progress (GET /dev/idle): tests wait
 * for it before they check that something did not happen twice.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type State = WaitDefinition & {
  Type: string;
  Resource?: string;
  States?: Record<string, State>;
  ItemProcessor?: { States: Record<string, State> };
  Iterator?: { States: Record<string, State> };
  Branches?: { States: Record<string, State> }[];
};
type Definition = { StartAt: string; States: Record<string, State> };

/** One definition of the state machine, as a published version: what executions started on it run. */
interface MachineVersion {
  id: string;
  definition: Definition;
  machine: StateMachine;
  waitStates: Map<string, State>;
}

/** Where local mode remembers the definitions that passed validation, each by its version id. */
export const VALIDATED_DEFINITIONS_DIR = path.join(fileURLToPath(new URL('..', import.meta.url)), 'node_modules', '.cache', 'exam-forms-asl');

/** A version's id: the digest of its definition, so the same definition is the same version across restarts. */
export const definitionVersionId = (definition: unknown): string => createHash('sha256').update(JSON.stringify(definition)).digest('hex').slice(0, 16);

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';
  startDate: number;
  stopDate?: number;
  /** States entered, Map iterations included: what AWS bills a Standard workflow by. */
  transitions?: number;
  /** The definition version the execution started on (absent in records kept before versions). */
  definitionVersion?: string;
  /** The largest state input or output, in bytes (at most 256 KB on AWS). */
  largestPayloadBytes?: number;
  output?: string;
  error?: string;
  cause?: string;
}

class ProtocolError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** A task failure whose name the workflow's Retry/Catch match on, as on AWS. */
class TaskFailure extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

const TOKEN_PLACEHOLDER = '__LOCAL_TASK_TOKEN__';
/** With fast waits, the pause before retrying a throttled function (20 attempts: about ten seconds). */
const FAST_THROTTLE_RETRY_MS = 500;

/** Resolves the intrinsic functions CloudFormation would resolve in a DefinitionString. */
export const resolveDefinition = (template: CfnTemplate): { name: string; definition: Definition } => {
  const entry = Object.values(template.Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine');
  if (!entry?.Properties) throw new Error('The synthesized template has no state machine');
  const resolve = (v: unknown): string => {
    if (typeof v === 'string') return v;
    const o = v as Record<string, unknown>;
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(resolve).join(sep);
    }
    if ('Fn::GetAtt' in o) {
      const [id, attr] = o['Fn::GetAtt'] as [string, string];
      if (attr !== 'Arn') throw new Error(`Unsupported GetAtt ${id}.${attr}`);
      return localFunctionArn(id);
    }
    if ('Ref' in o) {
      const ref = o.Ref as string;
      return { 'AWS::Partition': 'aws', 'AWS::Region': LOCAL_REGION, 'AWS::AccountId': LOCAL_ACCOUNT, 'AWS::URLSuffix': 'amazonaws.com' }[ref] ?? ref;
    }
    throw new Error(`Unsupported intrinsic in definition: ${JSON.stringify(v)}`);
  };
  return {
    name: String(entry.Properties.StateMachineName),
    definition: JSON.parse(resolve(entry.Properties.DefinitionString)) as Definition,
  };
};

const forEachState = (states: Record<string, State>, visit: (name: string, s: State) => void) => {
  for (const [name, s] of Object.entries(states)) {
    visit(name, s);
    const nested = [s.ItemProcessor, s.Iterator, ...(s.Branches ?? [])].filter(Boolean) as { States: Record<string, State> }[];
    for (const n of nested) forEachState(n.States, visit);
  }
};

const replaceDeep = (value: unknown, from: string, to: string): unknown => {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((v) => replaceDeep(v, from, to));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceDeep(v, from, to)]));
  return value;
};

interface PendingTask {
  executionArn: string;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
}

export class LocalStepFunctions {
  readonly stateMachineArn: string;
  /** The version new executions start on: the definition this process was given. */
  private readonly current: MachineVersion;
  private readonly versions = new Map<string, MachineVersion>();
  private readonly definitionsFile: string | null;
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly running = new Map<string, { abort: () => void; done: Promise<void>; activity: ExecutionActivity }>();
  private readonly tasks = new Map<string, PendingTask>();
  /** Lambda invocations of workflow tasks in flight, stopped executions' included. */
  private invocations = 0;
  private readonly file: string | null;
  private server: Server | null = null;
  private closing = false;

  constructor(
    template: CfnTemplate,
    private readonly lambdas: LocalLambdas,
    private readonly options: { dataDir: string | null; fastWaits: boolean },
  ) {
    const { name, definition } = resolveDefinition(template);
    this.stateMachineArn = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;
    this.file = options.dataDir ? path.join(options.dataDir, 'stepfunctions-executions.json') : null;
    this.definitionsFile = options.dataDir ? path.join(options.dataDir, 'stepfunctions-definitions.json') : null;
    if (this.file && existsSync(this.file)) {
      for (const r of JSON.parse(readFileSync(this.file, 'utf8')) as ExecutionRecord[]) this.executions.set(r.executionArn, r);
    }
    const kept =
      this.definitionsFile && existsSync(this.definitionsFile) ? (JSON.parse(readFileSync(this.definitionsFile, 'utf8')) as Record<string, Definition>) : {};
    // Only the versions an execution still runs on are loaded again.
    const inUse = new Set([...this.executions.values()].flatMap((r) => (r.status === 'RUNNING' && r.definitionVersion ? [r.definitionVersion] : [])));
    for (const [id, d] of Object.entries(kept)) if (inUse.has(id)) this.versions.set(id, this.version(d));
    this.current = this.version(definition);
    this.versions.set(this.current.id, this.current);
  }

  /** The id of the version new executions start on. */
  get currentVersion(): string {
    return this.current.id;
  }

  private version(definition: Definition): MachineVersion {
    const waitStates = new Map<string, State>();
    forEachState(definition.States, (n, s) => s.Type === 'Wait' && waitStates.set(n, s));
    const id = definitionVersionId(definition);
    // Validating a definition against the ASL schemas compiles them first, about a third of a
    // second of CPU at every start; a definition (named by the digest of its text) that passed
    // once is not validated again.
    const validated = path.join(VALIDATED_DEFINITIONS_DIR, id);
    const known = existsSync(validated);
    // The interpreter may add to the definition it is given; the version keeps its own copy as written.
    const machine = new StateMachine(structuredClone(definition) as never, {
      validationOptions: known ? { noValidate: true } : { checkArn: true, checkPaths: true },
    });
    if (!known) {
      mkdirSync(VALIDATED_DEFINITIONS_DIR, { recursive: true });
      writeFileSync(validated, '');
    }
    return { id, definition, machine, waitStates };
  }

  /** The version an execution runs on: the one it started on; records from before versions run on the current one. */
  private versionOf(record: ExecutionRecord): MachineVersion {
    return (record.definitionVersion && this.versions.get(record.definitionVersion)) || this.current;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(port, host, resolve));
    return `http://${host}:${(this.server.address() as AddressInfo).port}`;
  }

  /** Runs again, from the start, every execution that was still running when the process stopped. */
  resumeUnfinished(): number {
    const unfinished = [...this.executions.values()].filter((r) => r.status === 'RUNNING' && !this.running.has(r.executionArn));
    for (const r of unfinished) this.run(r);
    return unfinished.length;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections?.();
    // Leave RUNNING executions as they are on disk; they resume on the next start.
    this.closing = true;
    for (const run of this.running.values()) run.abort();
    this.running.clear();
    this.tasks.clear();
  }

  /** Resolves when no execution is running (tests wait on this). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.race([...this.running.values()].map((r) => r.done));
  }

  /**
   * Whether any workflow work is in progress: a Lambda invocation, a retry interval, a Wait
   * due within a minute, an execution between two steps. An execution parked on a task token
   * (waiting for a decision) or in a longer Wait has none.
   */
  activity(): WorkflowActivity {
    const now = Date.now();
    const parkedOnToken = new Set([...this.tasks.values()].map((t) => t.executionArn));
    const counts = { running: 0, waitingForCallback: 0, waitingForTimer: 0 };
    for (const [arn, { activity }] of this.running) {
      if (activity.busy(now)) counts.running += 1;
      else if (activity.sleeping()) counts.waitingForTimer += 1;
      else if (parkedOnToken.has(arn)) counts.waitingForCallback += 1;
      else counts.running += 1; // between two steps
    }
    return { idle: counts.running === 0 && this.invocations === 0, ...counts, tasks: this.invocations };
  }

  listExecutions(): ExecutionRecord[] {
    return [...this.executions.values()];
  }

  private persist() {
    if (!this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify([...this.executions.values()]));
    renameSync(tmp, this.file);
    if (this.definitionsFile) {
      const inUse = new Set([...this.executions.values()].flatMap((r) => (r.status === 'RUNNING' && r.definitionVersion ? [r.definitionVersion] : [])));
      const definitions = Object.fromEntries([...this.versions.values()].filter((v) => inUse.has(v.id)).map((v) => [v.id, v.definition]));
      writeFileSync(`${this.definitionsFile}.tmp`, JSON.stringify(definitions));
      renameSync(`${this.definitionsFile}.tmp`, this.definitionsFile);
    }
  }

  /** Runs a task's function, counted as work in progress until it returns. */
  private invoke(activity: ExecutionActivity, fn: string, payload: unknown): Promise<unknown> {
    this.invocations += 1;
    activity.tasks += 1;
    return this.lambdas.invokeTask(fn, payload).finally(() => {
      this.invocations -= 1;
      activity.tasks -= 1;
    });
  }

  private taskHandlers(version: MachineVersion, executionArn: string, activity: ExecutionActivity) {
    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    forEachState(version.definition.States, (name, s) => {
      if (s.Type !== 'Task' || !s.Resource) return;
      const resource = s.Resource;
      if (resource.endsWith(':states:::lambda:invoke.waitForTaskToken')) {
        handlers[name] = (params) => this.waitForTaskToken(executionArn, activity, params as { FunctionName: string; Payload: unknown });
      } else if (resource.endsWith(':states:::lambda:invoke')) {
        handlers[name] = async (params) => {
          const p = params as { FunctionName: string; Payload: unknown };
          return { StatusCode: 200, Payload: (await this.invoke(activity, p.FunctionName, p.Payload)) as Json };
        };
      } else if (resource.startsWith('arn:aws:lambda:')) {
        handlers[name] = async (payload) => ((await this.invoke(activity, resource, payload)) ?? null) as Json;
      } else {
        handlers[name] = async () => {
          throw new TaskFailure('States.Runtime', `Local mode does not run the integration ${resource}`);
        };
      }
    });
    return handlers;
  }

  private waitForTaskToken(executionArn: string, activity: ExecutionActivity, params: { FunctionName: string; Payload: unknown }): Promise<Json> {
    const token = randomBytes(48).toString('base64url');
    const settled = new Promise<Json>((resolve, reject) => {
      this.tasks.set(token, { executionArn, resolve: resolve as (o: unknown) => void, reject });
    });
    // Registered before the function runs: the function may settle its own token at once.
    this.invoke(activity, params.FunctionName, replaceDeep(params.Payload, TOKEN_PLACEHOLDER, token)).catch((error: Error) => {
      const pending = this.tasks.get(token);
      this.tasks.delete(token);
      pending?.reject(error);
    });
    return settled.finally(() => this.tasks.delete(token));
  }

  private run(record: ExecutionRecord) {
    const version = this.versionOf(record);
    const activity = new ExecutionActivity((name, input) => this.waitEnd(version, name, input));
    const handlers = this.taskHandlers(version, record.executionArn, activity);
    // Fast Wait states take 1 ms, not 0: a timer lets the limits see the wait before it ends.
    const zero = (type: string, ms = 0) => {
      const o: Record<string, number> = {};
      if (this.options.fastWaits) forEachState(version.definition.States, (n, s) => s.Type === type && (o[n] = ms));
      return o;
    };
    // With fast waits, retries come at once, except Lambda's throttling: the function is busy, and
    // retrying at once would use up the attempts before it is free again.
    const retryIntervals = () => {
      const o: Record<string, number[]> = {};
      if (!this.options.fastWaits) return o;
      forEachState(version.definition.States, (n, s) => {
        const retry = (s as { Retry?: { ErrorEquals: string[] }[] }).Retry;
        if (s.Type === 'Task' && retry) o[n] = retry.map((r) => (r.ErrorEquals.includes('Lambda.TooManyRequestsException') ? FAST_THROTTLE_RETRY_MS : 0));
      });
      return o;
    };
    const execution = version.machine.run(JSON.parse(record.input) as never, {
      overrides: {
        taskResourceLocalHandlers: handlers,
        waitTimeOverrides: zero('Wait', 1),
        retryIntervalOverrides: retryIntervals(),
      },
      context: {
        Execution: { Id: record.executionArn, Name: record.name, StartTime: new Date(record.startDate).toISOString() },
        StateMachine: { Id: this.stateMachineArn, Name: this.stateMachineArn.split(':').pop() },
        Task: { Token: TOKEN_PLACEHOLDER },
      },
      noThrowOnAbort: true,
    });
    record.transitions = 0;
    const limits = this.watchLimits(version, record, execution.abort);
    const logged = (async () => {
      for await (const event of execution.eventLogs) {
        if (event.type === 'StateEntered') record.transitions = (record.transitions ?? 0) + 1;
        limits.observe(event);
        record.largestPayloadBytes = limits.largestPayloadBytes();
        activity.observe(event);
      }
    })();
    // The outcome is settled once every event was seen: a limit broken on the way decides it.
    const done = execution.result
      .then(
        async (output) => {
          await logged;
          if (record.status !== 'RUNNING' || (output === null && this.closing)) return; // stopped, a limit broken, or shutting down
          Object.assign(record, { status: 'SUCCEEDED', stopDate: Date.now(), output: JSON.stringify(output) });
        },
        async (error: Error) => {
          await logged;
          if (record.status !== 'RUNNING') return;
          const cause = (error.cause as Error | undefined) ?? error;
          Object.assign(record, { status: 'FAILED', stopDate: Date.now(), error: cause.name, cause: cause.message });
        },
      )
      .finally(() => {
        limits.stop();
        this.running.delete(record.executionArn);
        for (const [t, p] of this.tasks) if (p.executionArn === record.executionArn) this.tasks.delete(t);
        this.persist();
      });
    this.running.set(record.executionArn, { abort: execution.abort, done, activity });
  }

  /** When a Wait state entered now ends (0: at once, or not known). */
  private waitEnd(version: MachineVersion, stateName: string, input: unknown): number {
    const state = version.waitStates.get(stateName);
    return this.options.fastWaits || !state ? 0 : (waitEndsAt(state, input) ?? 0);
  }

  /** Ends the execution as AWS would when it breaks a limit of a Standard execution. */
  private watchLimits(version: MachineVersion, record: ExecutionRecord, abort: () => void) {
    const states = new Map<string, State>();
    forEachState(version.definition.States, (n, s) => states.set(n, s));
    return watchExecutionLimits({
      startDate: record.startDate,
      states,
      breach: (b: LimitBreach) => {
        if (record.status !== 'RUNNING' || this.closing) return;
        Object.assign(record, { status: b.status, stopDate: Date.now(), error: b.error, cause: b.cause });
        abort();
      },
    });
  }

  startExecution(body: { stateMachineArn?: string; name?: string; input?: string }) {
    if (body.stateMachineArn !== this.stateMachineArn)
      throw new ProtocolError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${body.stateMachineArn}'`);
    const name = body.name ?? randomUUID();
    const executionArn = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:execution:${this.stateMachineArn.split(':').pop()}:${name}`;
    const input = body.input ?? '{}';
    const existing = this.executions.get(executionArn);
    if (existing) {
      if (existing.input === input && existing.status === 'RUNNING') return { executionArn, startDate: existing.startDate / 1000 };
      throw new ProtocolError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    try {
      JSON.parse(input);
    } catch {
      throw new ProtocolError('InvalidExecutionInput', 'Invalid JSON input');
    }
    const tooLarge = payloadTooLarge('execution input', input);
    if (tooLarge) throw new ProtocolError('ValidationException', tooLarge);
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: this.stateMachineArn,
      name,
      input,
      status: 'RUNNING',
      startDate: Date.now(),
      definitionVersion: this.current.id,
    };
    this.executions.set(executionArn, record);
    this.persist();
    this.run(record);
    return { executionArn, startDate: record.startDate / 1000 };
  }

  private describe(executionArn: string) {
    const r = this.executions.get(executionArn);
    if (!r) throw new ProtocolError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return {
      executionArn: r.executionArn,
      stateMachineArn: r.stateMachineArn,
      name: r.name,
      status: r.status,
      startDate: r.startDate / 1000,
      ...(r.stopDate ? { stopDate: r.stopDate / 1000 } : {}),
      input: r.input,
      ...(r.output !== undefined ? { output: r.output } : {}),
      ...(r.error ? { error: r.error, cause: r.cause } : {}),
    };
  }

  private stop(body: { executionArn: string; error?: string; cause?: string }) {
    const r = this.executions.get(body.executionArn);
    if (!r) throw new ProtocolError('ExecutionDoesNotExist', `Execution Does Not Exist: '${body.executionArn}'`);
    if (r.status === 'RUNNING') {
      Object.assign(r, { status: 'ABORTED', stopDate: Date.now(), error: body.error, cause: body.cause });
      this.running.get(r.executionArn)?.abort();
      this.persist();
    }
    return { stopDate: (r.stopDate ?? Date.now()) / 1000 };
  }

  private settle(token: string | undefined, outcome: { output?: string; error?: string; cause?: string }, heartbeatOnly = false) {
    const pending = token ? this.tasks.get(token) : undefined;
    if (!pending) throw new ProtocolError('TaskDoesNotExist', 'Task Does Not Exist');
    if (heartbeatOnly) return {};
    const tooLarge = outcome.output !== undefined && payloadTooLarge('task output', outcome.output);
    if (tooLarge) throw new ProtocolError('ValidationException', tooLarge);
    this.tasks.delete(token as string);
    if (outcome.output !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(outcome.output);
      } catch {
        throw new ProtocolError('InvalidOutput', 'Invalid JSON output');
      }
      pending.resolve(parsed);
    } else {
      pending.reject(new TaskFailure(outcome.error ?? 'States.TaskFailed', outcome.cause ?? ''));
    }
    return {};
  }

  private dispatch(target: string, body: Record<string, unknown>): unknown {
    switch (target) {
      case 'StartExecution':
        return this.startExecution(body);
      case 'DescribeExecution':
        return this.describe(String(body.executionArn));
      case 'StopExecution':
        return this.stop(body as never);
      case 'ListExecutions':
        return {
          executions: this.listExecutions().map((r) => ({
            executionArn: r.executionArn,
            stateMachineArn: r.stateMachineArn,
            name: r.name,
            status: r.status,
            startDate: r.startDate / 1000,
          })),
        };
      case 'SendTaskSuccess':
        return this.settle(body.taskToken as string, { output: typeof body.output === 'string' ? body.output : 'null' });
      case 'SendTaskFailure':
        return this.settle(body.taskToken as string, { error: body.error as string, cause: body.cause as string });
      case 'SendTaskHeartbeat':
        return this.settle(body.taskToken as string, {}, true);
      default:
        throw new ProtocolError('UnknownOperationException', `Local Step Functions does not implement ${target}`);
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const target =
      String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    const reply = (status: number, payload: unknown, errorType?: string) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
      res.end(JSON.stringify(payload));
    };
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      reply(200, this.dispatch(target, body));
    } catch (error) {
      if (error instanceof ProtocolError) reply(400, { __type: error.type, message: error.message }, error.type);
      else reply(500, { __type: 'InternalFailure', message: (error as Error).message }, 'InternalFailure');
    }
  }
}
