import { randomBytes } from 'node:crypto';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ED_APPROVER, IT_APPROVER, OTHER_STAFF, STAFF, examStartIn, midtermBody, softwareBody } from '../support/fixtures';
import type { Identity } from '../support/api-client';
import { startTestSystem } from '../support/local-system';
import { decide, submitAndWaitForApprovers, waitForStatus } from '../support/workflow';

/**
 * iCalendar feeds against the local system: creating, listing and revoking them, who sees what
 * through a feed, guessed and revoked secrets, and the feed itself read back with ical.js, an
 * independent parser (the feed is written with ical-generator).
 */

let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem();
});
afterAll(async () => ctx?.system.stop());

interface ParsedEvent {
  uid: string;
  summary: string;
  status: string;
  sequence: number;
  start: Date;
  end: Date;
  startIsUtc: boolean;
  description: string;
}

/** GETs a feed URL with no token; parses it with ical.js. */
const fetchFeed = async (url: string) => {
  const res = await fetch(url);
  const text = await res.text();
  return { res, text };
};

const parseFeed = (text: string): { name: unknown; events: ParsedEvent[] } => {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      status: String(v.getFirstPropertyValue('status')),
      sequence: e.sequence,
      start: e.startDate.toJSDate(),
      end: e.endDate.toJSDate(),
      startIsUtc: e.startDate.zone === ICAL.Timezone.utcTimezone && e.endDate.zone === ICAL.Timezone.utcTimezone,
      description: e.description,
    };
  });
  return { name: calendar.getFirstPropertyValue('x-wr-calname'), events };
};

const createFeed = async (who: Identity, body?: unknown) => {
  const res = await ctx.api.request('POST', '/calendar/feeds', { as: who, ...(body === undefined ? {} : { body }) });
  return res;
};

const eventOf = (events: ParsedEvent[], id: string) => events.find((e) => e.uid === `${id}@exam-forms`);

