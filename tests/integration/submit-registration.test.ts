import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { IT_APPROVER, OTHER_STAFF, STAFF, midtermBody, softwareBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';

let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem();
});
afterAll(async () => ctx?.system.stop());

describe('POST /registrations', () => {
  it('given a valid mid-term body, stores it, starts its workflow and mails both approver groups', async () => {
    const res = await ctx.api.request('POST', '/registrations', { as: STAFF, body: midtermBody() });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/registrations/${res.body.id}`);
    expect(res.body).toMatchObject({
      kind: 'midterm',
      status: 'PENDING_APPROVAL',
      round: 1,
      derived: { additionalMinutes: 30, testTemplate: 'standard', approvers: ['ED', 'IT'], warnings: [] },
      owner: { sub: STAFF.sub },
      approvals: [
        { group: 'ED', state: 'PENDING' },
        { group: 'IT', state: 'PENDING' },
      ],
      history: [{ action: 'SUBMITTED', by: { sub: STAFF.sub } }],
    });

    const mails = await ApiClient.eventually(
      async () => {
        const m = (await ctx.api.mail()).filter((x) => x.text.includes(res.body.id));
        return m.length === 2 ? m : undefined;
      },
      10_000,
      'approver e-mails',
    );
    expect(mails.map((m) => m.to).sort()).toEqual([['ed-approvers@example.edu'], ['it-approvers@example.edu']]);
    expect(mails[0]?.subject).toMatch(/Decision wanted: TDT4100/);
    expect(mails[0]?.html).toContain('4 hours');

    const execution = ctx.system.sfn.listExecutions().find((e) => e.name === `${res.body.id}-r1`);
    expect(execution?.status).toBe('RUNNING');
  });

  it('given a software request for a school exam, only IT is asked', async () => {
    const res = await ctx.api.request('POST', '/registrations', { as: STAFF, body: softwareBody() });
    expect(res.status).toBe(201);
    expect(res.body.derived.approvers).toEqual(['IT']);
    await ApiClient.eventually(async () => (await ctx.api.mail()).some((m) => m.text.includes(res.body.id)), 10_000, 'IT e-mail');
    const mails = (await ctx.api.mail()).filter((m) => m.text.includes(res.body.id));
    expect(mails.map((m) => m.to)).toEqual([['it-approvers@example.edu']]);
  });

  it('escapes what users typed in the HTML e-mail', async () => {
    const res = await ctx.api.request('POST', '/registrations', {
      as: STAFF,
      body: midtermBody({ notes: '<script>alert(1)</script>' }),
    });
    const mail = await ApiClient.eventually(async () => (await ctx.api.mail()).find((m) => m.text.includes(res.body.id)));
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
  });

  it.each([
    [
      'a home exam over 6 hours',
      { exam: { type: 'home', start: (midtermBody().exam as { start: string }).start, durationMinutes: 420, candidates: 5 } },
      'exam.durationMinutes',
    ],
    ['a missing course', { course: undefined }, 'course'],
    ['a bad contact e-mail', { contact: { name: 'K', email: 'not-an-address' } }, 'contact.email'],
    ['an unknown field', { extra: 1 }, 'extra'],
  ])('refuses %s with 400 naming the field, and stores nothing', async (_label, change, path) => {
    const before = ctx.system.sfn.listExecutions().length;
    const res = await ctx.api.request('POST', '/registrations', { as: STAFF, body: { ...midtermBody(), ...change } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect(ctx.system.sfn.listExecutions().length).toBe(before);
  });

  it.each([
    ['malformed JSON', { rawBody: '{"kind":', headers: { 'content-type': 'application/json' } }, 400],
    ['a text body', { rawBody: 'hello', headers: { 'content-type': 'text/plain' } }, 415],
    ['an empty body', { rawBody: '', headers: { 'content-type': 'application/json' } }, 400],
    ['a prototype-pollution key', { rawBody: '{"__proto__":{"admin":true}}', headers: { 'content-type': 'application/json' } }, 400],
    ['an oversized body', { rawBody: JSON.stringify({ notes: 'x'.repeat(300_000) }), headers: { 'content-type': 'application/json' } }, 413],
  ])('refuses %s with a problem response', async (_label, options, status) => {
    const res = await ctx.api.request('POST', '/registrations', { as: STAFF, ...options });
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  });

  it('answers 401 without a token and 403 for an approver', async () => {
    expect((await ctx.api.request('POST', '/registrations', { body: midtermBody() })).status).toBe(401);
    expect((await ctx.api.request('POST', '/registrations', { as: IT_APPROVER, body: midtermBody() })).status).toBe(403);
  });
});

describe('GET /registrations/{id}', () => {
  it('shows the owner and the approver groups the registration; hides it from other staff', async () => {
    const created = await ctx.api.request('POST', '/registrations', { as: STAFF, body: midtermBody() });
    const path = `/registrations/${created.body.id}`;
    const own = await ctx.api.request('GET', path, { as: STAFF });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: created.body.id, status: 'PENDING_APPROVAL', derived: created.body.derived });
    expect((await ctx.api.request('GET', path, { as: IT_APPROVER })).status).toBe(200);
    const other = await ctx.api.request('GET', path, { as: OTHER_STAFF });
    expect(other.status).toBe(404);
    expect((await ctx.api.request('GET', '/registrations/does-not-exist', { as: STAFF })).status).toBe(404);
  });

  it('never shows the workflow task token', async () => {
    const created = await ctx.api.request('POST', '/registrations', { as: STAFF, body: midtermBody() });
    await ApiClient.eventually(async () => (await ctx.api.mail()).filter((m) => m.text.includes(created.body.id)).length === 2);
    const res = await ctx.api.request('GET', `/registrations/${created.body.id}`, { as: IT_APPROVER });
    expect(JSON.stringify(res.body)).not.toMatch(/taskToken/i);
  });
});
