import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type RouteDefinition, routeKey } from '../../functions/http/routes';
import { localDate } from '../../shared/rules/exam-rules';
import { ED_APPROVER, IT_APPROVER, OTHER_STAFF, STAFF, catalogueEntryBody, examStartIn, midtermBody, softwareBody, withExamDay } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { decide, linkIdIn, listAllIds, mailsAbout, submitAndWaitForApprovers, waitForStatus } from '../support/workflow';

/**
 * Object-level authorization (OWASP API1, API5): every route of functions/http/routes.ts, each
 * kind of caller against each kind of object it can name. The expected status comes from the
 * small table ACCESS below; a route without an entry fails, so a new route is covered the day
 * it is added. Refused requests must leave the object exactly as it was; every cell that
 * changes state runs on an object of its own.
 *
 * Callers: no token, a valid token with no role, the owner (staff), other staff, an IT approver
 * and an ED approver. Objects: a mid-term registration (ED and IT decide), a software request
 * (IT only, so ED may not see it), an id that does not exist, approval links, incidents.
 */

type Who = 'anonymous' | 'noRole' | 'owner' | 'otherStaff' | 'it' | 'ed';
const CALLERS: Who[] = ['anonymous', 'noRole', 'owner', 'otherStaff', 'it', 'ed'];
type Obj =
  | 'none'
  | 'midterm'
  | 'software'
  | 'missing'
  | 'link'
  | 'unknownLink'
  | 'midtermIncident'
  | 'softwareIncident'
  | 'staffingDay'
  | 'feed'
  | 'unknownFeed'
  | 'catalogueEntry'
  | 'missingEntry';

interface Expectation {
  objects: Obj[];
  /** Cells that succeed change the object: each gets a fresh one. */
  mutates?: boolean;
  body?: (who: Who, obj: Obj) => unknown;
  /** A query string the route needs, without the `?`. */
  query?: () => string;
  status: (who: Who, obj: Obj) => number;
}

/** Who may see a registration: its owner and the members of its approver groups (ED does not decide software requests). */
const canView = (who: Who, obj: Obj) => obj !== 'missing' && (who === 'owner' || who === 'it' || (who === 'ed' && (obj === 'midterm' || obj === 'midtermIncident')));

/** A route on one registration: no token 401; cannot see it 404 (ids cannot be probed); otherwise `allowed`. */
const onRegistration = (allowed: (who: Who, obj: Obj) => number) => (who: Who, obj: Obj) =>
  who === 'anonymous' ? 401 : !canView(who, obj) ? 404 : allowed(who, obj);
const REGISTRATIONS: Obj[] = ['midterm', 'software', 'missing'];
const isApprover = (who: Who) => who === 'it' || who === 'ed';
const CATALOGUE_ENTRIES: Obj[] = ['catalogueEntry', 'missingEntry'];
/** A route on one catalogue entry: no token 401; no role (or, to write, not IT) 403; an unknown entry 404. */
const onCatalogueEntry =
  (allowed: () => number, write = false) =>
  (who: Who, obj: Obj) =>
    who === 'anonymous' ? 401 : who === 'noRole' || (write && who !== 'it') ? 403 : obj === 'missingEntry' ? 404 : allowed();

