import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { type startFaultProxy as StartFaultProxy, startFaultProxy } from '../support/fault-proxy';
import { STAFF, softwareBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { mailsAbout, waitForIdle } from '../support/workflow';

/**
 * Approver e-mail through a proxy that fails sends the way SES does. The stages keep their
 * default lengths (days), so no reminder races the retries of a throttled send.
 */
let ctx: Awaited<ReturnType<typeof startTestSystem>>;
let ses: Awaited<ReturnType<typeof StartFaultProxy>>;
beforeAll(async () => {
  ctx = await startTestSystem({ env: { MIN_LEAD_DAYS: '7', STUDENT_INFO_DAYS: '7', EXAM_PERIODS: '[]' } });
  ses = await startFaultProxy(ctx.system.mail.endpoint);
  process.env.AWS_ENDPOINT_URL_SESV2 = ses.url;
});
afterAll(async () => {
  await ctx?.system.stop();
  await ses?.close();
});

const examIn = (seconds: number) => new Date(Date.now() + 7 * 24 * 3600 * 1000 + seconds * 1000).toISOString();
const body = (seconds: number) => softwareBody({ exam: { type: 'school', start: examIn(seconds), durationMinutes: 180, candidates: 30 } });

describe('approver e-mail when SES fails', () => {
  it('a throttled e-mail send is retried by the workflow and the mail goes out once', async () => {
    ses.failNext(5, { status: 429, type: 'TooManyRequestsException' });
    const before = ses.seen.failed;
    const res = await ctx.api.request('POST', '/registrations', { as: STAFF, body: body(60) });
    const mail = await ApiClient.eventually(async () => {
      const m = (await mailsAbout(ctx, res.body.id)).filter((x) => x.subject.startsWith('[IT] Decision wanted'));
      return m.length > 0 ? m : undefined;
    }, 15_000);
    await waitForIdle(ctx.system);
    expect((await mailsAbout(ctx, res.body.id)).filter((x) => x.subject.startsWith('[IT] Decision wanted'))).toHaveLength(mail.length);
    expect(mail).toHaveLength(1);
    expect(ses.seen.failed - before).toBe(5);
    const r = await ctx.api.request('GET', `/registrations/${res.body.id}`, { as: STAFF });
    expect(r.body.history.map((h: { action: string }) => h.action)).not.toContain('WORKFLOW_FAILED');
  });

  it('a send that keeps failing is recorded on the registration, not lost', async () => {
    ses.failNext(1000, { status: 400, type: 'MessageRejected', message: 'Email address is not verified.' });
    const res = await ctx.api.request('POST', '/registrations', { as: STAFF, body: body(60) });
    const failed = await ApiClient.eventually(
      async () => {
        const r = await ctx.api.request('GET', `/registrations/${res.body.id}`, { as: STAFF });
        return r.body.history.find((h: { action: string }) => h.action === 'WORKFLOW_FAILED');
      },
      15_000,
      'failure on the registration',
    );
    ses.failNext(0);
    // Owner and approvers read a plain sentence; the SES error stays in the execution (and the log).
    expect(failed.details).toEqual({ round: 1 });
    expect(JSON.stringify(failed)).not.toMatch(/MessageRejected|not verified/);
    await ApiClient.eventually(
      async () => ctx.system.sfn.listExecutions().find((e) => e.name === `${res.body.id}-r1`)?.status === 'FAILED',
      10_000,
      'execution FAILED',
    );
    expect(ctx.system.sfn.listExecutions().find((e) => e.name === `${res.body.id}-r1`)?.cause).toContain('Email address is not verified.');
  });
});
