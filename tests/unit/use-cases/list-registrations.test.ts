import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ForbiddenError, ValidationError } from '../../../shared/errors';
import { decideExtraTime } from '../../../shared/notices/extra-time';
import { reportIncident } from '../../../shared/notices/incidents';
import { cancelRegistration } from '../../../shared/registrations/cancel-registration';
import { resubmitRegistration } from '../../../shared/registrations/resubmit-registration';
import { localDate } from '../../../shared/rules/exam-rules';
import { listRegistrations } from '../../../shared/registrations/list-registrations';
import type { Principal } from '../../../shared/rules/principal';
import { PAGE_TOKEN_KEY, type World, inMemoryWorld } from '../../support/in-memory';
import { rejectionOf } from '../../support/in-memory/assertions';
import {
  BO,
  EVA,
  IVAR,
  KARI,
  OLA,
  decide,
  examIn,
  givenApproved,
  givenChangesRequested,
  givenSubmitted,
  midterm,
  software,
} from '../../support/in-memory/scenarios';

type Query = Record<string, string | undefined>;

/** Submits `count` registrations, one a minute, and gives their ids in the order submitted. */
const givenSubmissions = async (world: World, count: number, by: Principal = KARI, body = midterm) => {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push((await givenSubmitted(world, body(world), by)).id);
    world.clock.advance({ minutes: 1 });
  }
  return ids;
};

const list = (world: World, who: Principal, query: Query = {}) => listRegistrations(world, who, query);

/** Follows nextToken to the end; gives the ids of each page. */
const pages = async (world: World, who: Principal, query: Query) => {
  const out: string[][] = [];
  let nextToken: string | undefined;
  do {
    const page = await list(world, who, { ...query, ...(nextToken ? { nextToken } : {}) });
    out.push(page.items.map((i) => i.id));
    nextToken = page.nextToken ?? undefined;
  } while (nextToken && out.length < 20);
  return out;
};

const pageToken = (t: object) => Buffer.from(JSON.stringify(t)).toString('base64url');
/** A token sealed for `who` as the server seals them (HMAC over the caller and the body), with the world's key unless told. */
const sealed = (t: object | string, who: Principal, key = PAGE_TOKEN_KEY) => {
  const body = typeof t === 'string' ? t : pageToken(t);
  return `${body}.${createHmac('sha256', key).update(`${who.sub}\n${body}`).digest('base64url')}`;
};
const STAFF_AND_IT: Principal = { sub: 'siri', email: 'siri@example.edu', name: 'Siri', roles: ['staff', 'IT'] };