describe('POST /calendar/feeds', () => {
  it('gives staff a secret URL once; the feed holds their exam as a tentative event in UTC', async () => {
    const start = examStartIn(33);
    const r = await submitAndWaitForApprovers(ctx, STAFF, midtermBody({ exam: { type: 'home', start, durationMinutes: 120, candidates: 40 } } as never));
    const created = await createFeed(STAFF, { label: 'My phone' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ label: 'My phone', scope: { groups: [], ownExams: true } });
    expect(created.body.url).toMatch(new RegExp(`^${ctx.system.url}/calendar/ics/[A-Za-z0-9_-]{43}$`));

    const { res, text } = await fetchFeed(created.body.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toContain('no-store');
    const feed = parseFeed(text);
    expect(feed.name).toBe('Your exams');
    const event = eventOf(feed.events, r.id);
    expect(event).toMatchObject({ status: 'TENTATIVE', sequence: 1, startIsUtc: true, summary: 'TDT4100 Object-oriented programming (mid-term exam)' });
    expect(event?.start.toISOString()).toBe(new Date(start).toISOString());
    const extra = (r.derived as unknown as { additionalMinutes: number }).additionalMinutes;
    expect(event?.end.toISOString()).toBe(new Date(Date.parse(start) + (120 + extra) * 60_000).toISOString());
    // UTC on the wire too, not a floating or zoned time.
    expect(text).toMatch(
      new RegExp(
        `DTSTART:${new Date(start)
          .toISOString()
          .replace(/[-:]/g, '')
          .replace(/\.\d{3}/, '')}\\r\\n`,
      ),
    );
  });

  it('stores what the creator may see then: approvers their groups, staff their own', async () => {
    const both = { sub: 'inga-both', email: 'inga@example.edu', name: 'Inga', groups: ['IT', 'staff'] } as const;
    const res = await createFeed(both);
    expect(res.status).toBe(201);
    expect(res.body.scope).toEqual({ groups: ['IT'], ownExams: true });
    expect((await createFeed(ED_APPROVER)).body.scope).toEqual({ groups: ['ED'], ownExams: false });
  });

  it('needs a token, and a role', async () => {
    expect((await ctx.api.request('POST', '/calendar/feeds', {})).status).toBe(401);
    const noRole = await ctx.system.auth.issue({ sub: 'nobody', email: 'nobody@example.edu', groups: [] as never });
    expect((await ctx.api.request('POST', '/calendar/feeds', { headers: { authorization: `Bearer ${noRole}` } })).status).toBe(403);
  });

  it.each([
    { body: { label: 'x'.repeat(101) }, field: 'label' },
    { body: { label: 5 }, field: 'label' },
    { body: { label: 'ok', groups: ['ED'] }, field: 'groups' },
  ])('400 naming $field', async ({ body, field }) => {
    const res = await createFeed(STAFF, body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([field]);
  });
});

describe('what a feed shows', () => {
  it('exactly what its creator sees on GET /calendar', async () => {
    const start = examStartIn(36);
    const mine = await submitAndWaitForApprovers(ctx, STAFF, midtermBody({ exam: { type: 'home', start, durationMinutes: 60, candidates: 10 } } as never));
    const software = await submitAndWaitForApprovers(ctx, STAFF, softwareBody({ exam: { type: 'school', start, durationMinutes: 60, candidates: 10 } }));
    const theirs = await submitAndWaitForApprovers(ctx, OTHER_STAFF, midtermBody({ exam: { type: 'home', start, durationMinutes: 60, candidates: 10 } } as never));
    const day = start.slice(0, 10);
    for (const who of [STAFF, OTHER_STAFF, IT_APPROVER, ED_APPROVER] as Identity[]) {
      const feed = parseFeed((await fetchFeed((await createFeed(who)).body.url)).text);
      const cal = await ctx.api.request('GET', `/calendar?from=${day}&to=${day}`, { as: who });
      const onCalendar = cal.body.items.map((i: { id: string }) => i.id).sort();
      const inFeed = feed.events.map((e) => e.uid.replace('@exam-forms', '')).filter((id) => [mine.id, software.id, theirs.id].includes(id));
      expect({ who: who.sub, ids: inFeed.sort() }).toEqual({ who: who.sub, ids: onCalendar.filter((id: string) => [mine.id, software.id, theirs.id].includes(id)) });
    }
    // ED does not decide a software request without web services; IT sees every one; staff their own.
    const ed = parseFeed((await fetchFeed((await createFeed(ED_APPROVER)).body.url)).text);
    expect(eventOf(ed.events, software.id)).toBeUndefined();
    expect(eventOf(ed.events, theirs.id)?.description).toContain('ED needs 1 on duty.');
    const staff = parseFeed((await fetchFeed((await createFeed(STAFF)).body.url)).text);
    expect(eventOf(staff.events, theirs.id)).toBeUndefined();
    expect(eventOf(staff.events, mine.id)?.description).not.toContain('on duty');
  });

  it('an approved exam is CONFIRMED; a cancelled one CANCELLED, with a higher SEQUENCE', async () => {
    const url = (await createFeed(STAFF)).body.url;
    const r = await submitAndWaitForApprovers(
      ctx,
      STAFF,
      midtermBody({ exam: { type: 'home', start: examStartIn(38), durationMinutes: 60, candidates: 10 } } as never),
    );
    for (const [who, g] of [
      [IT_APPROVER, 'IT'],
      [ED_APPROVER, 'ED'],
    ] as const)
      expect((await decide(ctx, who, r.id, g, 'approve')).status).toBe(200);
    await waitForStatus(ctx, STAFF, r.id, 'APPROVED');
    const approved = eventOf(parseFeed((await fetchFeed(url)).text).events, r.id);
    expect(approved?.status).toBe('CONFIRMED');

    expect((await ctx.api.request('POST', `/registrations/${r.id}/cancel`, { as: STAFF, body: { reason: 'Course moved' } })).status).toBe(200);
    const cancelled = eventOf(parseFeed((await fetchFeed(url)).text).events, r.id);
    expect(cancelled?.status).toBe('CANCELLED');
    expect(cancelled?.sequence).toBeGreaterThan(approved?.sequence ?? Infinity);
  });

  it('a resubmission that moves the exam keeps its UID, moves it, and raises its SEQUENCE', async () => {
    const url = (await createFeed(STAFF)).body.url;
    const start = examStartIn(40);
    const r = await submitAndWaitForApprovers(ctx, STAFF, midtermBody({ exam: { type: 'home', start, durationMinutes: 60, candidates: 10 } } as never));
    const before = eventOf(parseFeed((await fetchFeed(url)).text).events, r.id);
    expect(before?.start.toISOString()).toBe(new Date(start).toISOString());

    expect((await decide(ctx, ED_APPROVER, r.id, 'ED', 'request-changes', 'Another day')).status).toBe(200);
    await waitForStatus(ctx, STAFF, r.id, 'CHANGES_REQUESTED');
    const moved = examStartIn(41);
    const res = await ctx.api.request('PUT', `/registrations/${r.id}`, {
      as: STAFF,
      body: midtermBody({ exam: { type: 'home', start: moved, durationMinutes: 60, candidates: 10 } } as never),
    });
    expect(res.status).toBe(200);
    const after = parseFeed((await fetchFeed(url)).text).events.filter((e) => e.uid === `${r.id}@exam-forms`);
    expect(after).toHaveLength(1);
    expect(after[0]?.start.toISOString()).toBe(new Date(moved).toISOString());
    expect(after[0]?.status).toBe('TENTATIVE');
    expect(after[0]?.sequence).toBeGreaterThan(before?.sequence ?? Infinity);
  });
});

describe('listing and revoking feeds', () => {
  it('the creator lists their feeds without URLs; nobody else sees them', async () => {
    const who = { sub: 'lise-list', email: 'lise@example.edu', name: 'Lise', groups: ['staff'] } as const;
    const a = (await createFeed(who, { label: 'Laptop' })).body;
    const b = (await createFeed(who)).body;
    const list = await ctx.api.request('GET', '/calendar/feeds', { as: who });
    expect(list.status).toBe(200);
    expect(list.body.items.map((f: { id: string }) => f.id).sort()).toEqual([a.id, b.id].sort());
    expect(JSON.stringify(list.body)).not.toContain(a.url.split('/').pop());
    expect(list.body.items.every((f: Record<string, unknown>) => !('url' in f) && !('secretHash' in f))).toBe(true);
    const others = await ctx.api.request('GET', '/calendar/feeds', { as: OTHER_STAFF });
    expect(others.body.items.map((f: { id: string }) => f.id)).not.toContain(a.id);
  });

  it('only the creator revokes; the URL is 404 from then on', async () => {
    const feed = (await createFeed(STAFF)).body;
    expect((await fetchFeed(feed.url)).res.status).toBe(200);
    for (const who of [OTHER_STAFF, IT_APPROVER]) expect((await ctx.api.request('DELETE', `/calendar/feeds/${feed.id}`, { as: who })).status).toBe(404);
    expect((await ctx.api.request('DELETE', `/calendar/feeds/${feed.id}`, {})).status).toBe(401);
    expect((await fetchFeed(feed.url)).res.status).toBe(200);

    const res = await ctx.api.request('DELETE', `/calendar/feeds/${feed.id}`, { as: STAFF });
    expect(res.status).toBe(204);
    const gone = await fetchFeed(feed.url);
    expect(gone.res.status).toBe(404);
    expect(JSON.parse(gone.text)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect((await ctx.api.request('DELETE', `/calendar/feeds/${feed.id}`, { as: STAFF })).status).toBe(404);
    expect((await ctx.api.request('GET', '/calendar/feeds', { as: STAFF })).body.items.map((f: { id: string }) => f.id)).not.toContain(feed.id);
  });

  it.each([['not-a-feed'], ['00000000-0000-4000-8000-000000000000'], ['x'.repeat(200)], ['..%2F..%2Fregistrations']])(
    'an unknown or malformed id %s is 404',
    async (id) => {
      expect((await ctx.api.request('DELETE', `/calendar/feeds/${id}`, { as: STAFF })).status).toBe(404);
    },
  );
});

describe('guessed secrets', () => {
  it('an unknown, altered or malformed secret is 404, with no token needed to be told so', async () => {
    const url: string = (await createFeed(STAFF)).body.url;
    const secret = url.split('/').pop() as string;
    const altered = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    for (const guess of [
      randomBytes(32).toString('base64url'),
      altered,
      secret.slice(0, 20),
      `${secret}x`,
      secret.toUpperCase() === secret ? 'a' : secret.toUpperCase(),
    ]) {
      const res = await fetchFeed(`${ctx.system.url}/calendar/ics/${encodeURIComponent(guess)}`);
      expect({ guess, status: res.res.status }).toEqual({ guess, status: 404 });
    }
    expect((await fetchFeed(url)).res.status).toBe(200);
  });
});
