import type { StateMachine } from 'aws-local-stepfunctions';

type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

/** A Wait state due further off than this counts as parked, as a step waiting for its callback does. */
export const LONG_WAIT_MS = 60_000;

/** What GET /dev/idle answers. */
export interface WorkflowActivity {
  /** No Lambda invocation in flight and no running execution with work in progress. */
  idle: boolean;
  /** Executions with work in progress: a task, a retry interval, a Wait due within a minute. */
  running: number;
  /** Executions parked on a task token (waiting for a decision). */
  waitingForCallback: number;
  /** Executions parked in a Wait state due later than a minute from now. */
  waitingForTimer: number;
  /** Lambda invocations of workflow tasks in flight, stopped executions' included. */
  tasks: number;
}

export interface WaitDefinition {
  Seconds?: number;
  Timestamp?: string;
  SecondsPath?: string;
  TimestampPath?: string;
  InputPath?: string;
}

/** When a Wait state entered now with `input` ends, if its definition says so plainly (a `$.a.b` path at most). */
export const waitEndsAt = (s: WaitDefinition, input: unknown, now = Date.now()): number | undefined => {
  if (s.InputPath !== undefined && s.InputPath !== '$') return undefined;
  const read = (p: string | undefined) =>
    p && /^\$(\.[A-Za-z_][\w-]*)+$/.test(p)
      ? p
          .split('.')
          .slice(1)
          .reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), input)
      : undefined;
  const seconds = s.Seconds ?? read(s.SecondsPath);
  if (typeof seconds === 'number') return now + seconds * 1000;
  const at = Date.parse(String(s.Timestamp ?? read(s.TimestampPath)));
  return Number.isNaN(at) ? undefined : at;
};

const keyOf = (e: { index?: number; state: { name: string } }) => `${e.index ?? ''}/${e.state.name}`;

/**
 * What one execution is doing, told from the interpreter's event log. The interpreter moves
 * from step to step in promise callbacks; it sleeps only in Wait states and retry intervals,
 * and otherwise waits on a task (its Lambda function, counted in `tasks` by whoever runs it,
 * or a task token). Its events reach this log in promise callbacks too, so a look taken in
 * another turn of the event loop (an HTTP request) sees every sleep and every task.
 * When unsure (a Parallel branch that failed, a Wait whose end it cannot tell) it reports
 * work in progress, never idle.
 */
export class ExecutionActivity {
  /** Lambda invocations of this execution in flight. */
  tasks = 0;
  /** Wait states, and failed steps not yet retried or caught, by Map iteration and state name: until when each counts as parked (0: never). */
  private readonly steps = new Map<string, number>();
  /** From the end of a top-level Map state to the start of the next, events of its (aborted) iterations come late: ignored. */
  private iterationsOver = false;

  constructor(private readonly waitEnd: (stateName: string, input: unknown) => number) {}

  observe(event: EventLog) {
    if ('index' in event && event.index !== undefined && this.iterationsOver) return;
    const topLevelMap = 'state' in event && event.state.type === 'Map' && event.index === undefined;
    switch (event.type) {
      case 'StateEntered':
        if (topLevelMap) this.iterationsOver = false;
        if (event.state.type === 'Wait') this.steps.set(keyOf(event), this.waitEnd(event.state.name, event.state.input));
        break;
      case 'StateFailed':
        if (topLevelMap) this.endIterations();
        // A retry interval, a catch or the end of its iteration or execution follows.
        this.steps.set(keyOf(event), 0);
        break;
      case 'StateRetried':
        if (topLevelMap) this.iterationsOver = false;
        this.steps.delete(keyOf(event));
        break;
      case 'StateExited':
        if (topLevelMap) this.endIterations();
        this.steps.delete(keyOf(event));
        break;
      case 'StateCaught':
        this.steps.delete(keyOf(event));
        break;
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        this.forget((k) => k.startsWith(`${event.index}/`));
        break;
      default:
    }
  }

  /** A task, a failed step, or a Wait due within LONG_WAIT_MS of `now`. */
  busy(now: number): boolean {
    return this.tasks > 0 || [...this.steps.values()].some((until) => until - now <= LONG_WAIT_MS);
  }

  /** In a Wait state (a long one, when not busy). */
  sleeping(): boolean {
    return this.steps.size > 0;
  }

  private endIterations() {
    this.iterationsOver = true;
    this.forget((k) => !k.startsWith('/'));
  }

  private forget(which: (key: string) => boolean) {
    for (const k of [...this.steps.keys()]) if (which(k)) this.steps.delete(k);
  }
}