describe('listRegistrations', () => {
  describe('given a member of staff with registrations of their own', () => {
    it("when listing without a view, then they get their own, newest first, and nobody else's", async () => {
      const world = inMemoryWorld();
      const mine = await givenSubmissions(world, 3);
      await givenSubmissions(world, 2, OLA);

      const page = await list(world, KARI);
      expect(page.items.map((i) => i.id)).toEqual([...mine].reverse());
      expect(page.nextToken).toBeNull();
    });

    it("when listing, then each item carries its current round's approvals and no version", async () => {
      const world = inMemoryWorld();
      const [id] = await givenSubmissions(world, 1);
      await decide(world, id as string, 'IT', 'approve');

      const [item] = (await list(world, KARI)).items;
      expect(item?.approvals.map((a) => [a.group, a.state])).toEqual([
        ['ED', 'PENDING'],
        ['IT', 'APPROVED'],
      ]);
      expect(item).not.toHaveProperty('version');
    });

    it.each([
      [5, 2, [[4, 3], [2, 1], [0]]],
      [4, 2, [[3, 2], [1, 0], []]],
      [3, 5, [[2, 1, 0]]],
    ])('when %i registrations are read %i at a time, then the pages hold each once, newest first', async (count, limit, expected) => {
      const world = inMemoryWorld();
      const ids = await givenSubmissions(world, count);

      expect(await pages(world, KARI, { limit: String(limit) })).toEqual(expected.map((p) => p.map((i) => ids[i])));
    });

    it('when filtered by status, then only those are listed and a page is filled from further back', async () => {
      const world = inMemoryWorld();
      const ids = await givenSubmissions(world, 6);
      for (const id of [ids[0], ids[1], ids[3]]) await cancelRegistration(world, KARI, id as string, {});

      const first = await list(world, KARI, { status: 'CANCELLED', limit: '2' });
      expect(first.items.map((i) => i.id)).toEqual([ids[3], ids[1]]);
      expect((await pages(world, KARI, { status: 'CANCELLED', limit: '2' })).flat()).toEqual([ids[3], ids[1], ids[0]]);
    });

    it('when filtered by kind, then only that kind is listed', async () => {
      const world = inMemoryWorld();
      await givenSubmissions(world, 2);
      const requests = await givenSubmissions(world, 2, KARI, software);

      expect((await list(world, KARI, { kind: 'software' })).items.map((i) => i.id)).toEqual([...requests].reverse());
    });
  });

  describe('given approvers and what waits for their groups', () => {
    it("when an IT approver lists without a view, then they get IT's queue, oldest first", async () => {
      const world = inMemoryWorld();
      const ids = await givenSubmissions(world, 3);

      expect((await list(world, IVAR)).items.map((i) => i.id)).toEqual(ids);
    });

    it("when a group has decided, then the registration leaves that group's queue and stays in the other's", async () => {
      const world = inMemoryWorld();
      const [first, second] = await givenSubmissions(world, 2);
      await decide(world, first as string, 'IT', 'approve');

      expect((await list(world, IVAR)).items.map((i) => i.id)).toEqual([second]);
      expect((await list(world, EVA)).items.map((i) => i.id)).toEqual([first, second]);
    });

    it("when a software request waits for IT alone, then it is in IT's queue and not in ED's", async () => {
      const world = inMemoryWorld();
      const [request] = await givenSubmissions(world, 1, KARI, software);

      expect((await list(world, IVAR)).items.map((i) => i.id)).toEqual([request]);
      expect((await list(world, EVA)).items).toEqual([]);
    });

    it('when a member of both groups pages through, then a registration waiting for both groups is listed once, and the count says so', async () => {
      const world = inMemoryWorld();
      const [a] = await givenSubmissions(world, 1);
      const [b] = await givenSubmissions(world, 1, KARI, software);

      expect(await pages(world, BO, { limit: '1' })).toEqual([[a], [b]]);
      expect((await list(world, BO, { limit: '1' })).total).toBe(2);
    });

    it('when a member of both groups asks for one group, then only that queue is read', async () => {
      const world = inMemoryWorld();
      const [a] = await givenSubmissions(world, 1);
      const [b] = await givenSubmissions(world, 1, KARI, software);

      expect((await pages(world, BO, { group: 'IT' })).flat()).toEqual([a, b]);
      expect((await pages(world, BO, { group: 'ED' })).flat()).toEqual([a]);
    });

    it('when the queue is filtered by kind, then only that kind is listed', async () => {
      const world = inMemoryWorld();
      await givenSubmissions(world, 2);
      const [b] = await givenSubmissions(world, 1, KARI, software);

      expect((await list(world, IVAR, { kind: 'software' })).items.map((i) => i.id)).toEqual([b]);
    });

    it('when the queue is asked for pending registrations, then that is what it lists', async () => {
      const world = inMemoryWorld();
      const ids = await givenSubmissions(world, 2);

      expect((await list(world, IVAR, { status: 'PENDING_APPROVAL' })).items.map((i) => i.id)).toEqual(ids);
    });
  });

  describe('given a queue to sort, filter and search', () => {
    /** Registrations submitted in this order, their exams `days` ahead (the decision deadline is a week before each). */
    const givenExams = async (world: World, exams: { days: number; type?: 'home' | 'school'; course?: { code: string; name: string } }[]) => {
      const ids: string[] = [];
      for (const e of exams) {
        const body = midterm(world, { exam: examIn(world, e.days, e.type ?? 'home'), ...(e.course ? { course: e.course } : {}) });
        ids.push((await givenSubmitted(world, body)).id);
        world.clock.advance({ minutes: 1 });
      }
      return ids;
    };

    it('when listed, then the most urgent decision deadline comes first, whatever the order of submission, and the count is on every page', async () => {
      const world = inMemoryWorld();
      const [late, soon, middle] = await givenExams(world, [{ days: 90 }, { days: 30 }, { days: 60 }]);

      const first = await list(world, IVAR, { limit: '2' });
      expect(first.items.map((i) => i.id)).toEqual([soon, middle]);
      expect(first.total).toBe(3);
      const second = await list(world, IVAR, { limit: '2', nextToken: first.nextToken ?? '' });
      expect([second.items.map((i) => i.id), second.total, second.nextToken]).toEqual([[late], 3, null]);
    });

    it('when an item of the first page is decided before the next page is read, then the next page neither skips nor repeats one', async () => {
      const world = inMemoryWorld();
      const ids = await givenExams(world, [{ days: 30 }, { days: 31 }, { days: 32 }, { days: 33 }]);
      const first = await list(world, IVAR, { limit: '2' });
      await decide(world, ids[0] as string, 'IT', 'approve');

      expect((await list(world, IVAR, { limit: '2', nextToken: first.nextToken ?? '' })).items.map((i) => i.id)).toEqual([ids[2], ids[3]]);
    });

    it("when a page is shown, then the queue is sorted and counted from its entries and only the page's registrations are read, at once", async () => {
      const world = inMemoryWorld();
      const [, d30, d33, d31, d32] = await givenExams(world, [{ days: 34 }, { days: 30 }, { days: 33 }, { days: 31 }, { days: 32 }]);
      const read: string[][] = [];
      const queries = Object.assign(Object.create(world.queries) as typeof world.queries, {
        getListed: (ids: readonly string[]) => {
          read.push([...ids]);
          return world.queries.getListed(ids);
        },
      });
      const watched = { ...world, queries };

      const first = await listRegistrations(watched, IVAR, { limit: '2' });
      const second = await listRegistrations(watched, IVAR, { limit: '2', nextToken: first.nextToken ?? '' });
      expect([first.total, second.total]).toEqual([5, 5]);
      expect(read).toEqual([
        [d30, d31],
        [d32, d33],
      ]);
      expect([...first.items, ...second.items].map((i) => i.id)).toEqual([d30, d31, d32, d33]);
      // Nothing matches: no registration is read.
      expect((await listRegistrations(watched, IVAR, { q: 'no such course' })).total).toBe(0);
      expect(read).toHaveLength(2);
    });

    it('when filtered by exam type, local date range, resubmission and a search, then each narrows the list and the count', async () => {
      const world = inMemoryWorld();
      const [home30, school40, maths50] = await givenExams(world, [
        { days: 30 },
        { days: 40, type: 'school' },
        { days: 50, course: { code: 'TMA4100', name: 'Matematikk 1' } },
      ]);
      const again = await givenChangesRequested(world, midterm(world, { exam: examIn(world, 45) }));
      await resubmitRegistration(world, KARI, again.id, midterm(world, { exam: examIn(world, 46) }));
      const ids = async (query: Query) => {
        const page = await list(world, EVA, query);
        expect(page.total).toBe(page.items.length);
        return page.items.map((i) => i.id);
      };
      const day = (days: number) => localDate(examIn(world, days).start, 'Europe/Oslo');

      expect(await ids({ examType: 'school' })).toEqual([school40]);
      expect(await ids({ from: day(35), to: day(50) })).toEqual([school40, again.id, maths50]);
      expect(await ids({ from: day(46), to: day(46) })).toEqual([again.id]);
      expect(await ids({ resubmitted: 'true' })).toEqual([again.id]);
      expect(await ids({ resubmitted: 'false' })).toEqual([home30, school40, maths50]);
      expect(await ids({ q: 'tma' })).toEqual([maths50]);
      expect(await ids({ q: '  MATEMATIKK ' })).toEqual([maths50]);
      expect(await ids({ q: 'nothing like it' })).toEqual([]);
    });

    it('when each item is listed, then it carries what the list shows: exam, candidates, round, deadline and software', async () => {
      const world = inMemoryWorld();
      await givenSubmissions(world, 1, KARI, software);
      const [item] = (await list(world, IVAR)).items;
      expect(item?.form.exam.candidates).toBe(120);
      expect(item?.round).toBe(1);
      expect(item?.derived.studentInfoDueBy).toMatch(/^\d{4}-/);
      expect(item?.form.kind === 'software' ? item.form.software.map((s) => s.name).length : 0).toBeGreaterThan(0);
    });

    it.each([
      ['a date range that ends before it starts', { from: '2027-03-10', to: '2027-03-09' }, 'to'],
      ['a date that is not one', { from: '2027-02-30' }, 'from'],
      ['an unknown exam type', { examType: 'oral' }, 'examType'],
      ['a resubmitted flag that is not true or false', { resubmitted: 'yes' }, 'resubmitted'],
      ['a search of over 100 characters', { q: 'x'.repeat(101) }, 'q'],
    ])('when the queue is asked with %s, then ValidationError on %s', async (_what, query, path) => {
      const world = inMemoryWorld();
      const error = await rejectionOf(list(world, IVAR, query), ValidationError);
      expect(error.errors.map((e) => e.path)).toEqual([path]);
    });
  });

  describe("given decisions of the caller's group", () => {
    it('when listing view=decided, then the decisions come newest first, with who decided, when and the round, and the other group sees only its own', async () => {
      const world = inMemoryWorld();
      const [a, b, c] = await givenSubmissions(world, 3);
      await decide(world, b as string, 'IT', 'approve');
      world.clock.advance({ minutes: 5 });
      await decide(world, a as string, 'IT', 'request-changes', 'Move it');
      world.clock.advance({ minutes: 5 });
      await decide(world, c as string, 'ED', 'approve');

      const page = await list(world, IVAR, { view: 'decided' });
      expect(page.items.map((i) => [i.id, i.decision?.state, i.decision?.decidedBy?.sub, i.decision?.round, i.decision?.comment])).toEqual([
        [a, 'CHANGES_REQUESTED', IVAR.sub, 1, 'Move it'],
        [b, 'APPROVED', IVAR.sub, 1, null],
      ]);
      expect(page.items[0]?.status).toBe('CHANGES_REQUESTED');
      // ED's approval of a was closed by IT's change request: ED did not decide it.
      expect((await list(world, EVA, { view: 'decided' })).items.map((i) => i.id)).toEqual([c]);
    });

    it('when a kept approval carries into a new round, then it is listed once, as decided in its first round', async () => {
      const world = inMemoryWorld();
      const r = await givenChangesRequested(world, midterm(world));
      await resubmitRegistration(world, KARI, r.id, { ...midterm(world), notes: 'A bigger room' });

      expect((await list(world, IVAR, { view: 'decided' })).items.map((i) => [i.id, i.decision?.round, i.round])).toEqual([[r.id, 1, 2]]);
    });

    it('when paged, then each decision comes once; a token of one group is refused for the other', async () => {
      const world = inMemoryWorld();
      const ids = await givenSubmissions(world, 3);
      for (const id of ids) {
        await decide(world, id, 'IT', 'approve');
        await decide(world, id, 'ED', 'approve');
        world.clock.advance({ minutes: 1 });
      }
      expect((await pages(world, BO, { view: 'decided', group: 'IT', limit: '2' })).flat()).toEqual([...ids].reverse());
      const token = (await list(world, BO, { view: 'decided', group: 'IT', limit: '1' })).nextToken ?? '';
      const error = await rejectionOf(list(world, BO, { view: 'decided', group: 'ED', nextToken: token }), ValidationError);
      expect(error.errors.map((e) => [e.path, e.code])).toEqual([['nextToken', 'INVALID_PAGE_TOKEN']]);
    });

    it.each([
      ['staff', KARI, {}],
      ["an IT approver asking for ED's", IVAR, { group: 'ED' }],
    ])('when %s asks for them, then ForbiddenError', async (_what, who, query) => {
      const world = inMemoryWorld();
      await rejectionOf(list(world, who, { view: 'decided', ...query }), ForbiddenError);
    });
  });

  describe('given a caller asking for a list that is not theirs', () => {
    it.each([
      ['staff asking for a queue', KARI, { view: 'queue' }],
      ['an approver asking for their own registrations', IVAR, { view: 'mine' }],
      ["an IT approver asking for ED's queue", IVAR, { group: 'ED' }],
    ])('when %s, then ForbiddenError', async (_what, who, query) => {
      const world = inMemoryWorld();
      await rejectionOf(list(world, who, query), ForbiddenError);
    });
  });

  describe('given a query that is not valid', () => {
    it.each([
      ['a limit of 0', 'limit', { limit: '0' }],
      ['a limit over 100', 'limit', { limit: '101' }],
      ['a limit that is not a number', 'limit', { limit: 'ten' }],
      ['an unknown view', 'view', { view: 'all' }],
      ['an unknown status', 'status', { status: 'DONE' }],
      ['an unknown parameter', 'sort', { sort: 'asc' }],
    ])('when it has %s, then ValidationError on %s', async (_what, path, query) => {
      const world = inMemoryWorld();
      const error = await rejectionOf(list(world, KARI, query), ValidationError);
      expect(error.errors.map((e) => e.path)).toEqual([path]);
    });

    it('when the queue is asked for another status, then ValidationError on status', async () => {
      const world = inMemoryWorld();
      const error = await rejectionOf(list(world, IVAR, { status: 'APPROVED' }), ValidationError);
      expect(error.errors.map((e) => e.path)).toEqual(['status']);
    });
  });

  describe('given a page token the caller was not given for this list', () => {
    /** A world with enough registrations that every list has a second page, and the tokens to them. */
    const givenTokens = async () => {
      const world = inMemoryWorld();
      await givenSubmissions(world, 3);
      await givenSubmissions(world, 3, OLA);
      const next = async (who: Principal, query: Query): Promise<string> => (await list(world, who, { ...query, limit: '1' })).nextToken as string;
      return {
        world,
        karisMine: await next(KARI, {}),
        itQueue: await next(IVAR, {}),
        siriQueue: await next(STAFF_AND_IT, { view: 'queue' }),
      };
    };

    it.each([
      ['a forged token that is not JSON', 'not-a-token', KARI],
      ['a sealed token of the wrong shape', sealed({ view: 'mine', c: 42 }, KARI), KARI],
      ['a sealed token whose store cursor is forged', sealed({ view: 'mine', c: 'garbage' }, KARI), KARI],
      ['a sealed own-list token without a cursor', sealed({ view: 'mine' }, KARI), KARI],
      ["a sealed queue token pointing past the caller's groups", sealed({ view: 'queue', g: 1 }, IVAR), IVAR],
      ['a well-formed token without a seal', pageToken({ view: 'queue', g: 0 }), IVAR],
      ['a token sealed with another key', sealed({ view: 'queue', g: 0 }, IVAR, 'another-key-of-at-least-32-characters!!'), IVAR],
    ])('when it is %s, then ValidationError INVALID_PAGE_TOKEN on nextToken', async (_what, forged, who) => {
      const { world } = await givenTokens();
      const error = await rejectionOf(list(world, who, { nextToken: forged }), ValidationError);
      expect(error.errors.map((e) => [e.path, e.code])).toEqual([['nextToken', 'INVALID_PAGE_TOKEN']]);
    });

    it('when a token issued to the caller is tampered with (its body changed, the seal kept), then ValidationError INVALID_PAGE_TOKEN', async () => {
      const { world, itQueue } = await givenTokens();
      const [, seal] = itQueue.split('.');
      const tampered = `${pageToken({ view: 'queue', g: 0 })}.${seal}`;
      expect(tampered).not.toBe(itQueue);
      const error = await rejectionOf(list(world, IVAR, { nextToken: tampered }), ValidationError);
      expect(error.errors.map((e) => [e.path, e.code])).toEqual([['nextToken', 'INVALID_PAGE_TOKEN']]);
    });

    it('when a token issued to another user is used, even for the same view and by a member of the same group, then ValidationError INVALID_PAGE_TOKEN', async () => {
      const { world, itQueue } = await givenTokens();
      const error = await rejectionOf(list(world, BO, { group: 'IT', nextToken: itQueue }), ValidationError);
      expect(error.errors.map((e) => [e.path, e.code])).toEqual([['nextToken', 'INVALID_PAGE_TOKEN']]);
    });

    it.each([
      ["another user's token for their own list", 'karisMine', OLA, {}],
      ['an own-list token used for the queue', 'karisMine', STAFF_AND_IT, { view: 'queue' }],
      ['a queue token used for the own list', 'siriQueue', STAFF_AND_IT, { view: 'mine' }],
      ["IT's queue token used for ED's queue", 'itQueue', EVA, {}],
      ["IT's queue token used with group=ED", 'itQueue', BO, { group: 'ED' }],
    ] as const)('when it is %s, then ValidationError on nextToken', async (_what, which, who, query) => {
      const tokens = await givenTokens();
      const error = await rejectionOf(list(tokens.world, who, { ...query, nextToken: tokens[which] }), ValidationError);
      expect(error.errors.map((e) => [e.path, e.code])).toEqual([['nextToken', 'INVALID_PAGE_TOKEN']]);
    });

    it('when the owner uses their own token, then it reads on (the tokens above fail for the list, not by their age)', async () => {
      const { world, karisMine } = await givenTokens();
      expect((await list(world, KARI, { limit: '1', nextToken: karisMine })).items).toHaveLength(1);
    });
  });
});

