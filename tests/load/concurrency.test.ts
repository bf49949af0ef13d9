import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Identity } from '../support/api-client';
import { IT_APPROVER, softwareBody, withExamDay } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { atScale } from '../support/scale';
import { decide, linkIdIn, listAllIds, mailsAbout, submitAndWaitForApprovers } from '../support/workflow';

/**
 * Load and races in local mode, over loopback: submissions at once (some repeating an
 * Idempotency-Key, a few reusing one with another body), and decisions racing each other on
 * many registrations at once. `npm run test:scale` sends 500 submissions and races on 20
 * registrations; `npm test` the same mix, smaller.
 */
let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem({ logLevel: 'SILENT' });
});
afterAll(async () => ctx?.system.stop());

const STAFF_COUNT = 10;
/** Submissions with a key of their own or none (5 in 8 without), keys repeated 4 times, and registrations raced on. */
const SINGLE = atScale(400, 120);
const WITHOUT_KEY = (SINGLE * 5) / 8;
const REPEATED_KEYS = atScale(25, 10);
const CONFLICTS = 10;
const RACED = atScale(20, 6);
const SUBMISSIONS = SINGLE + REPEATED_KEYS * 4;
/** The days the exams are spread over: each approval e-mail reads the exams of its hours (fixtures.ts, withExamDay). */
const EXAM_DAYS = 30;
const staff: Identity[] = Array.from({ length: STAFF_COUNT }, (_, i) => ({ sub: `load-${i}-${randomUUID()}`, email: `teacher${i}@example.edu`, groups: ['staff'] }));

const listAll = (who: Identity) => listAllIds(ctx, { as: who });

interface Planned {
  who: Identity;
  key: string | null;
  /** Requests with the same logical submission share it (same caller, key and body). */
  logical: string;
  body: Record<string, unknown>;
  /** Same key as an earlier submission, other body: must be 409. */
  conflicting: boolean;
}

describe(`${SUBMISSIONS + CONFLICTS} concurrent submissions`, () => {
  it('every accepted registration is stored once; repeated keys get the same registration; a reused key with another body is 409', async () => {
    // Warm the handlers (first import) so the burst measures requests, not module loading.
    for (const who of staff) await ctx.api.token(who);
    expect((await ctx.api.request('POST', '/registrations', { as: staff[0] as Identity, body: softwareBody() })).status).toBe(201);

    const planned: Planned[] = [];
    // Some without a key, the others with a key of their own; the exams over a month of days, as a term's are.
    for (let i = 0; i < SINGLE; i++) {
      const who = staff[i % STAFF_COUNT] as Identity;
      const key = i < WITHOUT_KEY ? null : randomUUID();
      planned.push({ who, key, logical: `single-${i}`, body: withExamDay(softwareBody({ notes: `load ${i}` }), i % EXAM_DAYS), conflicting: false });
    }
    // Keys sent 4 times each with the same body.
    for (let k = 0; k < REPEATED_KEYS; k++) {
      const who = staff[k % STAFF_COUNT] as Identity;
      const key = randomUUID();
      const body = withExamDay(softwareBody({ notes: `repeated ${k}` }), k % EXAM_DAYS);
      for (let j = 0; j < 4; j++) planned.push({ who, key, logical: `repeated-${k}`, body, conflicting: false });
    }
    // Keys of those single submissions reused at the same time with another body.
    for (const p of planned.filter((x) => x.key).slice(0, CONFLICTS)) planned.push({ ...p, body: softwareBody({ notes: 'another body' }), conflicting: true });
    expect(planned).toHaveLength(SUBMISSIONS + CONFLICTS);

    const answers = await Promise.all(
      planned.map((p) => ctx.api.request('POST', '/registrations', { as: p.who, body: p.body, headers: p.key ? { 'idempotency-key': p.key } : {} })),
    );

    const byStatus: Record<number, number> = {};
    for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
    // A conflicting request may arrive first and win its key; then the other body is the 409 one.
    const pairs = planned.map((p, i) => ({ p, a: answers[i] as (typeof answers)[number] }));
    const conflictKeys = new Set(planned.filter((p) => p.conflicting).map((p) => p.key));
    for (const key of conflictKeys) {
      const statuses = pairs
        .filter(({ p }) => p.key === key)
        .map(({ a }) => a.status)
        .sort();
      expect(statuses).toEqual([201, 409]);
    }
    for (const { p, a } of pairs) if (!conflictKeys.has(p.key)) expect({ logical: p.logical, status: a.status }).toEqual({ logical: p.logical, status: 201 });

    // The same logical submission got one id; different ones got different ids.
    const idsByLogical = new Map<string, Set<string>>();
    for (const { p, a } of pairs) {
      if (a.status !== 201) continue;
      const logical = p.conflicting ? `${p.logical}-other` : p.logical;
      idsByLogical.set(logical, (idsByLogical.get(logical) ?? new Set()).add(a.body.id));
    }
    for (const [logical, ids] of idsByLogical) expect({ logical, ids: ids.size }).toEqual({ logical, ids: 1 });
    const accepted = [...idsByLogical.values()].map((s) => [...s][0] as string);
    expect(new Set(accepted).size).toBe(accepted.length);
    expect(accepted).toHaveLength(SINGLE + REPEATED_KEYS);

    // Stored once: each owner's list holds exactly their accepted ids, no duplicates, and each has one workflow.
    const stored = (await Promise.all(staff.map(listAll))).flat();
    const warmup = 1;
    expect(stored).toHaveLength(accepted.length + warmup);
    expect(new Set(stored).size).toBe(stored.length);
    for (const id of accepted) expect(stored).toContain(id);
    const executions = ctx.system.sfn.listExecutions();
    for (const id of accepted) expect(executions.filter((e) => e.name.startsWith(id))).toHaveLength(1);

    expect(byStatus).toEqual({ 201: SUBMISSIONS, 409: CONFLICTS });
  }, 240_000);
});

