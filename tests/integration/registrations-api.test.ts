import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ED_APPROVER, IT_APPROVER, OTHER_STAFF, STAFF, midtermBody, softwareBody } from '../support/fixtures';
import type { Identity } from '../support/api-client';
import { startTestSystem } from '../support/local-system';
import { decide, submitAndWaitForApprovers, waitForStatus } from '../support/workflow';

let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem();
});
afterAll(async () => ctx?.system.stop());

const executionsOf = (id: string) => ctx.system.sfn.listExecutions().filter((e) => e.name.startsWith(id));
const submit = (who: Identity = STAFF, body: Record<string, unknown> = midtermBody(), headers: Record<string, string> = {}) =>
  ctx.api.request('POST', '/registrations', { as: who, body, headers });

describe('Idempotency-Key on POST /registrations', () => {
  it('same key and body: the same answer, stored once, one workflow', async () => {
    const key = randomUUID();
    const first = await submit(STAFF, midtermBody(), { 'idempotency-key': key });
    const second = await submit(STAFF, midtermBody(), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(executionsOf(first.body.id)).toHaveLength(1);
  });

  it('same key, another body: 409, nothing stored', async () => {
    const key = randomUUID();
    const first = await submit(STAFF, midtermBody(), { 'idempotency-key': key });
    const before = ctx.system.sfn.listExecutions().length;
    const other = await submit(STAFF, midtermBody({ notes: 'different' }), { 'idempotency-key': key });
    expect(other.status).toBe(409);
    expect(other.body.detail).toMatch(/different request body/);
    expect(ctx.system.sfn.listExecutions().length).toBe(before);
    expect(first.status).toBe(201);
  });

  it('ten identical requests at once: one registration, every answer the same', async () => {
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 10 }, () => submit(STAFF, midtermBody(), { 'idempotency-key': key })));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    expect(executionsOf([...ids][0] as string)).toHaveLength(1);
  });

  it('keys are per caller: two people may use the same key', async () => {
    const key = randomUUID();
    const a = await submit(STAFF, midtermBody(), { 'idempotency-key': key });
    const b = await submit(OTHER_STAFF, midtermBody(), { 'idempotency-key': key });
    expect(a.body.id).not.toBe(b.body.id);
  });

  it('a refused request is not remembered: the corrected body may reuse the key', async () => {
    const key = randomUUID();
    const bad = await submit(STAFF, { ...midtermBody(), department: '' }, { 'idempotency-key': key });
    expect(bad.status).toBe(400);
    const good = await submit(STAFF, midtermBody(), { 'idempotency-key': key });
    expect(good.status).toBe(201);
  });

  it('a malformed key is 400 naming the header', async () => {
    const res = await submit(STAFF, midtermBody(), { 'idempotency-key': 'ä'.repeat(3) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('Idempotency-Key');
  });

  it('a repeated decision with the same key answers 200 again instead of 409', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    const key = randomUUID();
    const body = { group: 'IT', decision: 'approve', comment: '' };
    const one = await ctx.api.request('POST', `/registrations/${r.id}/decisions`, { as: IT_APPROVER, body, headers: { 'idempotency-key': key } });
    const two = await ctx.api.request('POST', `/registrations/${r.id}/decisions`, { as: IT_APPROVER, body, headers: { 'idempotency-key': key } });
    expect([one.status, two.status]).toEqual([200, 200]);
    const without = await ctx.api.request('POST', `/registrations/${r.id}/decisions`, { as: IT_APPROVER, body });
    expect(without.status).toBe(409);
  });
});

