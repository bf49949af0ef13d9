import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemSchema } from '../../shared/contracts/problem';
import { IT_APPROVER, STAFF, examStartIn, midtermBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { decide, linkIdIn, mailsAbout, submitAndWaitForApprovers } from '../support/workflow';

/** Every problem answer carries a machine code (and each field error its own), as the Problem schema says. */
let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem();
});
afterAll(async () => ctx?.system.stop());

const expectProblem = (res: { status: number; headers: Headers; body: unknown }, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status, code });
  expect(ProblemSchema.safeParse(res.body).success).toBe(true);
};

describe('problem codes over HTTP', () => {
  it('400: VALIDATION_FAILED, with a code per field from the schemas and from the rules', async () => {
    const schema = await ctx.api.request('POST', '/registrations', { as: STAFF, body: { ...midtermBody(), department: '', notes: 'x'.repeat(4001) } });
    expectProblem(schema, 400, 'VALIDATION_FAILED');
    expect(schema.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'department', code: 'required', message: 'Department is required' },
        { path: 'notes', code: 'too_big', params: { maximum: 4000, origin: 'string' }, message: 'Notes may be at most 4000 characters' },
      ]),
    );

    const rule = await ctx.api.request('POST', '/registrations', {
      as: STAFF,
      body: midtermBody({ exam: { type: 'home', start: examStartIn(60), durationMinutes: 420, candidates: 20 } }),
    });
    expectProblem(rule, 400, 'VALIDATION_FAILED');
    expect(rule.body.errors).toEqual([expect.objectContaining({ path: 'exam.durationMinutes', code: 'HOME_EXAM_OVER_6_HOURS' })]);

    const unreadable = await ctx.api.request('POST', '/registrations', { as: STAFF, rawBody: '{', headers: { 'content-type': 'application/json' } });
    expectProblem(unreadable, 400, 'BAD_REQUEST');
    const notJson = await ctx.api.request('POST', '/registrations', { as: STAFF, rawBody: 'hello', headers: { 'content-type': 'text/plain' } });
    expectProblem(notJson, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('404: NOT_FOUND, for a registration and for an e-mail link', async () => {
    expectProblem(await ctx.api.request('GET', `/registrations/${randomUUID()}`, { as: STAFF }), 404, 'NOT_FOUND');
    expectProblem(await ctx.api.request('GET', '/approval-links/no-such-link'), 404, 'NOT_FOUND');
  });

  it('409: a code that says which conflict', async () => {
    const key = randomUUID();
    await ctx.api.request('POST', '/registrations', { as: STAFF, body: midtermBody(), headers: { 'idempotency-key': key } });
    const reused = await ctx.api.request('POST', '/registrations', { as: STAFF, body: midtermBody({ notes: 'other' }), headers: { 'idempotency-key': key } });
    expectProblem(reused, 409, 'IDEMPOTENCY_KEY_REUSED');

    const r = await submitAndWaitForApprovers(ctx, STAFF);
    expect((await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve')).status).toBe(200);
    expectProblem(await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve'), 409, 'ALREADY_DECIDED');

    expect((await ctx.api.request('POST', `/registrations/${r.id}/cancel`, { as: STAFF, body: {} })).status).toBe(200);
    expectProblem(await ctx.api.request('POST', `/registrations/${r.id}/cancel`, { as: STAFF, body: {} }), 409, 'CANCELLED');
    expectProblem(await ctx.api.request('PUT', `/registrations/${r.id}`, { as: STAFF, body: midtermBody() }), 409, 'CANCELLED');
  });

  it('410: a used e-mail link is LINK_USED', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    const linkId = linkIdIn((await mailsAbout(ctx, r.id)).find((m) => m.subject.startsWith('[IT]'))?.text ?? '');
    expect(linkId).toBeDefined();
    expect((await ctx.api.request('POST', `/approval-links/${linkId}`, { body: { decision: 'approve' } })).status).toBe(200);
    expectProblem(await ctx.api.request('GET', `/approval-links/${linkId}`), 410, 'LINK_USED');
  });
});