describe('racing decisions', () => {
  it(`on ${RACED} registrations at once, 8 decisions each (API and e-mail link mixed): exactly one wins per registration, the others 409 (a late e-mail link 410)`, async () => {
    const owner = staff[1] as Identity;
    // The approval e-mails carry the capacity of the day, which also holds exams of the test above: give them time.
    const regs = await Promise.all(Array.from({ length: RACED }, () => submitAndWaitForApprovers(ctx, owner, softwareBody(), 90_000)));
    const links = await Promise.all(
      regs.map(async (r) => linkIdIn((await mailsAbout(ctx, r.id)).find((m) => m.subject.startsWith('[IT] Decision wanted'))?.text ?? '') as string),
    );
    const racers = regs.flatMap((r, i) =>
      Array.from({ length: 8 }, (_, j) => ({
        id: r.id,
        viaLink: j === 0,
        outcome: j === 0 || j % 2 ? 'APPROVED' : 'REJECTED',
        run: () =>
          j === 0
            ? ctx.api.request('POST', `/approval-links/${links[i]}`, { body: { decision: 'approve', comment: '' } })
            : decide(ctx, IT_APPROVER, r.id, 'IT', j % 2 ? 'approve' : 'reject', `racer ${j}`),
      })),
    );
    const results = await Promise.all(racers.map(async ({ id, viaLink, outcome, run }) => ({ id, viaLink, outcome, status: (await run()).status })));
    for (const r of regs) {
      const mine = results.filter((x) => x.id === r.id);
      expect(
        mine.filter((x) => x.status === 200),
        r.id,
      ).toHaveLength(1);
      // A losing API decision is 409; a losing e-mail link is 409, or 410 when its request had closed before it was opened.
      const losers = mine.filter((x) => x.status !== 200).map((x) => (x.viaLink && x.status === 410 ? 409 : x.status));
      expect({ id: r.id, losers }).toEqual({ id: r.id, losers: Array(7).fill(409) });
    }
    // Each registration records one decision and reaches the outcome of the winner (IT alone decides a software request).
    const winners = new Map(results.filter((x) => x.status === 200).map((x) => [x.id, x.outcome]));
    const reached = await Promise.all(
      regs.map((r) =>
        ApiClient.eventually(async () => {
          const now = (await ctx.api.request('GET', `/registrations/${r.id}`, { as: owner })).body;
          return ['APPROVED', 'REJECTED'].includes(now.status) ? now : undefined;
        }, 20_000),
      ),
    );
    expect(reached.map((now) => ({ id: now.id, status: now.status }))).toEqual(regs.map((r) => ({ id: r.id, status: winners.get(r.id) })));
    for (const now of reached) {
      const decided = now.history.filter((h: { action: string }) => h.action === 'DECIDED');
      expect(decided).toHaveLength(1);
      expect(now.approvals.find((a: { group: string }) => a.group === 'IT').state).toBe(winners.get(now.id));
    }
  }, 240_000);
});
