/**
 * `npm run bench:letter-peak`: letters that fall due at the same moment (every exam starting at
 * 09:00 on one day has its letter due at 09:00 a week before) compete for the one mail
 * dispatcher (reserved concurrency 1). A simulation in virtual time of Lambda's throttling and
 * the workflow's Retry on `Lambda.TooManyRequestsException` (LAMBDA_THROTTLE_RETRY, full
 * jitter): how long until the last letter is sent, how many throttled attempts (each a state
 * transition) and how many executions use up their attempts: those wait DISPATCHER_BUSY_WAIT
 * (WaitForDispatcher) and queue again, so no letter is lost; each such wait is counted. Prints
 * figures; asserts nothing.
 *
 *   LETTERS (default 100 due at once), CANDIDATES (mean per letter, default 36), BIG (letters of
 *   2,000 candidates among them, default 1), MAIL_SEND_RATE (default 10/s), RUNS (default 200
 *   simulated mornings), DISPATCH_OVERHEAD_SECONDS (per run besides sending, default 1).
 */
import { DISPATCHER_BUSY_WAIT, LAMBDA_THROTTLE_RETRY } from '../infra/constructs/approval-workflow';

const LETTERS = Number(process.env.LETTERS ?? 100);
const CANDIDATES = Number(process.env.CANDIDATES ?? 36);
const BIG = Number(process.env.BIG ?? 1);
const RATE = Number(process.env.MAIL_SEND_RATE ?? 10);
const RUNS = Number(process.env.RUNS ?? 200);
const OVERHEAD = Number(process.env.DISPATCH_OVERHEAD_SECONDS ?? 1);
/** DISPATCH_BUDGET_SECONDS as deployed (infra/stacks/stateless-stack.ts). */
const BUDGET = 240;

const retry = {
  interval: LAMBDA_THROTTLE_RETRY.interval.toSeconds(),
  backoffRate: LAMBDA_THROTTLE_RETRY.backoffRate,
  maxDelay: LAMBDA_THROTTLE_RETRY.maxDelay.toSeconds(),
  maxAttempts: LAMBDA_THROTTLE_RETRY.maxAttempts,
};

let seed = 20270104;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

interface Letter {
  remaining: number;
  /** Retries used in the current entry of the DispatchNotice state (a new entry starts again at 0). */
  retries: number;
  /** Times its retries were used up and it waited for the dispatcher (WaitForDispatcher). */
  waits: number;
}

const morning = () => {
  const letters: Letter[] = Array.from({ length: LETTERS }, (_, i) => ({
    remaining: i < BIG ? 2000 : Math.max(1, Math.round(CANDIDATES * (0.3 + 1.4 * random()))),
    retries: 0,
    waits: 0,
  }));
  // Events: an attempt to invoke the dispatcher at a time, in time order.
  const queue: { at: number; letter: Letter }[] = letters.map((letter) => ({ at: random() * 2, letter }));
  let busyUntil = 0;
  let throttled = 0;
  let lastSent = 0;
  while (queue.length) {
    queue.sort((a, b) => a.at - b.at);
    const { at, letter } = queue.shift() as { at: number; letter: Letter };
    if (at < busyUntil) {
      throttled += 1;
      if (letter.retries >= retry.maxAttempts) {
        // Caught: WaitForDispatcher, then a new entry of DispatchNotice with its retries afresh.
        letter.waits += 1;
        letter.retries = 0;
        queue.push({ at: at + DISPATCHER_BUSY_WAIT.toSeconds(), letter });
        continue;
      }
      const cap = Math.min(retry.maxDelay, retry.interval * retry.backoffRate ** letter.retries);
      letter.retries += 1;
      queue.push({ at: at + random() * cap, letter });
      continue;
    }
    const sending = Math.min(letter.remaining / RATE, BUDGET);
    letter.remaining -= Math.round(sending * RATE);
    busyUntil = at + OVERHEAD + sending;
    if (letter.remaining > 0) {
      letter.retries = 0;
      queue.push({ at: busyUntil + 0.05, letter });
    } else lastSent = Math.max(lastSent, busyUntil);
  }
  return { waited: letters.filter((l) => l.waits > 0).length, waits: letters.reduce((s, l) => s + l.waits, 0), throttled, lastSent };
};

const results = Array.from({ length: RUNS }, morning);
const sum = (f: (r: ReturnType<typeof morning>) => number) => results.reduce((s, r) => s + f(r), 0);
const worst = (f: (r: ReturnType<typeof morning>) => number) => Math.max(...results.map(f));
const recipients = (LETTERS - BIG) * CANDIDATES + BIG * 2000;
const out = (line: string) => process.stdout.write(`${line}\n`);
out(`Letters due at once: ${LETTERS} (${BIG} of 2,000 candidates, the others ${CANDIDATES} on average), about ${recipients} recipients`);
out(
  `Send rate ${RATE}/s; Lambda throttle retry: ${retry.interval}s × ${retry.backoffRate}^n, at most ${retry.maxDelay}s, ${retry.maxAttempts} attempts, full jitter`,
);
out(`Sending alone takes ${(recipients / RATE / 60).toFixed(1)} min; ${RUNS} simulated mornings:`);
out(`  last letter sent after   mean ${(sum((r) => r.lastSent) / RUNS / 60).toFixed(1)} min, worst ${(worst((r) => r.lastSent) / 60).toFixed(1)} min`);
out(`  throttled invocations    mean ${Math.round(sum((r) => r.throttled) / RUNS)} (each retry is a state transition)`);
out(
  `  letters that used up their retries and waited for the dispatcher (none lost): mean ${(sum((r) => r.waited) / RUNS).toFixed(2)}, worst ${worst((r) => r.waited)}, mornings with any: ${results.filter((r) => r.waited > 0).length}/${RUNS}; waits in all: mean ${(sum((r) => r.waits) / RUNS).toFixed(1)}`,
);
