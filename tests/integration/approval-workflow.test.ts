import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { ED_APPROVER, IT_APPROVER, OTHER_STAFF, STAFF, softwareBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { decide, linkIdIn, mailsAbout, submitAndWaitForApprovers, waitForStatus } from '../support/workflow';

let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem();
});
afterAll(async () => ctx?.system.stop());

const execution = (id: string, round = 1) => ctx.system.sfn.listExecutions().find((e) => e.name === `${id}-r${round}`);
const waitForExecution = (id: string, status: string, round = 1) =>
  ApiClient.eventually(async () => execution(id, round)?.status === status, 15_000, `execution ${status}`);

describe('a mid-term registration decided by ED and IT', () => {
  it('both approve: APPROVED, the submitter is told, the workflow ends', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    expect((await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve', 'Support booked')).status).toBe(200);
    const afterIt = await ctx.api.request('GET', `/registrations/${r.id}`, { as: STAFF });
    expect(afterIt.body.status).toBe('PENDING_APPROVAL');
    expect(afterIt.body.approvals.find((a: { group: string }) => a.group === 'IT')).toMatchObject({
      state: 'APPROVED',
      comment: 'Support booked',
      decidedBy: { sub: IT_APPROVER.sub },
      decidedAt: expect.any(String),
    });
    expect((await decide(ctx, ED_APPROVER, r.id, 'ED', 'approve')).status).toBe(200);
    await waitForStatus(ctx, STAFF, r.id, 'APPROVED');
    await waitForExecution(r.id, 'SUCCEEDED');
    const done = (await ctx.api.request('GET', `/registrations/${r.id}`, { as: STAFF })).body;
    expect(done.history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['SUBMITTED', 'DECIDED', 'DECIDED', 'APPROVED', 'OUTCOME_MAILED']));
    const outcome = (await mailsAbout(ctx, r.id)).find((m) => m.subject.startsWith('Approved'));
    expect(outcome?.to).toEqual(['kari.nordmann@example.edu']);
    // A typical mid-term approval: the figure Step Functions bills by.
    expect(execution(r.id)?.transitions).toBeGreaterThan(5);
  });

  it('one rejects: the round ends at once for both groups, with the reason mailed to the submitter', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    expect((await decide(ctx, ED_APPROVER, r.id, 'ED', 'reject', 'No rooms free that week')).status).toBe(200);
    const rejected = await waitForStatus(ctx, STAFF, r.id, 'REJECTED');
    expect(rejected.approvals.find((a: { group: string }) => a.group === 'IT').state).toBe('CLOSED');
    const late = await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve');
    expect(late.status).toBe(409);
    await waitForExecution(r.id, 'SUCCEEDED');
    const mail = await ApiClient.eventually(async () => (await mailsAbout(ctx, r.id)).find((m) => m.subject.startsWith('Rejected')));
    expect(mail.text).toContain('No rooms free that week');
    expect(mail.to).toEqual(['kari.nordmann@example.edu']);
  });

  it.each([
    ['IT approves first', 'IT-first'],
    ['ED decides first', 'ED-first'],
  ] as const)("IT approves with a remark and ED requests changes (%s): the mail quotes ED's reason, names ED, and not IT's remark", async (_what, order) => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    if (order === 'IT-first') {
      expect((await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve', 'Support booked')).status).toBe(200);
      expect((await decide(ctx, ED_APPROVER, r.id, 'ED', 'request-changes', 'Move the exam a week later')).status).toBe(200);
    } else {
      expect((await decide(ctx, ED_APPROVER, r.id, 'ED', 'request-changes', 'Move the exam a week later')).status).toBe(200);
      expect((await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve', 'Support booked')).status).toBe(409);
    }
    await waitForStatus(ctx, STAFF, r.id, 'CHANGES_REQUESTED');
    await waitForExecution(r.id, 'SUCCEEDED');
    const mail = await ApiClient.eventually(async () => (await mailsAbout(ctx, r.id)).find((m) => m.subject.startsWith('Changes requested')));
    expect(mail.to).toEqual(['kari.nordmann@example.edu']);
    expect(mail.text).toContain('Move the exam a week later');
    expect(mail.text).toContain(`— ${ED_APPROVER.name}, Education Division (ED)`);
    expect(mail.text).not.toContain('Support booked');
  });

  it('a reject or change request without a reason is 400 naming the comment', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    const res = await decide(ctx, IT_APPROVER, r.id, 'IT', 'request-changes', '   ');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'comment', code: 'COMMENT_REQUIRED', message: expect.any(String) }]);
  });

  it('changes requested, then resubmitted: a new round; the unchanged group keeps its approval', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    await decide(ctx, ED_APPROVER, r.id, 'ED', 'approve');
    expect((await decide(ctx, IT_APPROVER, r.id, 'IT', 'request-changes', 'Add an upload assignment for the code')).status).toBe(200);
    const changes = await waitForStatus(ctx, STAFF, r.id, 'CHANGES_REQUESTED');
    expect(changes.round).toBe(1);

    // Only the IT scope changes (upload assignments); ED's approval stands.
    const form = { ...changes.form, questionSet: { ...changes.form.questionSet, uploadAssignments: 2 } };
    const notOwner = await ctx.api.request('PUT', `/registrations/${r.id}`, { as: OTHER_STAFF, body: form });
    expect(notOwner.status).toBe(404);
    const res = await ctx.api.request('PUT', `/registrations/${r.id}`, { as: STAFF, body: form });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'PENDING_APPROVAL', round: 2 });
    expect(res.body.approvals).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ group: 'ED', state: 'APPROVED', round: 2 }),
        expect.objectContaining({ group: 'IT', state: 'PENDING', round: 2 }),
      ]),
    );
    // Only IT is asked again.
    await ApiClient.eventually(async () => (await mailsAbout(ctx, r.id)).filter((m) => m.subject.startsWith('[IT] Decision wanted')).length === 2);
    expect((await mailsAbout(ctx, r.id)).filter((m) => m.subject.startsWith('[ED] Decision wanted')).length).toBe(1);
    expect((await decide(ctx, ED_APPROVER, r.id, 'ED', 'approve')).status).toBe(409);
    expect((await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve')).status).toBe(200);
    await waitForStatus(ctx, STAFF, r.id, 'APPROVED');
    await waitForExecution(r.id, 'SUCCEEDED', 2);

    const again = await ctx.api.request('PUT', `/registrations/${r.id}`, { as: STAFF, body: form });
    expect(again.status).toBe(409);
  });

  it('a resubmission that changes the exam asks both groups again', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    await decide(ctx, ED_APPROVER, r.id, 'ED', 'approve');
    await decide(ctx, IT_APPROVER, r.id, 'IT', 'request-changes', 'Shorter, please');
    const changes = await waitForStatus(ctx, STAFF, r.id, 'CHANGES_REQUESTED');
    const res = await ctx.api.request('PUT', `/registrations/${r.id}`, {
      as: STAFF,
      body: { ...changes.form, exam: { ...changes.form.exam, durationMinutes: 180 } },
    });
    expect(res.body.approvals.map((a: { state: string }) => a.state)).toEqual(['PENDING', 'PENDING']);
  });

  it('cancelled while pending: the workflow stops and later decisions are 409', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    expect((await ctx.api.request('POST', `/registrations/${r.id}/cancel`, { as: IT_APPROVER, body: {} })).status).toBe(403);
    const res = await ctx.api.request('POST', `/registrations/${r.id}/cancel`, { as: STAFF, body: { reason: 'Course moved to autumn' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('CANCELLED');
    expect(res.body.history.at(-1)).toMatchObject({ action: 'CANCELLED', comment: 'Course moved to autumn' });
    await waitForExecution(r.id, 'ABORTED');
    expect((await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve')).status).toBe(409);
    expect((await ctx.api.request('POST', `/registrations/${r.id}/cancel`, { as: STAFF })).status).toBe(409);
  });
});

describe('decisions are guarded', () => {
  it('403 outside the group, 409 when the group already decided', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    expect((await decide(ctx, ED_APPROVER, r.id, 'IT', 'approve')).status).toBe(403);
    expect((await decide(ctx, STAFF, r.id, 'IT', 'approve')).status).toBe(403);
    expect((await decide(ctx, OTHER_STAFF, r.id, 'IT', 'approve')).status).toBe(404);
    expect((await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve')).status).toBe(200);
    expect((await decide(ctx, IT_APPROVER, r.id, 'IT', 'reject', 'changed my mind')).status).toBe(409);
  });

  it('ED cannot decide on a software request that only IT approves', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF, softwareBody());
    expect((await decide(ctx, ED_APPROVER, r.id, 'ED', 'approve')).status).toBe(404);
    expect((await decide(ctx, { ...ED_APPROVER, groups: ['ED', 'IT'] }, r.id, 'ED', 'approve')).status).toBe(409);
  });

  it('20 concurrent decisions on one registration: exactly one 200, the rest 409', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => decide(ctx, IT_APPROVER, r.id, 'IT', i % 2 ? 'approve' : 'reject', `decision ${i}`)));
    const statuses = results.map((x) => x.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const after = await ctx.api.request('GET', `/registrations/${r.id}`, { as: STAFF });
    expect(after.body.history.filter((h: { action: string }) => h.action === 'DECIDED')).toHaveLength(1);
  });

  it('racing decisions of both groups (one approves, one rejects) leave one consistent outcome', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    const [ed, it2] = await Promise.all([decide(ctx, ED_APPROVER, r.id, 'ED', 'reject', 'No rooms'), decide(ctx, IT_APPROVER, r.id, 'IT', 'approve')]);
    expect(ed.status).toBe(200);
    expect([200, 409]).toContain(it2.status);
    const final = await waitForStatus(ctx, STAFF, r.id, 'REJECTED');
    // IT's approval stands when it got in (200), and the round closed it when the rejection came first (409).
    expect(final.approvals.find((a: { group: string }) => a.group === 'IT').state).toBe(it2.status === 200 ? 'APPROVED' : 'CLOSED');
    expect(final.approvals.find((a: { group: string }) => a.group === 'ED')).toMatchObject({ state: 'REJECTED', comment: 'No rooms' });
    await waitForExecution(r.id, 'SUCCEEDED');
  });

  it('racing decisions of one group: the registration reaches the winner’s outcome', async () => {
    for (const first of ['approve', 'reject'] as const) {
      const r = await submitAndWaitForApprovers(ctx, STAFF, softwareBody());
      const decisions = [first, first === 'approve' ? 'reject' : 'approve', first, first === 'approve' ? 'reject' : 'approve'];
      const results = await Promise.all(decisions.map((d, i) => decide(ctx, IT_APPROVER, r.id, 'IT', d, `racer ${i}`)));
      const winner = decisions[results.findIndex((x) => x.status === 200)];
      expect(results.filter((x) => x.status === 200)).toHaveLength(1);
      const outcome = winner === 'approve' ? 'APPROVED' : 'REJECTED';
      const final = await waitForStatus(ctx, STAFF, r.id, outcome);
      expect(final.approvals.find((a: { group: string }) => a.group === 'IT').state).toBe(outcome);
      await waitForExecution(r.id, 'SUCCEEDED');
    }
  });
});

