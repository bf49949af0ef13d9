import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { type startFaultProxy as StartFaultProxy, startFaultProxy } from '../support/fault-proxy';
import { IT_APPROVER, STAFF, softwareBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { decide, mailsAbout, waitForStatus } from '../support/workflow';

/**
 * Reminders, escalation and expiry with short, configured stage times: a reminder after
 * 1 s, an escalation after 2 s, and an exam 7 days and a few seconds away, so the decision
 * deadline (7 days before the exam) comes seconds after submission.
 */
let ctx: Awaited<ReturnType<typeof startTestSystem>>;
let ses: Awaited<ReturnType<typeof StartFaultProxy>>;
beforeAll(async () => {
  ctx = await startTestSystem({
    env: { REMINDER_AFTER_SECONDS: '1', ESCALATION_AFTER_SECONDS: '2', MIN_LEAD_DAYS: '7', STUDENT_INFO_DAYS: '7', EXAM_PERIODS: '[]' },
  });
  // Mail goes through a proxy that can fail sends the way SES throttles.
  ses = await startFaultProxy(ctx.system.mail.endpoint);
  process.env.AWS_ENDPOINT_URL_SESV2 = ses.url;
});
afterAll(async () => {
  await ctx?.system.stop();
  await ses?.close();
});

const examIn = (seconds: number) => new Date(Date.now() + 7 * 24 * 3600 * 1000 + seconds * 1000).toISOString();
const body = (seconds: number) => softwareBody({ exam: { type: 'school', start: examIn(seconds), durationMinutes: 180, candidates: 30 } });
const subjects = async (id: string) => (await mailsAbout(ctx, id)).map((m) => m.subject.replace(/:.*/, ''));

describe('a pending approval over time', () => {
  it('gets a reminder, then an escalation, then expires; the submitter is told', async () => {
    const res = await ctx.api.request('POST', '/registrations', { as: STAFF, body: body(6) });
    expect(res.status).toBe(201);
    const expired = await waitForStatus(ctx, STAFF, res.body.id, 'EXPIRED', 20_000);
    expect(expired.approvals[0]).toMatchObject({ group: 'IT', state: 'EXPIRED' });
    const seen = await ApiClient.eventually(async () => {
      const s = await subjects(res.body.id);
      return s.includes('Expired') ? s : undefined;
    });
    expect(seen).toEqual(['[IT] Decision wanted', '[IT] Reminder', '[IT] Escalation', 'Expired']);
    expect((await decide(ctx, IT_APPROVER, res.body.id, 'IT', 'approve')).status).toBe(409);
  });

  it('a decision after the reminder resumes the reminder step and ends the round', async () => {
    const res = await ctx.api.request('POST', '/registrations', { as: STAFF, body: body(60) });
    await ApiClient.eventually(async () => (await subjects(res.body.id)).includes('[IT] Reminder'), 10_000, 'reminder');
    expect((await decide(ctx, IT_APPROVER, res.body.id, 'IT', 'approve')).status).toBe(200);
    const approved = await waitForStatus(ctx, STAFF, res.body.id, 'APPROVED');
    expect(approved.approvals[0]).toMatchObject({ state: 'APPROVED', stage: 'reminder' });
  });

  it('a throttled e-mail send is retried by the workflow and the mail goes out once', async () => {
    ses.failNext(5, { status: 429, type: 'TooManyRequestsException' });
    const before = ses.seen.failed;
    const res = await ctx.api.request('POST', '/registrations', { as: STAFF, body: body(60) });
    const mail = await ApiClient.eventually(async () => {
      const m = (await mailsAbout(ctx, res.body.id)).filter((x) => x.subject.startsWith('[IT] Decision wanted'));
      return m.length > 0 ? m : undefined;
    }, 15_000);
    await new Promise((r) => setTimeout(r, 300));
    expect((await mailsAbout(ctx, res.body.id)).filter((x) => x.subject.startsWith('[IT] Decision wanted'))).toHaveLength(mail.length);
    expect(mail).toHaveLength(1);
    expect(ses.seen.failed - before).toBe(5);
    const r = await ctx.api.request('GET', `/registrations/${res.body.id}`, { as: STAFF });
    expect(r.body.history.map((h: { action: string }) => h.action)).not.toContain('WORKFLOW_FAILED');
  });

  it('a send that keeps failing is recorded on the registration, not lost', async () => {
    ses.failNext(1000, { status: 400, type: 'MessageRejected', message: 'Email address is not verified.' });
    const res = await ctx.api.request('POST', '/registrations', { as: STAFF, body: body(60) });
    const failed = await ApiClient.eventually(async () => {
      const r = await ctx.api.request('GET', `/registrations/${res.body.id}`, { as: STAFF });
      return r.body.history.find((h: { action: string }) => h.action === 'WORKFLOW_FAILED');
    }, 15_000, 'failure on the registration');
    ses.failNext(0);
    expect(failed.details).toMatchObject({ error: 'MessageRejected' });
    const execution = ctx.system.sfn.listExecutions().find((e) => e.name === `${res.body.id}-r1`);
    expect(execution?.status).toBe('FAILED');
  });
});
