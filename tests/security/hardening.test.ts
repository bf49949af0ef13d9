import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS, contentSecurityPolicy } from '../../shared/contracts/web-security';
import { ApiClient } from '../support/api-client';
import { ED_APPROVER, IT_APPROVER, OTHER_STAFF, STAFF, examStartIn, midtermBody, softwareBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { decide, waitForStatus, submitAndWaitForApprovers } from '../support/workflow';

/**
 * Items of the attack review (issue 17) that one running system can show: mail abuse through
 * incidents (4), line breaks and forged lines (6), page tokens (10) and charsets (12).
 */
let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem({ env: { INCIDENT_LIMIT_PER_REGISTRATION: '3', INCIDENT_LIMIT_PER_USER: '5' } });
});
afterAll(async () => ctx?.system.stop());

const report = (id: string, as = STAFF) =>
  ctx.api.request('POST', `/registrations/${id}/incidents`, { as, body: { phase: 'before-start', message: 'Task 3 is wrong.' } });

describe('item 4: incidents are no open relay', () => {
  it('mails the before-start notice to the authenticated submitter, never to the free-text contact', async () => {
    const body = midtermBody({ contact: { name: 'Kari', email: 'victim@example.edu', phone: null } });
    const r = await submitAndWaitForApprovers(ctx, STAFF, body);
    expect((await report(r.id)).status).toBe(201);
    const mail = await ApiClient.eventually(async () =>
      (await ctx.api.mail()).find((m) => m.subject.startsWith('Error in the question set') && m.text.includes(r.id)),
    );
    expect(mail.to).toEqual([STAFF.email]);
  });

  it('limits reports per registration (429 with Retry-After), counted in DynamoDB', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await report(r.id));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 429]);
    const refused = answers[3] as (typeof answers)[number];
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body.status).toBe(429);
  });

  it('limits reports per user across registrations', async () => {
    const who = { ...STAFF, sub: 'busy-teacher' };
    const regs = [await submitAndWaitForApprovers(ctx, who), await submitAndWaitForApprovers(ctx, who)];
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await report((regs[i % 2] as { id: string }).id, who)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
  });

  it('refuses candidate and contact addresses outside the configured domains, by field', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    const put = await ctx.api.request('PUT', `/registrations/${r.id}/candidates`, {
      as: STAFF,
      body: { candidates: [{ email: 'ok@stud.example.edu' }, { email: 'anyone@elsewhere.example.com' }] },
    });
    expect(put.status).toBe(400);
    expect(put.body.errors.map((e: { path: string }) => e.path)).toEqual(['candidates.1.email']);
    const submit = await ctx.api.request('POST', '/registrations', {
      as: STAFF,
      body: midtermBody({ contact: { name: 'X', email: 'x@elsewhere.example.com', phone: null } }),
    });
    expect(submit.status).toBe(400);
    expect(submit.body.errors.map((e: { path: string }) => e.path)).toEqual(['contact.email']);
  });
});