const ACCESS: Record<string, Expectation> = {
  'POST /registrations': {
    objects: ['none'],
    body: () => midtermBody(),
    status: (who) => (who === 'anonymous' ? 401 : who === 'owner' || who === 'otherStaff' ? 201 : 403),
  },
  'GET /registrations': {
    objects: ['none'],
    status: (who) => (who === 'anonymous' ? 401 : who === 'noRole' ? 403 : 200),
  },
  'GET /registrations/{id}': { objects: REGISTRATIONS, status: onRegistration(() => 200) },
  // The student letter: whoever sees the registration (only its owner is also shown the addresses it did not reach).
  'GET /registrations/{id}/letter': { objects: REGISTRATIONS, status: onRegistration(() => 200) },
  // The owner passes the access check and meets the state check: nothing was asked to change.
  'PUT /registrations/{id}': {
    objects: REGISTRATIONS,
    mutates: true,
    body: () => softwareBody(),
    status: onRegistration((who) => (who === 'owner' ? 409 : 403)),
  },
  'POST /registrations/{id}/decisions': {
    objects: REGISTRATIONS,
    mutates: true,
    body: (who) => ({ group: who === 'ed' ? 'ED' : 'IT', decision: 'approve', comment: '' }),
    status: onRegistration((who) => (isApprover(who) ? 200 : 403)),
  },
  'POST /registrations/{id}/cancel': {
    objects: REGISTRATIONS,
    mutates: true,
    body: () => ({}),
    status: onRegistration((who) => (who === 'owner' ? 200 : 403)),
  },
  'PUT /registrations/{id}/candidates': {
    objects: REGISTRATIONS,
    mutates: true,
    body: () => ({ candidates: [{ email: 'student@stud.example.edu', name: 'A Student' }] }),
    status: onRegistration((who) => (who === 'owner' ? 200 : 403)),
  },
  'POST /registrations/{id}/incidents': {
    objects: REGISTRATIONS,
    mutates: true,
    body: () => ({ message: 'Task 3 has a typo', phase: 'before-start' }),
    status: onRegistration((who) => (who === 'owner' ? 201 : 403)),
  },
  // An error reported during a school exam or a home exam of at most 6 h: IT or ED decide the extra time.
  'POST /registrations/{id}/incidents/{incidentId}/extra-time': {
    objects: ['midtermIncident', 'softwareIncident', 'missing'],
    mutates: true,
    body: () => ({ minutes: 10, comment: 'Ten minutes for everyone' }),
    // R8: IT and ED both handle an IT/ED incident and may record its extra time, whichever groups approved the registration.
    status: (who, obj) => (who !== 'anonymous' && obj !== 'missing' && isApprover(who) ? 200 : onRegistration(() => 403)(who, obj)),
  },
  // E-mail action links: the secret in the path is the credential; a token changes nothing.
  'GET /approval-links/{linkId}': { objects: ['link', 'unknownLink'], status: (_who, obj) => (obj === 'link' ? 200 : 404) },
  'POST /approval-links/{linkId}': {
    objects: ['link', 'unknownLink'],
    mutates: true,
    body: () => ({ decision: 'approve', comment: '' }),
    status: (_who, obj) => (obj === 'link' ? 200 : 404),
  },
  // Approvers see their groups' exams, staff their own (checked below against direct reads).
  'GET /calendar': {
    objects: ['midterm', 'software'],
    query: () => `from=${calendarDay}&to=${calendarDay}`,
    status: (who) => (who === 'anonymous' ? 401 : who === 'noRole' ? 403 : 200),
  },
  // Only an approver of the group named in the path sets its people on duty (the object names IT).
  'PUT /calendar/staffing/{group}/{date}': {
    objects: ['staffingDay'],
    mutates: true,
    body: () => ({ staffOnDuty: 2, comment: 'Matrix' }),
    status: (who) => (who === 'anonymous' ? 401 : who === 'it' ? 200 : 403),
  },
  // Anyone with a calendar (staff, approvers) subscribes to it.
  'POST /calendar/feeds': {
    objects: ['none'],
    body: () => ({ label: 'Matrix' }),
    status: (who) => (who === 'anonymous' ? 401 : who === 'noRole' ? 403 : 201),
  },
  // Everyone signed in lists their own feeds (none, for one without a calendar).
  'GET /calendar/feeds': { objects: ['none'], status: (who) => (who === 'anonymous' ? 401 : 200) },
  // Only the creator (the owner) revokes a feed; to anyone else it does not exist.
  'DELETE /calendar/feeds/{feedId}': {
    objects: ['feed', 'unknownFeed'],
    mutates: true,
    status: (who, obj) => (who === 'anonymous' ? 401 : who === 'owner' && obj === 'feed' ? 204 : 404),
  },
  // The feed's secret in the path is the credential; a token changes nothing.
  'GET /calendar/ics/{secret}': { objects: ['feed', 'unknownFeed'], status: (_who, obj) => (obj === 'feed' ? 200 : 404) },
  // A registration's software set-up: whoever sees the registration (seats only for IT, checked in tests/integration/catalogue-setup.test.ts).
  'GET /registrations/{id}/software-setup': { objects: REGISTRATIONS, status: onRegistration(() => 200) },
  // The allow-list of a school exam (the software fixture; the mid-term one is a home exam: 409): its approvers before approval, the owner once approved.
  'GET /registrations/{id}/seb-allow-list': {
    objects: REGISTRATIONS,
    status: onRegistration((who, obj) => (obj === 'midterm' || who === 'owner' ? 409 : 200)),
  },
  // Only the registration's IT approvers record a rehearsal; a mid-term registration has none (409).
  'PUT /registrations/{id}/rehearsal': {
    objects: REGISTRATIONS,
    mutates: true,
    body: () => ({ result: 'tested', comment: 'Matrix' }),
    status: onRegistration((who, obj) => (who !== 'it' ? 403 : obj === 'midterm' ? 409 : 200)),
  },
  // The software catalogue: everyone with a role reads it; only IT writes, and a write is refused before the entry is looked up.
  'GET /catalogue': { objects: ['none'], status: (who) => (who === 'anonymous' ? 401 : who === 'noRole' ? 403 : 200) },
  'POST /catalogue': {
    objects: ['none'],
    mutates: true,
    body: () => catalogueEntryBody(),
    status: (who) => (who === 'anonymous' ? 401 : who === 'it' ? 201 : 403),
  },
  'GET /catalogue/{entryId}': { objects: CATALOGUE_ENTRIES, status: onCatalogueEntry(() => 200) },
  'GET /catalogue/{entryId}/revisions/{revision}': { objects: CATALOGUE_ENTRIES, status: onCatalogueEntry(() => 200) },
  'PUT /catalogue/{entryId}': {
    objects: CATALOGUE_ENTRIES,
    mutates: true,
    body: () => ({ basedOnRevision: 1, entry: catalogueEntryBody({ version: 'R2025a' }), comment: 'Matrix' }),
    status: onCatalogueEntry(() => 200, true),
  },
  'POST /catalogue/{entryId}/retire': {
    objects: CATALOGUE_ENTRIES,
    mutates: true,
    body: () => ({ basedOnRevision: 1, comment: 'Matrix' }),
    status: onCatalogueEntry(() => 200, true),
  },
  'GET /openapi.json': { objects: ['none'], status: () => 200 },
};

