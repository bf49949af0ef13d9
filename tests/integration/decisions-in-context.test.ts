import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { ED_APPROVER, IT_APPROVER, STAFF } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { decide, linkIdIn, mailsAbout, submitAndWaitForApprovers, waitForStatus } from '../support/workflow';

/**
 * Issue 19, items 4 and 5 over HTTP against local mode: the round-2 approval e-mail says what
 * changed, and a decision through the e-mail link is recorded as the signed-in member of the
 * group or, without signing in, as the mailbox the link was sent to.
 */
let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem();
});
afterAll(async () => ctx?.system.stop());

const linkOf = async (id: string, group: string, round = 1) => {
  const mails = (await mailsAbout(ctx, id)).filter((m) => m.subject.startsWith(`[${group}] Decision wanted`));
  const text = mails[round - 1]?.text ?? '';
  return { linkId: linkIdIn(text) as string, mail: mails[round - 1] };
};
const decidedBy = async (id: string, group: string) =>
  (await ctx.api.request('GET', `/registrations/${id}`, { as: STAFF })).body.approvals.find((a: { group: string }) => a.group === group)?.decidedBy;

describe('a resubmission in the approvers’ e-mail and the API', () => {
  it('the round-2 e-mail to the group asked again lists each change, before and now; the registration gives them, the queue names them', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve');
    await decide(ctx, ED_APPROVER, r.id, 'ED', 'request-changes', 'A bigger room, please');
    const sent = await waitForStatus(ctx, STAFF, r.id, 'CHANGES_REQUESTED');
    const body = { ...sent.form, exam: { ...sent.form.exam, candidates: 150 }, notes: 'Room R1 booked' };
    const res = await ctx.api.request('PUT', `/registrations/${r.id}`, { as: STAFF, body });
    expect(res.status).toBe(200);
    expect(res.body.changes).toEqual([
      { field: 'exam.candidates', before: 120, after: 150 },
      { field: 'notes', before: '', after: 'Room R1 booked' },
    ]);

    await ApiClient.eventually(async () => (await linkOf(r.id, 'ED', 2)).mail !== undefined, 15_000, 'the round-2 e-mail to ED');
    const { mail } = await linkOf(r.id, 'ED', 2);
    expect(mail?.text).toContain('Changed since round 1:\n- Candidates: 120 → 150\n- Notes: (none) → Room R1 booked\n');
    // The Bokmål part of the same e-mail lists them in its own words.
    expect(mail?.text).toContain('Endret siden runde 1:\n- Kandidater: 120 → 150\n- Merknader: (ingen) → Room R1 booked\n');
    expect(mail?.html).toContain('<h2 style="font-size:16px">Changed since round 1</h2>');
    expect(mail?.html).toMatch(/<td>Candidates<\/td><td><del>120<\/del><\/td><td><ins>150<\/ins><\/td>/);
    // The first round's e-mail had no such part.
    expect((await linkOf(r.id, 'ED', 1)).mail?.text).not.toContain('Changed since');

    const queue = await ctx.api.request('GET', '/registrations?view=queue', { as: ED_APPROVER });
    const item = queue.body.items.find((i: { id: string }) => i.id === r.id);
    expect(item.changedFields).toEqual(['exam.candidates', 'notes']);
    expect(item.changes).toBeUndefined();
  });
});

describe('who decided through the e-mail link', () => {
  it('without signing in: recorded as the mailbox the link was sent to, which the page is told', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    const { linkId } = await linkOf(r.id, 'IT');
    const view = await ctx.api.request('GET', `/approval-links/${linkId}`);
    expect(view.body.sentTo).toEqual(['it-approvers@example.edu']);
    expect((await ctx.api.request('POST', `/approval-links/${linkId}`, { body: { decision: 'approve' } })).status).toBe(200);
    expect(await decidedBy(r.id, 'IT')).toEqual({
      sub: 'email-link:IT',
      email: 'it-approvers@example.edu',
      name: 'E-mail link sent to it-approvers@example.edu (IT)',
    });
  });

  it('signed in as a member of the group: recorded in their name, for the link’s round, and the link is used up', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    const { linkId } = await linkOf(r.id, 'ED');
    const body = { group: 'ED', decision: 'approve', comment: 'Room booked', linkId };
    expect((await ctx.api.request('POST', `/registrations/${r.id}/decisions`, { as: ED_APPROVER, body })).status).toBe(200);
    expect(await decidedBy(r.id, 'ED')).toEqual({ sub: ED_APPROVER.sub, email: ED_APPROVER.email, name: ED_APPROVER.name });
    const history = (await ctx.api.request('GET', `/registrations/${r.id}`, { as: STAFF })).body.history;
    expect(history.at(-1)).toMatchObject({ action: 'DECIDED', by: { sub: ED_APPROVER.sub }, details: { group: 'ED', via: 'email-link' } });
    expect((await ctx.api.request('POST', `/approval-links/${linkId}`, { body: { decision: 'approve' } })).status).toBe(410);
  });

  it('signed in outside the group: 403, nothing recorded, and the link still works for its mailbox', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    const { linkId } = await linkOf(r.id, 'ED');
    const asIt = await ctx.api.request('POST', `/registrations/${r.id}/decisions`, { as: IT_APPROVER, body: { group: 'ED', decision: 'approve', linkId } });
    expect(asIt.status).toBe(403);
    const withOtherLink = await ctx.api.request('POST', `/registrations/${r.id}/decisions`, {
      as: IT_APPROVER,
      body: { group: 'IT', decision: 'approve', linkId },
    });
    expect(withOtherLink.status).toBe(404);
    expect(await decidedBy(r.id, 'ED')).toBeNull();
    expect(await decidedBy(r.id, 'IT')).toBeNull();
    expect((await ctx.api.request('POST', `/approval-links/${linkId}`, { body: { decision: 'approve' } })).status).toBe(200);
  });
});
