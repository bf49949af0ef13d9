import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { IT_APPROVER, STAFF, softwareBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { decide, mailsAbout, waitForStatus } from '../support/workflow';

/**
 * Reminders, escalation and expiry with short, configured stage times: a reminder after
 * 1 s, an escalation after 2 s, and an exam 7 days and a few seconds away, so the decision
 * deadline (7 days before the exam) comes seconds after submission.
 */
let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem({
    env: { REMINDER_AFTER_SECONDS: '1', ESCALATION_AFTER_SECONDS: '2', MIN_LEAD_DAYS: '7', STUDENT_INFO_DAYS: '7', EXAM_PERIODS: '[]' },
  });
});
afterAll(async () => {
  await ctx?.system.stop();
});

const examIn = (seconds: number) => new Date(Date.now() + 7 * 24 * 3600 * 1000 + seconds * 1000).toISOString();
const body = (seconds: number) => softwareBody({ exam: { type: 'school', start: examIn(seconds), durationMinutes: 180, candidates: 30 } });
const subjects = async (id: string) => (await mailsAbout(ctx, id)).map((m) => m.subject.replace(/:.*/, ''));

describe('a pending approval over time', () => {
  it('gets a reminder, then an escalation, then expires; the submitter is told', async () => {
    const res = await ctx.api.request('POST', '/registrations', { as: STAFF, body: body(6) });
    expect(res.status).toBe(201);
    // Locally each stage ends at its hard timeout (the interpreter has no heartbeats): about 12 s in all.
    const expired = await waitForStatus(ctx, STAFF, res.body.id, 'EXPIRED', 45_000);
    expect(expired.approvals[0]).toMatchObject({ group: 'IT', state: 'EXPIRED' });
    const seen = await ApiClient.eventually(async () => {
      const s = await subjects(res.body.id);
      return s.includes('Expired') ? s : undefined;
    });
    expect(seen).toEqual(['[IT] Decision wanted', '[IT] Reminder', '[IT] Escalation', 'Expired']);
    expect((await decide(ctx, IT_APPROVER, res.body.id, 'IT', 'approve')).status).toBe(409);
  }, 60_000);

  it('a decision after the reminder resumes the reminder step and ends the round', async () => {
    const res = await ctx.api.request('POST', '/registrations', { as: STAFF, body: body(60) });
    await ApiClient.eventually(async () => (await subjects(res.body.id)).includes('[IT] Reminder'), 10_000, 'reminder');
    expect((await decide(ctx, IT_APPROVER, res.body.id, 'IT', 'approve')).status).toBe(200);
    const approved = await waitForStatus(ctx, STAFF, res.body.id, 'APPROVED');
    expect(approved.approvals[0]).toMatchObject({ state: 'APPROVED', stage: 'reminder' });
  });
});