/** The local date of the fixtures' exams, for the calendar's range. */
const calendarDay = localDate(examStartIn(60), 'Europe/Oslo');

let ctx: Awaited<ReturnType<typeof startTestSystem>>;
let noRoleToken: string;
beforeAll(async () => {
  ctx = await startTestSystem();
  noRoleToken = await ctx.system.auth.issue({ sub: 'nobody', email: 'nobody@example.edu', groups: [] as never });
});
afterAll(async () => ctx?.system.stop());

const IDENTITIES = { owner: STAFF, otherStaff: OTHER_STAFF, it: IT_APPROVER, ed: ED_APPROVER } as const;
const headersOf = async (who: Who): Promise<Record<string, string>> => {
  if (who === 'anonymous') return {};
  if (who === 'noRole') return { authorization: `Bearer ${noRoleToken}` };
  return { authorization: `Bearer ${await ctx.api.token(IDENTITIES[who])}` };
};

type Params = Record<string, string>;

const approved = async (body: Record<string, unknown>) => {
  const r = await submitAndWaitForApprovers(ctx, STAFF, body);
  for (const group of r.derived.approvers) {
    const res = await decide(ctx, group === 'IT' ? IT_APPROVER : ED_APPROVER, r.id, group, 'approve');
    if (res.status !== 200) throw new Error(`approve ${group}: ${res.status}`);
  }
  await waitForStatus(ctx, STAFF, r.id, 'APPROVED');
  return r;
};