describe('GET /registrations', () => {
  it('staff see their own registrations, newest first, in pages with an opaque token', async () => {
    const who = { sub: `lister-${randomUUID()}`, email: 'lister@example.edu', groups: ['staff'] as const };
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await submit(who, i % 2 ? softwareBody() : midtermBody())).body.id);
    const page1 = await ctx.api.request('GET', '/registrations?limit=2', { as: who });
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((r: { id: string }) => r.id)).toEqual([ids[4], ids[3]]);
    expect(page1.body.items[0].approvals.length).toBeGreaterThan(0);
    expect(page1.body.items[0].history).toBeUndefined();
    const page2 = await ctx.api.request('GET', `/registrations?limit=2&nextToken=${page1.body.nextToken}`, { as: who });
    const page3 = await ctx.api.request('GET', `/registrations?limit=2&nextToken=${page2.body.nextToken}`, { as: who });
    expect([...page2.body.items, ...page3.body.items].map((r: { id: string }) => r.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(page3.body.nextToken).toBeNull();

    const software = await ctx.api.request('GET', '/registrations?kind=software', { as: who });
    expect(software.body.items.map((r: { id: string }) => r.id)).toEqual([ids[3], ids[1]]);
    const approved = await ctx.api.request('GET', '/registrations?status=APPROVED', { as: who });
    expect(approved.body.items).toEqual([]);
  });

  it('another person’s page token is refused, not followed', async () => {
    const page = await ctx.api.request('GET', '/registrations?limit=1', { as: STAFF });
    expect(page.body.nextToken).toBeTruthy();
    const forged = await ctx.api.request('GET', `/registrations?nextToken=${page.body.nextToken}`, { as: OTHER_STAFF });
    expect(forged.status).toBe(400);
    expect(forged.body.errors[0].path).toBe('nextToken');
    const garbage = await ctx.api.request('GET', '/registrations?nextToken=%%%', { as: STAFF });
    expect(garbage.status).toBe(400);
  });

  it('approvers see what waits for their group, most urgent first, and nothing decided', async () => {
    const a = await submitAndWaitForApprovers(ctx, STAFF);
    const b = await submitAndWaitForApprovers(ctx, STAFF);
    const c = await submitAndWaitForApprovers(ctx, STAFF, softwareBody());
    const queue = async (who: typeof IT_APPROVER | typeof ED_APPROVER) => {
      const ids: string[] = [];
      const deadlines: string[] = [];
      let token: string | null = null;
      do {
        const res: { body: { items: { id: string; derived: { studentInfoDueBy: string } }[]; nextToken: string | null } } = await ctx.api.request(
          'GET',
          `/registrations?view=queue&limit=25${token ? `&nextToken=${token}` : ''}`,
          { as: who },
        );
        ids.push(...res.body.items.map((r) => r.id));
        deadlines.push(...res.body.items.map((r) => new Date(r.derived.studentInfoDueBy).toISOString()));
        token = res.body.nextToken;
      } while (token);
      expect(deadlines).toEqual([...deadlines].sort());
      return ids;
    };
    const it1 = await queue(IT_APPROVER);
    expect(it1).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
    const ed1 = await queue(ED_APPROVER);
    expect(ed1).toContain(a.id);
    expect(ed1).not.toContain(c.id);

    await decide(ctx, IT_APPROVER, a.id, 'IT', 'approve');
    expect(await queue(IT_APPROVER)).not.toContain(a.id);
    expect(await queue(ED_APPROVER)).toContain(a.id);
    await decide(ctx, ED_APPROVER, b.id, 'ED', 'reject', 'No rooms');
    await waitForStatus(ctx, STAFF, b.id, 'REJECTED');
    expect(await queue(IT_APPROVER)).not.toContain(b.id);
  });

  it.each([
    [IT_APPROVER, 'view=mine', 403],
    [STAFF, 'view=queue', 403],
    [IT_APPROVER, 'view=queue&group=ED', 403],
    [IT_APPROVER, 'view=queue&status=APPROVED', 400],
    [STAFF, 'view=decided', 403],
    [IT_APPROVER, 'view=decided&group=ED', 403],
    [IT_APPROVER, 'view=queue&from=2027-03-10&to=2027-03-01', 400],
    [STAFF, 'limit=1000', 400],
    [STAFF, 'status=DONE', 400],
    [STAFF, 'unknown=1', 400],
  ])('refuses %o asking %s with %i', async (who, query, status) => {
    expect((await ctx.api.request('GET', `/registrations?${query}`, { as: who })).status).toBe(status);
  });
});

describe('access matrix: each role against each route', () => {
  const OUTSIDER_APPROVER = { sub: 'ed-other', email: 'edo@example.edu', groups: ['ED'] as const };
  type Who = 'owner' | 'otherStaff' | 'it' | 'ed' | 'anonymous';
  const WHO: Record<Exclude<Who, 'anonymous'>, { sub: string; email: string; groups: readonly string[] }> = {
    owner: STAFF,
    otherStaff: OTHER_STAFF,
    it: IT_APPROVER,
    ed: OUTSIDER_APPROVER,
  };
  // A software request: IT decides; ED is not its approver, so ED members cannot see it.
  const cases: [string, string, (id: string) => unknown, Record<Who, number>][] = [
    ['GET', '', () => undefined, { owner: 200, otherStaff: 404, it: 200, ed: 404, anonymous: 401 }],
    ['PUT', '', () => softwareBody(), { owner: 409, otherStaff: 404, it: 403, ed: 404, anonymous: 401 }],
    // The owner sees it but is no ED member: 403. IT sees it but names ED: 403.
    ['POST', '/decisions', () => ({ group: 'ED', decision: 'approve' }), { owner: 403, otherStaff: 404, it: 403, ed: 404, anonymous: 401 }],
    ['POST', '/cancel', () => ({}), { owner: 200, otherStaff: 404, it: 403, ed: 404, anonymous: 401 }],
  ];

  it.each(cases)('%s /registrations/{id}%s', async (method, suffix, bodyOf, expected) => {
    for (const who of ['anonymous', 'otherStaff', 'it', 'ed', 'owner'] as Who[]) {
      const r = await submitAndWaitForApprovers(ctx, STAFF, softwareBody());
      const res = await ctx.api.request(method, `/registrations/${r.id}${suffix}`, {
        ...(who === 'anonymous' ? {} : { as: WHO[who] }),
        body: bodyOf(r.id),
      });
      expect({ who, status: res.status }).toEqual({ who, status: expected[who] });
    }
  });
});