describe('listRegistrations: errors in the question set waiting for their extra time (R8)', () => {
  const report = async (world: World, body: Record<string, unknown>, phase: 'before-start' | 'during') => {
    const r = await givenApproved(world, body);
    const incident = await reportIncident(world, KARI, r.id, { message: 'Task 3 is wrong', phase });
    world.clock.advance({ minutes: 1 });
    return { id: r.id, incident };
  };

  it('given IT/ED incidents during exams, then both IT and ED find them at the head of their queue, oldest first, until the extra time is recorded', async () => {
    const world = inMemoryWorld();
    const first = await report(world, midterm(world), 'during');
    // A software request that only IT approved: ED handles its incident all the same.
    const second = await report(world, software(world), 'during');
    await report(world, midterm(world), 'before-start');
    await report(world, software(world, { exam: examIn(world, 60, 'home', 420) }), 'during');

    for (const approver of [IVAR, EVA]) {
      const page = await list(world, approver, { view: 'queue' });
      expect(page.incidentsAwaitingExtraTime?.map((w) => [w.registration.id, w.incident.id, w.incident.route])).toEqual([
        [first.id, first.incident.id, 'IT_ED'],
        [second.id, second.incident.id, 'IT_ED'],
      ]);
      expect(page.incidentsAwaitingExtraTime?.[0]?.registration).not.toHaveProperty('version');
    }

    await decideExtraTime(world, EVA, first.id, first.incident.id, { minutes: 10 });
    expect((await list(world, IVAR, { view: 'queue' })).incidentsAwaitingExtraTime?.map((w) => w.incident.id)).toEqual([second.incident.id]);
  });

  it('then staff lists and later queue pages carry no incidents', async () => {
    const world = inMemoryWorld();
    await report(world, midterm(world), 'during');
    for (let i = 0; i < 2; i++) await givenSubmitted(world, midterm(world));
    expect(await list(world, KARI)).not.toHaveProperty('incidentsAwaitingExtraTime');
    const first = await list(world, IVAR, { view: 'queue', limit: '1' });
    expect(first.incidentsAwaitingExtraTime).toHaveLength(1);
    expect(await list(world, IVAR, { view: 'queue', limit: '1', nextToken: first.nextToken ?? '' })).not.toHaveProperty('incidentsAwaitingExtraTime');
  });
});