describe('deciding from the e-mail', () => {
  it('opening the link changes nothing; the confirmed POST decides once', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    const mail = (await mailsAbout(ctx, r.id)).find((m) => m.subject.startsWith('[IT]'));
    const linkId = linkIdIn(mail?.text ?? '');
    expect(linkId).toBeDefined();
    expect(mail?.html).toContain(`#/confirm/${linkId}`);

    for (let i = 0; i < 3; i++) {
      const view = await ctx.api.request('GET', `/approval-links/${linkId}`);
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({ group: 'IT', round: 1, registration: { id: r.id, status: 'PENDING_APPROVAL' } });
    }
    const still = await ctx.api.request('GET', `/registrations/${r.id}`, { as: STAFF });
    expect(still.body.approvals.every((a: { state: string }) => a.state === 'PENDING')).toBe(true);

    const bad = await ctx.api.request('POST', `/approval-links/${linkId}`, { body: { decision: 'reject' } });
    expect(bad.status).toBe(400);
    const ok = await ctx.api.request('POST', `/approval-links/${linkId}`, { body: { decision: 'approve', comment: 'Fine by IT' } });
    expect(ok.status).toBe(200);
    expect(ok.body.approvals.find((a: { group: string }) => a.group === 'IT')).toMatchObject({ state: 'APPROVED', comment: 'Fine by IT' });
    expect((await ctx.api.request('POST', `/approval-links/${linkId}`, { body: { decision: 'approve' } })).status).toBe(410);
    expect((await ctx.api.request('GET', `/approval-links/${linkId}`)).status).toBe(410);
  });

  it('an unknown or malformed link is 404, and a link never carries the task token', async () => {
    expect((await ctx.api.request('GET', `/approval-links/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await ctx.api.request('GET', '/approval-links/short')).status).toBe(404);
    expect((await ctx.api.request('POST', '/approval-links/short', { body: { decision: 'approve' } })).status).toBe(404);
  });

  it('the other group’s link is closed once the round ended', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    await decide(ctx, IT_APPROVER, r.id, 'IT', 'reject', 'Software not licensed');
    const edLink = linkIdIn((await mailsAbout(ctx, r.id)).find((m) => m.subject.startsWith('[ED]'))?.text ?? '');
    const view = await ctx.api.request('GET', `/approval-links/${edLink}`);
    expect(view.status).toBe(410);
    expect(view.body.detail).toMatch(/rejected/);
  });
});