describe('item 3: one oversized request stops no letter', () => {
  it('refuses a form beyond its bounds by field; the largest allowed request and its owner’s mid-term letter on the same day both go out', async () => {
    const start = examStartIn(48);
    const exam = { type: 'home', start, durationMinutes: 240, candidates: 10 };
    const service = (i: number, length: number) => ({
      name: `Service ${i}`,
      version: null,
      licence: 'free',
      webService: true,
      url: `https://s${i}.example.edu/${'p'.repeat(length - 24)}`,
      platforms: ['web'],
    });
    // URLs of 2,000 characters once made every letter of the course and day fail; now they are refused by field.
    const tooLong = await ctx.api.request('POST', '/registrations', { as: STAFF, body: softwareBody({ exam, software: [service(0, 2000)] }) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors.map((e: { path: string }) => e.path)).toEqual(['software.0.url']);
    const tooMany = await ctx.api.request('POST', '/registrations', {
      as: STAFF,
      body: softwareBody({ exam, software: Array.from({ length: 31 }, (_, i) => service(i, 100)) }),
    });
    expect(tooMany.body.errors.map((e: { path: string }) => e.path)).toEqual(['software']);

    // The largest request allowed: 30 web services with 500-character addresses.
    const largest = await submitAndWaitForApprovers(ctx, STAFF, softwareBody({ exam, software: Array.from({ length: 30 }, (_, i) => service(i, 500)) }));
    const mine = await submitAndWaitForApprovers(ctx, STAFF, midtermBody({ exam } as never));
    const students = [`big-${largest.id.slice(0, 8)}@stud.example.edu`, `mid-${mine.id.slice(0, 8)}@stud.example.edu`];
    expect((await ctx.api.request('PUT', `/registrations/${largest.id}/candidates`, { as: STAFF, body: { candidates: [{ email: students[0] }] } })).status).toBe(
      200,
    );
    expect((await ctx.api.request('PUT', `/registrations/${mine.id}/candidates`, { as: STAFF, body: { candidates: [{ email: students[1] }] } })).status).toBe(200);
    expect((await decide(ctx, IT_APPROVER, largest.id, 'IT', 'approve')).status).toBe(200);
    await waitForStatus(ctx, STAFF, largest.id, 'APPROVED');
    expect((await decide(ctx, IT_APPROVER, mine.id, 'IT', 'approve')).status).toBe(200);
    expect((await decide(ctx, ED_APPROVER, mine.id, 'ED', 'approve')).status).toBe(200);
    const letters = await ApiClient.eventually(
      async () => {
        const mail = await ctx.api.mail();
        const found = students.map((s) => mail.find((m) => m.to.includes(s)));
        return found.every(Boolean) ? found : undefined;
      },
      30_000,
      'both letters',
    );
    for (const letter of letters) expect(letter?.text).toContain(service(29, 500).url);
    for (const r of [largest, mine]) {
      const view = (await ctx.api.request('GET', `/registrations/${r.id}`, { as: STAFF })).body;
      expect(view.history.map((h: { action: string }) => h.action)).not.toContain('WORKFLOW_FAILED');
    }
  }, 60_000);
});

describe('item 5: another teacher’s software request', () => {
  it('does not write into my students’ letter; IT’s approval e-mail shows every URL it approves', async () => {
    const start = examStartIn(47);
    const fake = { name: 'Inspera login', version: null, licence: 'free', webService: true, url: 'https://inspera-login.evil.example.com/', platforms: ['web'] };
    const theirs = await submitAndWaitForApprovers(
      ctx,
      OTHER_STAFF,
      softwareBody({ exam: { type: 'home', start, durationMinutes: 240, candidates: 10 }, software: [fake] }),
    );
    const itMail = (await ctx.api.mail()).find((m) => m.text.includes(theirs.id) && /Decision wanted/.test(m.subject));
    expect(itMail?.text).toContain('https://inspera-login.evil.example.com/');
    expect((await decide(ctx, IT_APPROVER, theirs.id, 'IT', 'approve')).status).toBe(200);
    await waitForStatus(ctx, OTHER_STAFF, theirs.id, 'APPROVED');
    const mine = await submitAndWaitForApprovers(ctx, STAFF, midtermBody({ exam: { type: 'home', start, durationMinutes: 240, candidates: 10 } } as never));
    const student = `sw5-${mine.id.slice(0, 8)}@stud.example.edu`;
    expect((await ctx.api.request('PUT', `/registrations/${mine.id}/candidates`, { as: STAFF, body: { candidates: [{ email: student }] } })).status).toBe(200);
    expect((await decide(ctx, IT_APPROVER, mine.id, 'IT', 'approve')).status).toBe(200);
    expect((await decide(ctx, ED_APPROVER, mine.id, 'ED', 'approve')).status).toBe(200);
    const letter = await ApiClient.eventually(async () => (await ctx.api.mail()).find((m) => m.to.includes(student)), 30_000, 'letter');
    expect(letter.text).not.toContain('Inspera login');
    expect(letter.text).not.toContain('evil.example.com');
  });
});

describe('item 6: line breaks and forged lines', () => {
  it('refuses control characters in single-line fields, by field', async () => {
    const body = midtermBody({ course: { code: 'TDT4100', name: 'OOP\r\nBcc: everyone@example.edu' }, department: 'IDI\u0007' });
    const res = await ctx.api.request('POST', '/registrations', { as: STAFF, body });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['course.name', 'department']);
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    const put = await ctx.api.request('PUT', `/registrations/${r.id}/candidates`, {
      as: STAFF,
      body: { candidates: [{ email: 'a@stud.example.edu', name: 'A\nB' }] },
    });
    expect(put.body.errors.map((e: { path: string }) => e.path)).toEqual(['candidates.0.name']);
  });

  it('quotes the submitter’s notes in the approvers’ plain-text mail, so a forged "Review and decide" line cannot pose as the real one', async () => {
    const notes = 'Please hurry.\nReview and decide: https://evil.example.com/phish\nThanks';
    const r = await submitAndWaitForApprovers(ctx, STAFF, midtermBody({ notes }));
    const mail = (await ctx.api.mail()).find((m) => m.text.includes(r.id) && /Decision wanted/.test(m.subject));
    const lines = (mail?.text ?? '').split('\n');
    const decideLines = lines.filter((l) => l.startsWith('Review and decide:'));
    expect(decideLines).toHaveLength(1);
    expect(decideLines[0]).toContain('/#/confirm/');
    expect(lines).toContain('> Review and decide: https://evil.example.com/phish');
  });
});

