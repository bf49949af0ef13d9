import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../support/api-client';
import { ED_APPROVER, IT_APPROVER, STAFF, examStartIn, midtermBody, softwareBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { decide, submitAndWaitForApprovers, waitForIdle, waitForStatus } from '../support/workflow';

/**
 * A software exam's rehearsal, flagged where IT and the teacher look: the reminder e-mail to the
 * teacher and IT a few days before it is due (the workflow's waits finish at once here, so the
 * reminder time is reached as soon as the exam is approved), and its state in the lists.
 */

let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem();
});
afterAll(async () => ctx?.system.stop());

const TEACHER = 'kari.nordmann@example.edu';
const IT = 'it-approvers@example.edu';

const record = (id: string, body: Record<string, unknown>) => ctx.api.request('PUT', `/registrations/${id}/rehearsal`, { as: IT_APPROVER, body });
const approveAll = async (id: string, groups: string[]) => {
  for (const group of groups) expect((await decide(ctx, group === 'IT' ? IT_APPROVER : ED_APPROVER, id, group, 'approve')).status).toBe(200);
  await waitForStatus(ctx, STAFF, id, 'APPROVED');
  await waitForIdle(ctx.system);
};
const remindersAbout = async (id: string) => (await ctx.api.mail()).filter((m) => m.text.includes(id) && /^Rehearsal (not done|failed):/.test(m.subject));
const historyOf = async (id: string) => (await ctx.api.request('GET', `/registrations/${id}`, { as: STAFF })).body;

describe('the rehearsal reminder e-mail', () => {
  it('goes once to the teacher and once to IT when nothing is recorded, and leaves the students’ notice as it was', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF, softwareBody());
    await approveAll(r.id, r.derived.approvers);

    const mails = await remindersAbout(r.id);
    expect(mails.map((m) => m.to.join()).sort()).toEqual([IT, TEACHER]);
    const [mail] = mails;
    expect(mail?.subject).toMatch(/^Rehearsal not done: TDT4100 school exam/);
    expect(mail?.text).toContain('no rehearsal is recorded yet');
    expect(mail?.text).toContain('ingen generalprøve er registrert ennå');
    expect(mail?.text).toMatch(new RegExp(`/#/registrations/${r.id}`));

    const view = await historyOf(r.id);
    expect(
      view.history.filter((h: { action: string; details?: { noticeId?: string } }) => h.action === 'NOTICE_SENT' && h.details?.noticeId === 'rehearsal'),
    ).toEqual([expect.objectContaining({ details: { noticeId: 'rehearsal', sent: 2, failed: 0 } })]);
    // The letter panel counts the students' software notice only (no candidates were given).
    expect(view.studentNotice.letter.counts).toEqual({ pending: 0, sent: 0, bounced: 0, complained: 0, failed: 0 });
  });

  it('is not sent when IT recorded the rehearsal as tested before', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF, softwareBody());
    expect((await record(r.id, { result: 'tested', comment: 'All fine' })).status).toBe(200);
    await approveAll(r.id, r.derived.approvers);

    expect(await remindersAbout(r.id)).toEqual([]);
    expect((await historyOf(r.id)).history.some((h: { details?: { noticeId?: string } }) => h.details?.noticeId === 'rehearsal')).toBe(false);
  });

  it('quotes IT’s comment when the rehearsal failed', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF, softwareBody());
    expect((await record(r.id, { result: 'failed', comment: 'Licence server unreachable from room 3' })).status).toBe(200);
    await approveAll(r.id, r.derived.approvers);

    const mails = await remindersAbout(r.id);
    expect(mails.map((m) => m.to.join()).sort()).toEqual([IT, TEACHER]);
    expect(mails[0]?.subject).toMatch(/^Rehearsal failed:/);
    expect(mails[0]?.text).toContain('> Licence server unreachable from room 3');
  });

  it('is not sent for a mid-term registration', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF, midtermBody());
    await approveAll(r.id, r.derived.approvers);

    expect((await ctx.api.mail()).filter((m) => m.text.includes(r.id) && /Rehearsal|Generalprøve/.test(m.subject))).toEqual([]);
  });
});

type Listed = { id: string; rehearsal?: { state: string; dueBy: string; flag: string | null } };
const listed = async (as: Identity, query: string, id: string) => {
  const res = await ctx.api.request('GET', `/registrations?${query}&limit=100`, { as });
  expect(res.status).toBe(200);
  return (res.body.items as Listed[]).find((i) => i.id === id);
};

describe('the rehearsal in the lists', () => {
  it('shows IT’s queue and the teacher’s list whether a software request was rehearsed, and keeps it through a resubmission', async () => {
    const start = examStartIn(50);
    const r = await submitAndWaitForApprovers(ctx, STAFF, softwareBody({ exam: { type: 'school', start, durationMinutes: 180, candidates: 30 } }));
    const weekBefore = new Date(Date.parse(`${start.slice(0, 10)}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);

    expect((await listed(IT_APPROVER, 'view=queue', r.id))?.rehearsal).toEqual({ state: 'missing', dueBy: weekBefore, flag: null });
    expect((await listed(STAFF, 'view=mine', r.id))?.rehearsal).toEqual({ state: 'missing', dueBy: weekBefore, flag: null });

    expect((await record(r.id, { result: 'failed', comment: 'Crashes on start', dueBy: weekBefore })).status).toBe(200);
    expect((await listed(IT_APPROVER, 'view=queue', r.id))?.rehearsal).toEqual({ state: 'failed', dueBy: weekBefore, flag: 'failed' });
    expect((await listed(STAFF, 'view=mine', r.id))?.rehearsal).toEqual({ state: 'failed', dueBy: weekBefore, flag: 'failed' });

    // IT sends it back; the teacher resubmits: the new round's registration item keeps the copy.
    expect((await decide(ctx, IT_APPROVER, r.id, 'IT', 'request-changes', 'Fewer candidates')).status).toBe(200);
    await waitForStatus(ctx, STAFF, r.id, 'CHANGES_REQUESTED');
    const form = (await historyOf(r.id)).form;
    const resubmitted = await ctx.api.request('PUT', `/registrations/${r.id}`, { as: STAFF, body: { ...form, exam: { ...form.exam, candidates: 25 } } });
    expect(resubmitted.status).toBe(200);
    expect((await listed(IT_APPROVER, 'view=queue', r.id))?.rehearsal).toEqual({ state: 'failed', dueBy: weekBefore, flag: 'failed' });

    expect((await record(r.id, { result: 'tested', comment: 'Fixed' })).status).toBe(200);
    expect((await listed(IT_APPROVER, 'view=queue', r.id))?.rehearsal).toEqual({ state: 'tested', dueBy: weekBefore, flag: null });
    expect((await listed(IT_APPROVER, 'view=decided&group=IT', r.id))?.rehearsal).toEqual({ state: 'tested', dueBy: weekBefore, flag: null });
  });

  it('says nothing of a rehearsal for a mid-term registration', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF, midtermBody());
    const item = await listed(STAFF, 'view=mine', r.id);
    expect(item).toBeDefined();
    expect(item).not.toHaveProperty('rehearsal');
  });
});
