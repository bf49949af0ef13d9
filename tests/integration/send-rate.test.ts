import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { ED_APPROVER, IT_APPROVER, STAFF } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { decide, submitAndWaitForApprovers } from '../support/workflow';

/**
 * One SES send rate for the whole account: the dispatcher has reserved concurrency 1 (from the
 * synthesized template; local mode throttles a second invocation as Lambda does, and the
 * workflow retries `Lambda.TooManyRequestsException`), so letters of two registrations
 * dispatched at once together stay within MAIL_SEND_RATE.
 */
const RATE = 4;
const PER_LETTER = 20;
let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem({ env: { MAIL_SEND_RATE: String(RATE) } });
});
afterAll(async () => ctx?.system.stop());

const candidates = (prefix: string) => Array.from({ length: PER_LETTER }, (_, i) => ({ email: `${prefix}-${i}@stud.example.edu` }));

describe('the send rate is global', () => {
  it('two letters dispatched at once stay within MAIL_SEND_RATE together, and each student gets one letter', async () => {
    const regs = await Promise.all([submitAndWaitForApprovers(ctx, STAFF), submitAndWaitForApprovers(ctx, STAFF)]);
    const addresses = new Set<string>();
    for (const r of regs) {
      const list = candidates(`rate-${r.id.slice(0, 8)}`);
      for (const c of list) addresses.add(c.email);
      expect((await ctx.api.request('PUT', `/registrations/${r.id}/candidates`, { as: STAFF, body: { candidates: list } })).status).toBe(200);
      expect((await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve')).status).toBe(200);
    }
    // The last approvals, back to back: both letters become due at the same moment.
    await Promise.all(regs.map((r) => decide(ctx, ED_APPROVER, r.id, 'ED', 'approve')));
    const letters = await ApiClient.eventually(
      async () => {
        const sent = (await ctx.api.mail()).filter((m) => m.to.some((t) => addresses.has(t)));
        return sent.length >= addresses.size ? sent : undefined;
      },
      60_000,
      'every letter',
    );
    expect(letters).toHaveLength(addresses.size);
    expect(new Set(letters.flatMap((m) => m.to)).size).toBe(addresses.size);

    // A token bucket allows a second's burst per dispatcher invocation; beyond that, RATE a second overall.
    // The sink stamps a letter when it arrives: on a busy machine a send can arrive up to half a second
    // late and land in the next window (once, 35 letters in 6.00 s against 33 allowed without this).
    const ARRIVAL_JITTER_SECONDS = 0.5;
    const times = letters.map((m) => Date.parse(m.at)).sort((a, b) => a - b);
    let worst = { excess: Number.NEGATIVE_INFINITY, count: 0, seconds: 0 };
    for (let i = 0; i < times.length; i++) {
      for (let j = i; j < times.length; j++) {
        const seconds = ((times[j] as number) - (times[i] as number)) / 1000;
        const count = j - i + 1;
        const excess = count - (RATE * (seconds + ARRIVAL_JITTER_SECONDS) + 2 * RATE + 1);
        if (excess > worst.excess) worst = { excess, count, seconds };
      }
    }
    expect(worst.excess, `${worst.count} letters in ${worst.seconds.toFixed(2)} s`).toBeLessThanOrEqual(0);
    // Both dispatchers really overlapped in time, so the check above was a real one: the letters took
    // at least as long as one dispatcher at the rate would need for all of them, minus the bursts.
    expect(((times.at(-1) as number) - (times[0] as number)) / 1000).toBeGreaterThanOrEqual((addresses.size - 2 * RATE) / RATE - 0.5);
  }, 120_000);
});
