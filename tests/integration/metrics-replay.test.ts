import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { IT_APPROVER, STAFF, midtermBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { submitAndWaitForApprovers } from '../support/workflow';

/**
 * A request repeated with the same Idempotency-Key gets the stored answer without running the
 * use case again; the business metrics must not count it again either (the dashboard's
 * registrations and decisions would otherwise grow with every client retry).
 */
let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  // Metrics are off in local mode unless asked for; here they are written, as on AWS.
  ctx = await startTestSystem({ env: { POWERTOOLS_METRICS_DISABLED: 'false', POWERTOOLS_METRICS_NAMESPACE: 'ExamForms/test' } });
});
afterAll(async () => ctx?.system.stop());

let written: string[] = [];
beforeEach(() => {
  written = [];
  // Powertools writes EMF with console.log in local mode and to stdout on Lambda: both are read.
  const keep = (text: string) => text.includes('"_aws"') && (written.push(text), true);
  const log = console.log.bind(console);
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    if (!keep(args.map(String).join(' '))) log(...args);
  });
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (keep(chunk.toString())) return true;
    return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  });
});
afterEach(() => vi.restoreAllMocks());

/** The sum of one metric over the EMF lines written since the test began. */
const counted = (name: string) =>
  written
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .reduce((sum, line) => sum + (typeof line[name] === 'number' ? line[name] : 0), 0);

describe('business metrics and Idempotency-Key repeats', () => {
  it('a submission repeated with its key is counted once', async () => {
    const key = randomUUID();
    const send = () => ctx.api.request('POST', '/registrations', { as: STAFF, body: midtermBody(), headers: { 'idempotency-key': key } });
    const first = await send();
    const again = await send();
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect(counted('RegistrationSubmitted')).toBe(1);

    // Without a key each request is its own submission, and each is counted.
    await ctx.api.request('POST', '/registrations', { as: STAFF, body: midtermBody() });
    expect(counted('RegistrationSubmitted')).toBe(2);
  });

  it('a decision repeated with its key is counted once', async () => {
    const registration = await submitAndWaitForApprovers(ctx, STAFF, midtermBody());
    written = [];
    const key = randomUUID();
    const decide = () =>
      ctx.api.request('POST', `/registrations/${registration.id}/decisions`, {
        as: IT_APPROVER,
        body: { group: 'IT', decision: 'approve', comment: 'Support booked' },
        headers: { 'idempotency-key': key },
      });
    const first = await decide();
    const again = await decide();
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(counted('DecisionRecorded')).toBe(1);
  });
});
