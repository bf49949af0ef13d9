import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Identity } from '../support/api-client';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { IT_APPROVER, softwareBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { decide, mailsAbout, submitAndWaitForApprovers, waitForIdle, waitForStatus } from '../support/workflow';

/**
 * SES throttling and failures beyond those of tests/integration/approval-timing.test.ts (a
 * throttled approval request is retried and sent once; one that keeps failing is recorded):
 * service errors, the outcome e-mail, and the e-mail an incident report sends from the API.
 */
let ctx: Awaited<ReturnType<typeof startTestSystem>>;
let ses: FaultProxy;
beforeAll(async () => {
  ctx = await startTestSystem({ logLevel: 'SILENT' });
  ses = await startFaultProxy(ctx.system.mail.endpoint);
  process.env.AWS_ENDPOINT_URL_SESV2 = ses.url;
});
afterAll(async () => {
  await ctx?.system.stop();
  await ses?.close();
});

/**
 * Injects `n` faults into the sends that follow (only those about registration `about`, when
 * given: an earlier test's approved request may still be sending its notices) and returns how
 * many the system actually met, so a test cannot pass with its faults unused (a client that
 * bypassed the proxy, a send that never happened).
 */
const inject = (n: number, fault: Parameters<FaultProxy['failNext']>[1], about?: string) => {
  const before = ses.seen.failed;
  ses.failNext(n, fault, (req) => isSend(req) && (about === undefined || req.body.includes(about)));
  return {
    /** Stops failing; the number of faults the system met. */
    stop: () => {
      ses.failNext(0);
      return ses.seen.failed - before;
    },
  };
};

const someone = (): Identity => ({ sub: `staff-${randomUUID()}`, email: 'kari.nordmann@example.edu', groups: ['staff'] });
const isSend = (req: { method: string; url: string }) => req.method === 'POST' && req.url.startsWith('/v2/email/outbound-emails');
const subjects = async (id: string) => (await mailsAbout(ctx, id)).map((m) => m.subject.replace(/:.*/, ''));
const historyOf = async (id: string) =>
  (await ctx.api.request('GET', `/registrations/${id}`, { as: IT_APPROVER })).body.history as { action: string; details?: Record<string, unknown> }[];

describe('SES failing', () => {
  it('a service error (500) on an approval request is retried; the group is mailed once', async () => {
    const faults = inject(3, { status: 500, type: 'InternalFailure', message: 'Internal failure' });
    const r = await submitAndWaitForApprovers(ctx, someone(), softwareBody());
    await waitForIdle(ctx.system);
    expect(faults.stop()).toBe(3);
    expect((await subjects(r.id)).filter((s) => s === '[IT] Decision wanted')).toHaveLength(1);
  });

  it('a throttled outcome e-mail is retried and sent once; the approval stands', async () => {
    const r = await submitAndWaitForApprovers(ctx, someone(), softwareBody());
    const faults = inject(4, { status: 429, type: 'TooManyRequestsException', message: 'Maximum sending rate exceeded.' }, r.id);
    expect((await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve')).status).toBe(200);
    await waitForStatus(ctx, IT_APPROVER, r.id, 'APPROVED');
    await ApiClient.eventually(async () => (await historyOf(r.id)).some((h) => h.action === 'OUTCOME_MAILED'), 15_000, 'OUTCOME_MAILED');
    expect(faults.stop()).toBe(4);
    expect((await subjects(r.id)).filter((s) => s === 'Approved')).toHaveLength(1);
  }, 30_000);

  it('an outcome e-mail SES keeps refusing: the approval stands, the failure is on the registration and the workflow FAILED (alarmed)', async () => {
    const r = await submitAndWaitForApprovers(ctx, someone(), softwareBody());
    const faults = inject(1000, { status: 400, type: 'MessageRejected', message: 'Email address is not verified.' }, r.id);
    expect((await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve')).status).toBe(200);
    const failed = await ApiClient.eventually(async () => (await historyOf(r.id)).find((h) => h.action === 'WORKFLOW_FAILED'), 20_000, 'WORKFLOW_FAILED');
    // The outcome e-mail was tried; a rejected message is not worth retrying, so the workflow gave up after it.
    expect(faults.stop()).toBe(1);
    // Owner and approvers read a plain sentence; the SES error stays in the execution (and the log).
    expect(failed.details).toEqual({ round: 1 });
    expect(JSON.stringify(failed)).not.toMatch(/MessageRejected|not verified/);
    await ApiClient.eventually(async () => ctx.system.sfn.listExecutions().find((e) => e.name === `${r.id}-r1`)?.status === 'FAILED', 10_000, 'execution FAILED');
    expect(ctx.system.sfn.listExecutions().find((e) => e.name === `${r.id}-r1`)?.cause).toContain('Email address is not verified.');
    const now = (await ctx.api.request('GET', `/registrations/${r.id}`, { as: IT_APPROVER })).body;
    expect(now.status).toBe('APPROVED');
    expect(ctx.system.sfn.listExecutions().find((e) => e.name === `${r.id}-r1`)?.status).toBe('FAILED');
    expect(await subjects(r.id)).not.toContain('Approved');
  }, 30_000);

  it('students’ e-mail meets the account’s 24-hour quota: the notice waits and goes on, no one is failed or mailed twice, and the owner is told once', async () => {
    const owner = someone();
    const r = await submitAndWaitForApprovers(ctx, owner, softwareBody());
    const students = Array.from({ length: 5 }, (_, i) => ({ email: `quota-${r.id.slice(0, 8)}-${i}@stud.example.edu`, name: `Student ${i}` }));
    expect((await ctx.api.request('PUT', `/registrations/${r.id}/candidates`, { as: owner, body: { candidates: students } })).status).toBe(200);
    const before = ses.seen.failed;
    // SES v2 answers a used-up 24-hour quota with LimitExceededException; only the students' sends meet it,
    // until the quota comes back (here: once the owner has been told, as the notice waits).
    ses.failNext(
      1000,
      { status: 400, type: 'LimitExceededException', message: 'Daily message quota exceeded.' },
      (req) => isSend(req) && req.body.includes('@stud.example.edu'),
    );
    expect((await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve')).status).toBe(200);
    await ApiClient.eventually(async () => (await historyOf(r.id)).some((h) => h.action === 'NOTICE_WAITING'), 30_000, 'NOTICE_WAITING');
    expect((await ctx.api.request('GET', `/registrations/${r.id}`, { as: owner })).body.studentNotice.letter.counts).toMatchObject({ failed: 0 });
    ses.failNext(0);

    const notice = await ApiClient.eventually(
      async () => {
        const s = (await ctx.api.request('GET', `/registrations/${r.id}`, { as: owner })).body.studentNotice;
        return s.letter.status === 'SENT' ? s : undefined;
      },
      30_000,
      'notice sent after the wait',
    );
    // The SDK retried each refused send itself (a quota error counts as a throttle) before the notice waited.
    expect(ses.seen.failed - before).toBeGreaterThanOrEqual(3);
    expect(notice.letter.counts).toMatchObject({ pending: 0, sent: 5, failed: 0 });
    const mails = await ctx.api.mail();
    for (const s of students) expect(mails.filter((m) => m.to.includes(s.email))).toHaveLength(1);
    const waiting = (await historyOf(r.id)).filter((h) => h.action === 'NOTICE_WAITING');
    expect(waiting).toEqual([expect.objectContaining({ details: expect.objectContaining({ reason: 'LimitExceededException' }) })]);
    await ApiClient.eventually(
      async () => ctx.system.sfn.listExecutions().find((e) => e.name === `${r.id}-r1`)?.status === 'SUCCEEDED',
      15_000,
      'execution SUCCEEDED',
    );
  }, 60_000);

  it('an incident report whose e-mail cannot go out: 503; the retry with the same key records the incident once and mails once', async () => {
    const who = someone();
    const r = await submitAndWaitForApprovers(ctx, who, softwareBody());
    const key = randomUUID();
    const body = { message: 'Task 4 refers to a figure that is missing', phase: 'before-start' };
    const faults = inject(1000, { status: 429, type: 'TooManyRequestsException', message: 'Maximum sending rate exceeded.' }, r.id);
    const refused = await ctx.api.request('POST', `/registrations/${r.id}/incidents`, { as: who, body, headers: { 'idempotency-key': key } });
    expect(faults.stop()).toBeGreaterThanOrEqual(1);
    expect(refused.status).toBe(503);
    const ok = await ctx.api.request('POST', `/registrations/${r.id}/incidents`, { as: who, body, headers: { 'idempotency-key': key } });
    expect(ok.status).toBe(201);
    const incidents = (await ctx.api.request('GET', `/registrations/${r.id}`, { as: who })).body.incidents as { id: string }[];
    expect(incidents.map((i) => i.id)).toEqual([ok.body.id]);
    expect((await subjects(r.id)).filter((s) => s.startsWith('Error in the question set'))).toHaveLength(1);
  }, 30_000);
});