describe('the rehearsal of a software request in the lists', () => {
  const rehearsalIn = async (world: World, id: string, who: Principal, view: string) =>
    (await list(world, who, { view, limit: '100' })).items.find((i) => i.id === id)?.rehearsal;

  it('is not done until a few days before its date, then due soon; it says nothing once the exam day is over', async () => {
    const world = inMemoryWorld();
    const r = await givenSubmitted(world, software(world));
    const examDay = localDate(r.form.exam.start, world.timeZone);
    const dueBy = new Date(Date.parse(`${examDay}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);

    expect(await rehearsalIn(world, r.id, IVAR, 'queue')).toEqual({ state: 'missing', dueBy, flag: null });
    expect(await rehearsalIn(world, r.id, KARI, 'mine')).toEqual({ state: 'missing', dueBy, flag: null });
    world.clock.set(new Date(Date.parse(`${dueBy}T12:00:00Z`) - 3 * 86_400_000));
    expect(await rehearsalIn(world, r.id, IVAR, 'queue')).toEqual({ state: 'missing', dueBy, flag: 'missing' });
    world.clock.set(new Date(Date.parse(`${examDay}T12:00:00Z`) + 86_400_000));
    expect(await rehearsalIn(world, r.id, KARI, 'mine')).toBeUndefined();
  });

  it.each([
    ['a mid-term registration', (w: World) => givenSubmitted(w, midterm(w))],
    ['a cancelled software request', async (w: World) => cancelRegistration(w, KARI, (await givenSubmitted(w, software(w))).id, {})],
  ])('is absent for %s', async (_what, given) => {
    const world = inMemoryWorld();
    const { id } = await given(world);
    expect((await list(world, KARI, { view: 'mine' })).items.find((i) => i.id === id)).not.toHaveProperty('rehearsal');
  });
});
