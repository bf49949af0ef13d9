/**
 * The limits of a Step Functions Standard execution, enforced in local mode as AWS enforces
 * them, so that a workflow that succeeds locally cannot fail on AWS for one of them:
 *
 * - an execution lasts at most one year (it then ends TIMED_OUT): checked against the wall
 *   clock, and against every Wait state's target, so FAST_WAITS cannot hide a wait too long;
 * - state input and output, execution input and task results are at most 256 KB (UTF-8): the
 *   state fails with States.DataLimitExceeded, which no Catch matches, so the execution fails;
 * - the execution history holds at most 25,000 events: the execution fails. The local
 *   interpreter logs fewer events than AWS records, so each state is counted as AWS records
 *   it (a Task state is five events: entered, scheduled, started, succeeded or failed, exited).
 */
export const STANDARD_EXECUTION_LIMITS = {
  maxDurationMs: 365 * 24 * 3600 * 1000,
  maxPayloadBytes: 256 * 1024,
  maxHistoryEvents: 25_000,
} as const;

export type ExecutionLimits = typeof STANDARD_EXECUTION_LIMITS;

const MAX_TIMER_MS = 2 ** 31 - 1;

/** How an execution that broke a limit ends. */
export interface LimitBreach {
  status: 'FAILED' | 'TIMED_OUT';
  error: string;
  cause: string;
}

export const payloadBytes = (value: unknown): number => Buffer.byteLength(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''), 'utf8');

export const payloadTooLarge = (what: string, value: unknown, limits: ExecutionLimits = STANDARD_EXECUTION_LIMITS): string | null => {
  const bytes = payloadBytes(value);
  return bytes > limits.maxPayloadBytes ? `The ${what} has ${bytes} bytes, more than the ${limits.maxPayloadBytes} bytes Step Functions allows` : null;
};

interface WaitState {
  Type: 'Wait';
  InputPath?: string | null;
  Seconds?: number;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
}

/** A reference path (`$`, `$.a.b`, `$.a[0]`) applied to a value. */
const atPath = (value: unknown, path: string): unknown =>
  path
    .replace(/^\$/, '')
    .split(/\.|\[(\d+)\]/)
    .filter((k) => k !== undefined && k !== '')
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);

/** When a Wait state entered at `now` with `input` would end, or null when it cannot be told. */
export const waitTarget = (state: WaitState, input: unknown, now: number): number | null => {
  const effective = state.InputPath === null ? {} : state.InputPath ? atPath(input, state.InputPath) : input;
  if (typeof state.Seconds === 'number') return now + state.Seconds * 1000;
  if (state.Timestamp) return Date.parse(state.Timestamp);
  if (state.SecondsPath) {
    const s = atPath(effective, state.SecondsPath);
    return typeof s === 'number' ? now + s * 1000 : null;
  }
  if (state.TimestampPath) {
    const t = atPath(effective, state.TimestampPath);
    return typeof t === 'string' ? Date.parse(t) : null;
  }
  return null;
};

type StateLike = { Type: string };
type LoggedEvent = { type: string; state?: { name: string; type: string; input?: unknown; output?: unknown } };

/** History events AWS records for one event of the local interpreter. */
const historyEventsOf = (event: LoggedEvent): number => {
  if (event.type === 'StateEntered' && event.state?.type === 'Task') return 4; // entered, scheduled, started, succeeded/failed
  if (event.type === 'StateEntered' && (event.state?.type === 'Map' || event.state?.type === 'Parallel')) return 2; // entered, started
  if (event.type === 'StateRetried') return 3; // scheduled, started, failed again
  return 1;
};

/**
 * Watches one execution: `observe` each event of the interpreter's log; `breach` is called
 * once, with how the execution ends, when a limit is broken. `stop` clears the duration timer.
 */
export const watchExecutionLimits = (options: {
  startDate: number;
  states: Map<string, StateLike>;
  breach: (b: LimitBreach) => void;
  limits?: ExecutionLimits;
  now?: () => number;
}) => {
  const limits = options.limits ?? STANDARD_EXECUTION_LIMITS;
  const now = options.now ?? Date.now;
  const deadline = options.startDate + limits.maxDurationMs;
  let events = 1; // ExecutionStarted
  let broken = false;
  /** The largest state input or output seen so far, in bytes. */
  let largest = 0;
  const breach = (b: LimitBreach) => {
    if (broken) return;
    broken = true;
    clearTimeout(timer);
    options.breach(b);
  };
  const timedOut = (cause: string) => breach({ status: 'TIMED_OUT', error: 'States.Timeout', cause });
  // Node's timers hold at most about 24.8 days: wait in steps of that until the year is over.
  let timer: ReturnType<typeof setTimeout>;
  const arm = () => {
    const left = deadline - now();
    timer = setTimeout(
      () => (deadline - now() <= 0 ? timedOut('The execution ran for one year, the most a Standard execution may') : arm()),
      Math.min(MAX_TIMER_MS, Math.max(0, left)),
    );
    (timer as { unref?: () => void }).unref?.();
  };
  arm();

  return {
    observe(event: LoggedEvent) {
      if (broken) return;
      events += historyEventsOf(event);
      if (events > limits.maxHistoryEvents) {
        breach({
          status: 'FAILED',
          error: 'States.Runtime',
          cause: `The execution history reached ${limits.maxHistoryEvents} events, the most Step Functions keeps`,
        });
        return;
      }
      const s = event.state;
      if (!s) return;
      const payload = event.type === 'StateEntered' ? s.input : event.type === 'StateExited' ? s.output : undefined;
      const bytes = payload === undefined ? 0 : payloadBytes(payload);
      largest = Math.max(largest, bytes);
      const tooLarge =
        bytes > limits.maxPayloadBytes &&
        `The ${event.type === 'StateEntered' ? 'input' : 'output'} of state ${s.name} has ${bytes} bytes, more than the ${limits.maxPayloadBytes} bytes Step Functions allows`;
      if (tooLarge) {
        breach({ status: 'FAILED', error: 'States.DataLimitExceeded', cause: tooLarge });
        return;
      }
      if (event.type === 'StateEntered' && s.type === 'Wait') {
        const until = waitTarget(options.states.get(s.name) as WaitState, s.input, now());
        if (until !== null && until > deadline) {
          timedOut(
            `State ${s.name} waits until ${new Date(until).toISOString()}, after the one year a Standard execution may last (it started ${new Date(options.startDate).toISOString()})`,
          );
        }
      }
    },
    stop() {
      clearTimeout(timer);
    },
    /** The largest state input or output of the execution so far, in bytes (what grows if a collection passes through state). */
    largestPayloadBytes: () => largest,
  };
};