describe('item 10: page tokens are sealed', () => {
  it('a tampered token, or one built from table keys, is 400 and never reaches DynamoDB', async () => {
    const who = { ...STAFF, sub: 'pager' };
    for (let i = 0; i < 3; i++) expect((await ctx.api.request('POST', '/registrations', { as: who, body: midtermBody() })).status).toBe(201);
    const page = await ctx.api.request('GET', '/registrations?limit=1', { as: who });
    const token = page.body.nextToken as string;
    expect((await ctx.api.request('GET', `/registrations?limit=1&nextToken=${token}`, { as: who })).status).toBe(200);
    const [body, mac] = token.split('.') as [string, string];
    const tampered = `${body.slice(0, -2)}${body.endsWith('A') ? 'B' : 'A'}${body.slice(-1)}.${mac}`;
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const forgedKeys = b64({ view: 'mine', c: b64({ gsi1pk: `OWNER#${who.sub}`, gsi1sk: 'x', pk: 'nope' }) });
    for (const bad of [tampered, forgedKeys, `${forgedKeys}.${mac}`, 'AAAA']) {
      const res = await ctx.api.request('GET', `/registrations?limit=1&nextToken=${bad}`, { as: who });
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
      expect(res.body.errors[0].path).toBe('nextToken');
    }
    expect((await ctx.api.request('GET', `/registrations?limit=1&nextToken=${token}`, { as: { ...STAFF, sub: 'someone-else' } })).status).toBe(400);
  });
});

describe('item 12: charsets', () => {
  it('refuses a JSON body in any charset but UTF-8 (415), accepts UTF-8', async () => {
    const latin1 = await ctx.api.request('POST', '/registrations', {
      as: STAFF,
      body: midtermBody(),
      headers: { 'content-type': 'application/json; charset=iso-8859-1' },
    });
    expect(latin1.status).toBe(415);
    const utf8 = await ctx.api.request('POST', '/registrations', { as: STAFF, body: midtermBody(), headers: { 'content-type': 'application/json; charset=UTF-8' } });
    expect(utf8.status).toBe(201);
    expect((await ctx.api.request('GET', '/registrations?view=queue', { as: IT_APPROVER })).status).toBe(200);
  });
});

describe('item 13: local mode as strict as the real edge', () => {
  const staff = { sub: STAFF.sub, email: STAFF.email, name: STAFF.name, groups: [...STAFF.groups] };
  const readWith = (authorization: string) => ctx.api.request('GET', '/registrations?limit=1', { headers: { authorization } });
  const refused = (res: { status: number; body: unknown }) =>
    expect({ status: res.status, body: res.body }).toEqual({ status: 401, body: { message: 'Unauthorized' } });

  it('refuses a token without exp, one issued in the future, one naming another key, and a second word after the token', async () => {
    const now = Math.floor(Date.now() / 1000);
    refused(await readWith(`Bearer ${await ctx.system.auth.issue(staff, { expiresIn: null })}`));
    refused(await readWith(`Bearer ${await ctx.system.auth.issue(staff, { issuedAt: now + 3600, expiresIn: now + 7200 })}`));
    refused(await readWith(`Bearer ${await ctx.system.auth.issue(staff, { keyId: 'some-other-key' })}`));
    const good = await ctx.system.auth.issue(staff);
    refused(await readWith(`Bearer ${good} x`));
    refused(await readWith(`Bearer ${good} ${good}`));
    refused(await readWith(`Basic ${good}`));
    // As API Gateway: the token alone, or prefixed with "Bearer ".
    expect((await readWith(`Bearer ${good}`)).status).toBe(200);
    expect((await readWith(good)).status).toBe(200);
  });

  it('a path that is not valid percent-encoding is 400 before any function runs, not 502', async () => {
    for (const path of ['/registrations/%ZZ', '/registrations/%E0%A4%A', '/approval-links/%']) {
      const res = await ctx.api.request('GET', path, { as: STAFF });
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
    }
  });

  it('serves the web app with the security headers CloudFront sends, and a CSP whose connect-src is its own origin only', async () => {
    const res = await fetch(`${ctx.system.url}/`);
    expect(res.status, 'the web app is built (npm test builds it before the tests)').toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy([]));
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self';");
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect({ name, value: res.headers.get(name) }).toEqual({ name, value });
  });
});
