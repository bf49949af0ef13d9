import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { createFeed, listFeeds, readFeed, revokeFeed } from '../../../shared/calendar/feeds';
import { DEFAULT_STAFFING } from '../../../shared/contracts/calendar';
import { FEED_DAYS_AFTER, FEED_DAYS_BEFORE, FEED_REQUESTS_PER_WINDOW, FEED_WINDOW_SECONDS } from '../../../shared/contracts/calendar-feeds';
import { ForbiddenError, NotFoundError, TooManyRequestsError, ValidationError } from '../../../shared/errors';
import type { Principal } from '../../../shared/rules/principal';
import { type World, inMemoryWorld } from '../../support/in-memory';
import { rejectionOf } from '../../support/in-memory/assertions';
import { BO, EVA, IVAR, KARI, OLA, examIn, givenSubmitted, midterm, software } from '../../support/in-memory/scenarios';

const BASE = 'https://api.example.edu/calendar/ics/';
const deps = (world: World) => ({ ...world, staffing: DEFAULT_STAFFING, timeZone: 'Europe/Oslo' });
const newFeed = (world: World, who: Principal, body: unknown = {}) => createFeed(world, who, body, (secret) => `${BASE}${secret}`);
const secretOf = (url: string) => url.slice(BASE.length);
const uids = (text: string) =>
  new ICAL.Component(ICAL.parse(text))
    .getAllSubcomponents('vevent')
    .map((v) => String(v.getFirstPropertyValue('uid')).replace('@exam-forms', ''))
    .sort();

describe('createFeed', () => {
  it('stores only the SHA-256 of a 256-bit secret, which differs from feed to feed', async () => {
    const world = inMemoryWorld();
    const a = await newFeed(world, KARI, { label: 'Phone' });
    const b = await newFeed(world, KARI);
    for (const f of [a, b]) expect(secretOf(f.url)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(secretOf(a.url)).not.toBe(secretOf(b.url));
    const stored = world.feeds.all();
    expect(stored.map((f) => f.secretHash).sort()).toEqual([a, b].map((f) => createHash('sha256').update(secretOf(f.url)).digest('hex')).sort());
    expect(JSON.stringify(stored)).not.toContain(secretOf(a.url));
    expect(stored.find((f) => f.id === a.id)).toMatchObject({ label: 'Phone', owner: { sub: KARI.sub }, scope: { groups: [], ownExams: true } });
  });

  it.each([
    ['staff', KARI, { groups: [], ownExams: true }],
    ['an IT approver', IVAR, { groups: ['IT'], ownExams: false }],
    ['a member of both approver groups', BO, { groups: ['ED', 'IT'], ownExams: false }],
  ] as const)('given %s, then the feed keeps what they may see', async (_who, who, scope) => {
    expect((await newFeed(inMemoryWorld(), who)).scope).toEqual(scope);
  });

  it('refuses someone with no calendar, and a body with unknown fields', async () => {
    const world = inMemoryWorld();
    await rejectionOf(newFeed(world, { sub: 'x', email: null, name: null, roles: [] }), ForbiddenError);
    expect((await rejectionOf(newFeed(world, KARI, { label: 'a', scope: 'all' }), ValidationError)).errors.map((e) => e.path)).toEqual(['scope']);
  });
});

describe('readFeed', () => {
  it('shows what the creator may see on GET /calendar, and the rights stored with the feed', async () => {
    const world = inMemoryWorld();
    const mine = await givenSubmitted(world, midterm(world), KARI);
    const theirs = await givenSubmitted(world, midterm(world), OLA);
    const itOnly = await givenSubmitted(world, software(world), OLA);
    const read = async (who: Principal) => uids(await readFeed(deps(world), secretOf((await newFeed(world, who)).url)));
    expect(await read(KARI)).toEqual([mine.id]);
    expect(await read(OLA)).toEqual([theirs.id, itOnly.id].sort());
    expect(await read(IVAR)).toEqual([mine.id, theirs.id, itOnly.id].sort());
    expect(await read(EVA)).toEqual([mine.id, theirs.id].sort());
  });

  it(`holds the exams from ${FEED_DAYS_BEFORE} days ago to ${FEED_DAYS_AFTER} days ahead`, async () => {
    const world = inMemoryWorld();
    const r = await givenSubmitted(world, midterm(world, { exam: examIn(world, 30) }), KARI);
    const secret = secretOf((await newFeed(world, KARI)).url);
    expect(uids(await readFeed(deps(world), secret))).toEqual([r.id]);
    world.clock.advance({ days: 30 + FEED_DAYS_BEFORE - 1 });
    expect(uids(await readFeed(deps(world), secret))).toEqual([r.id]);
    world.clock.advance({ days: 2 });
    expect(uids(await readFeed(deps(world), secret))).toEqual([]);

    const later = inMemoryWorld();
    await givenSubmitted(later, midterm(later, { exam: examIn(later, FEED_DAYS_AFTER + 2) }), KARI);
    expect(uids(await readFeed(deps(later), secretOf((await newFeed(later, KARI)).url)))).toEqual([]);
  });

  it('answers each feed a limited number of times per window, across instances; other feeds are not held up', async () => {
    const world = inMemoryWorld();
    const busy = secretOf((await newFeed(world, KARI)).url);
    const quiet = secretOf((await newFeed(world, KARI)).url);
    world.clock.set(new Date(Math.ceil(world.clock.now().getTime() / (FEED_WINDOW_SECONDS * 1000)) * FEED_WINDOW_SECONDS * 1000));
    for (let i = 0; i < FEED_REQUESTS_PER_WINDOW; i++) await readFeed(deps(world), busy);
    const refused = await rejectionOf(readFeed(deps(world), busy), TooManyRequestsError);
    expect(refused.retryAfterSeconds).toBe(FEED_WINDOW_SECONDS);
    await readFeed(deps(world), quiet);
    world.clock.advance({ seconds: FEED_WINDOW_SECONDS });
    await readFeed(deps(world), busy);
  });

  it.each([
    ['an unknown secret', 'A'.repeat(43)],
    ['a malformed one', 'short'],
    ['an empty one', ''],
  ])('%s is NotFoundError', async (_what, secret) => {
    const world = inMemoryWorld();
    await newFeed(world, KARI);
    await rejectionOf(readFeed(deps(world), secret), NotFoundError);
  });
});

describe('listFeeds and revokeFeed', () => {
  it('the creator lists their feeds without secrets and revokes them; nobody else can', async () => {
    const world = inMemoryWorld();
    const a = await newFeed(world, KARI);
    const b = await newFeed(world, KARI, { label: 'Laptop' });
    const other = await newFeed(world, OLA);
    const list = await listFeeds(world, KARI);
    expect(list.items.map((f) => f.id)).toEqual([a.id, b.id]);
    expect(list.items.every((f) => !('url' in f) && !('secretHash' in f))).toBe(true);

    await rejectionOf(revokeFeed(world, OLA, a.id), NotFoundError);
    await rejectionOf(revokeFeed(world, IVAR, a.id), NotFoundError);
    await readFeed(deps(world), secretOf(a.url));
    await revokeFeed(world, KARI, a.id);
    await rejectionOf(readFeed(deps(world), secretOf(a.url)), NotFoundError);
    await rejectionOf(revokeFeed(world, KARI, a.id), NotFoundError);
    await readFeed(deps(world), secretOf(b.url));
    await readFeed(deps(world), secretOf(other.url));
    expect((await listFeeds(world, KARI)).items.map((f) => f.id)).toEqual([b.id]);
  });
});
