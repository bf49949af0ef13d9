import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { ED_APPROVER, IT_APPROVER, STAFF, midtermBody, softwareBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { decide, mailsAbout, submitAndWaitForApprovers, waitForStatus } from '../support/workflow';

/** R8: who is told about an error in the question set, and who records the extra time. */
let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem({ env: { PLANNERS: '{"IDI":"planner-idi@example.edu"}', PLANNER_DEFAULT: 'exam-planners@example.edu' } });
});
afterAll(async () => ctx?.system.stop());

const report = (id: string, phase: string, message = 'Task 3 should read 25 %, not 52 %.') =>
  ctx.api.request('POST', `/registrations/${id}/incidents`, { as: STAFF, body: { phase, message } });

describe('before the start: the department’s planner is told to update the test', () => {
  it.each([
    ['IDI', 'planner-idi@example.edu'],
    ['IMF', 'exam-planners@example.edu'],
  ])('a %s exam: the planner at %s gets the teacher’s message and what to update', async (department, planner) => {
    const r = await submitAndWaitForApprovers(ctx, STAFF, midtermBody({ department }));
    expect((await report(r.id, 'before-start')).status).toBe(201);
    const mail = await ApiClient.eventually(async () => (await mailsAbout(ctx, r.id)).find((m) => m.to.includes(planner)), 10_000, 'planner mail');
    expect(mail.subject).toMatch(/^Update the test: TDT4100/);
    expect(mail.text).toContain('Task 3 should read 25 %, not 52 %.');
    expect(mail.text).toMatch(/Update the test in Inspera with the latest version/);
    // The teacher is still told what to do.
    const teacher = (await mailsAbout(ctx, r.id)).find((m) => m.subject.startsWith('Error in the question set'));
    expect(teacher?.to).toEqual(['kari.nordmann@example.edu']);
  });
});

describe('during the exam: the groups that handle an IT/ED incident see it and record its extra time', () => {
  it('ED records the extra time of an IT/ED incident on a software request only IT approved', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF, softwareBody());
    expect(r.derived.approvers).toEqual(['IT']);
    // Before any incident ED has nothing to do with it: 404, as for any registration it cannot see.
    expect((await ctx.api.request('GET', `/registrations/${r.id}`, { as: ED_APPROVER })).status).toBe(404);
    expect((await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve')).status).toBe(200);
    await waitForStatus(ctx, STAFF, r.id, 'APPROVED');
    const incident = await report(r.id, 'during');
    expect(incident.body.route).toBe('IT_ED');

    const seen = await ctx.api.request('GET', `/registrations/${r.id}`, { as: ED_APPROVER });
    expect(seen.status).toBe(200);
    expect(seen.body.incidents.map((i: { id: string }) => i.id)).toEqual([incident.body.id]);
    // It heads ED's queue (the queue index, read back through the table) until its extra time is recorded.
    const waitingFor = async (who: typeof ED_APPROVER | typeof IT_APPROVER) =>
      ((await ctx.api.request('GET', '/registrations?view=queue', { as: who })).body.incidentsAwaitingExtraTime as { incident: { id: string } }[])
        .map((w) => w.incident.id)
        .includes(incident.body.id);
    await ApiClient.eventually(() => waitingFor(ED_APPROVER), 10_000, 'the incident in ED’s queue');
    expect(await waitingFor(IT_APPROVER)).toBe(true);
    const path = `/registrations/${r.id}/incidents/${incident.body.id}/extra-time`;
    const decided = await ctx.api.request('POST', path, { as: ED_APPROVER, body: { minutes: 10, comment: 'Agreed with the teacher' } });
    expect(decided.status).toBe(200);
    expect(decided.body.extraTime).toMatchObject({ minutes: 10, decidedBy: { sub: ED_APPROVER.sub } });
    expect((await ctx.api.request('POST', path, { as: IT_APPROVER, body: { minutes: 15 } })).status).toBe(409);
    await ApiClient.eventually(async () => !(await waitingFor(IT_APPROVER)), 10_000, 'the incident out of the queue');

    // Nothing else is opened to ED: it still cannot decide on, cancel or change the registration.
    expect((await decide(ctx, ED_APPROVER, r.id, 'ED', 'approve')).status).toBe(404);
    expect((await ctx.api.request('POST', `/registrations/${r.id}/cancel`, { as: ED_APPROVER, body: { reason: 'x' } })).status).toBe(404);
  });
});