const withIncident = async (body: Record<string, unknown>): Promise<Params> => {
  const r = await approved(body);
  const res = await ctx.api.request('POST', `/registrations/${r.id}/incidents`, { as: STAFF, body: { message: 'Task 2 cannot be solved', phase: 'during' } });
  if (res.status !== 201 || res.body.route !== 'IT_ED') throw new Error(`incident: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: r.id, incidentId: res.body.id };
};

/**
 * A form of a registration the matrix makes, its exam on the next of 20 days in turn from
 * calendarDay (fixtures.ts, withExamDay): the first falls on calendarDay, which the calendar
 * check reads.
 */
let made = 0;
const onNextDay = (body: Record<string, unknown>) => withExamDay(body, made++ % 20);

/** Makes an object of a kind, and returns the path parameters that name it. */
const prepare = async (obj: Obj): Promise<Params> => {
  switch (obj) {
    case 'none':
      return {};
    case 'midterm':
      return { id: (await submitAndWaitForApprovers(ctx, STAFF, onNextDay(midtermBody()))).id };
    case 'software':
      return { id: (await submitAndWaitForApprovers(ctx, STAFF, onNextDay(softwareBody()))).id };
    case 'missing':
      return { id: randomUUID(), incidentId: randomUUID() };
    case 'link': {
      const r = await submitAndWaitForApprovers(ctx, STAFF, onNextDay(midtermBody()));
      const mail = (await mailsAbout(ctx, r.id)).find((m) => m.subject.startsWith('[IT] Decision wanted'));
      const linkId = linkIdIn(mail?.text ?? '');
      if (!linkId) throw new Error('no action link in the approver e-mail');
      return { linkId, id: r.id };
    }
    case 'unknownLink':
      return { linkId: randomBytes(32).toString('base64url') };
    case 'midtermIncident':
      return withIncident(onNextDay(midtermBody()));
    case 'softwareIncident':
      return withIncident(onNextDay(softwareBody()));
    case 'staffingDay':
      return { group: 'IT', date: calendarDay };
    case 'feed': {
      const res = await ctx.api.request('POST', '/calendar/feeds', { as: STAFF, body: {} });
      if (res.status !== 201) throw new Error(`feed: ${res.status} ${JSON.stringify(res.body)}`);
      return { feedId: res.body.id, secret: String(res.body.url).split('/').pop() as string };
    }
    case 'unknownFeed':
      return { feedId: randomUUID(), secret: randomBytes(32).toString('base64url') };
    case 'catalogueEntry': {
      const res = await ctx.api.request('POST', '/catalogue', { as: IT_APPROVER, body: catalogueEntryBody() });
      if (res.status !== 201) throw new Error(`catalogue entry: ${res.status} ${JSON.stringify(res.body)}`);
      return { entryId: res.body.id, revision: '1' };
    }
    case 'missingEntry':
      return { entryId: randomUUID(), revision: '1' };
  }
};

const pathOf = (route: RouteDefinition, params: Params) =>
  route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (!value) throw new Error(`${routeKey(route)}: no value for {${name}}`);
    return encodeURIComponent(value);
  });

/** What a refused request must not change: the registration as its owner sees it, minus what the system does on its own. */
const fingerprint = async (params: Params) => {
  if (params.entryId) {
    const res = await ctx.api.request('GET', `/catalogue/${params.entryId}`, { as: IT_APPROVER });
    return res.status === 200 ? res.body : res.status;
  }
  if (params.feedId && params.secret) return (await ctx.api.request('GET', `/calendar/ics/${params.secret}`)).status;
  if (params.group && params.date) {
    const res = await ctx.api.request('GET', `/calendar?from=${params.date}&to=${params.date}`, { as: IT_APPROVER });
    return res.body.load.filter((s: { group: string }) => s.group === params.group).map((s: { staffOnDuty: number }) => s.staffOnDuty);
  }
  if (!params.id) return null;
  const res = await ctx.api.request('GET', `/registrations/${params.id}`, { as: STAFF });
  if (res.status !== 200) return res.status;
  const r = res.body;
  return {
    status: r.status,
    round: r.round,
    form: r.form,
    approvals: r.approvals.map((a: Record<string, unknown>) => [a.group, a.round, a.state, a.decidedBy, a.comment]),
    incidents: (r.incidents ?? []).map((i: Record<string, unknown>) => [i.id, i.extraTime]),
    candidates: r.studentNotice?.candidates ?? null,
    byPeople: r.history.filter((h: { by: { sub: string } }) => h.by.sub !== 'system'),
  };
};

const call = async (route: RouteDefinition, who: Who, obj: Obj, params: Params) => {
  const e = ACCESS[routeKey(route)] as Expectation;
  const body = e.body?.(who, obj);
  const query = e.query?.();
  const res = await ctx.api.request(route.method, `${pathOf(route, params)}${query ? `?${query}` : ''}`, {
    headers: await headersOf(who),
    ...(body === undefined ? {} : { body }),
  });
  return res;
};

/** A list must never show what a direct read would refuse. */
const assertListShowsOnlyViewable = async (who: Who) => {
  if (who === 'anonymous' || who === 'noRole') return;
  // Approvers also list their group's decisions (view=decided): the same rule holds there.
  const ids = [
    ...(await listAllIds(ctx, { headers: await headersOf(who) })),
    ...(isApprover(who) ? await listAllIds(ctx, { headers: await headersOf(who) }, 'view=decided') : []),
  ];
  for (const id of ids) {
    const read = await ctx.api.request('GET', `/registrations/${id}`, { headers: await headersOf(who) });
    expect({ who, id, status: read.status }).toEqual({ who, id, status: 200 });
  }
};

/** The calendar must never show what a direct read would refuse; it shows the caller's exams of the day. */
const assertCalendarShowsOnlyViewable = async (who: Who) => {
  if (who === 'anonymous' || who === 'noRole') return;
  const headers = await headersOf(who);
  const cal = await ctx.api.request('GET', `/calendar?from=${calendarDay}&to=${calendarDay}`, { headers });
  if (cal.status !== 200) throw new Error(`calendar: ${cal.status} ${JSON.stringify(cal.body)}`);
  const ids: string[] = cal.body.items.map((i: { id: string }) => i.id);
  if (who === 'owner' || who === 'it' || who === 'ed') expect({ who, seen: ids.length > 0 }).toEqual({ who, seen: true });
  for (const id of ids) {
    const read = await ctx.api.request('GET', `/registrations/${id}`, { headers });
    expect({ who, id, status: read.status }).toEqual({ who, id, status: 200 });
  }
};

describe('access matrix: every route × caller × object', () => {
  it('has an access table entry for every route, and no entry for a route that does not exist', () => {
    const routes = ROUTES.map(routeKey);
    expect(
      routes.filter((r) => !ACCESS[r]),
      'routes without access expectations: add them to ACCESS',
    ).toEqual([]);
    expect(
      Object.keys(ACCESS).filter((k) => !routes.includes(k)),
      'ACCESS names routes that are gone',
    ).toEqual([]);
  });

  it.each(ROUTES.map((r) => [routeKey(r), r] as const))(
    '%s',
    async (_key, route) => {
      const e = ACCESS[routeKey(route)];
      if (!e) throw new Error(`No access expectations for ${routeKey(route)}: add it to ACCESS in tests/security/access-matrix.test.ts`);
      if (!route.public && e.objects.some((o) => o === 'link' || o === 'unknownLink')) throw new Error('links are for public routes');
      const seen: { who: Who; obj: Obj; status: number }[] = [];
      const wanted: typeof seen = [];
      for (const obj of e.objects) {
        const shared = await prepare(obj);
        const before = await fingerprint(shared);
        const refused = CALLERS.filter((who) => e.status(who, obj) >= 400 || !e.mutates);
        for (const who of refused) {
          const res = await call(route, who, obj, shared);
          seen.push({ who, obj, status: res.status });
          wanted.push({ who, obj, status: e.status(who, obj) });
        }
        if (e.mutates) expect(await fingerprint(shared), `${routeKey(route)} on ${obj}: a refused request changed it`).toEqual(before);
        for (const who of CALLERS.filter((w) => e.mutates && e.status(w, obj) < 400)) {
          const res = await call(route, who, obj, await prepare(obj));
          seen.push({ who, obj, status: res.status });
          wanted.push({ who, obj, status: e.status(who, obj) });
        }
      }
      expect(seen).toEqual(wanted);
      if (routeKey(route) === 'GET /registrations') for (const who of CALLERS) await assertListShowsOnlyViewable(who);
      if (routeKey(route) === 'GET /calendar') for (const who of CALLERS) await assertCalendarShowsOnlyViewable(who);
    },
    180_000,
  );
});
