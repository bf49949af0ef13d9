import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { type CalendarDeps, capacityOfExams } from '../read-models/capacity';
import type { Capacity } from '../contracts/calendar';
import { type ListQuery, ListQuerySchema } from '../contracts/http';
import { parseInput } from '../contracts/parse';
import type { Approval, ApproverGroup } from '../contracts/registration';
import { ForbiddenError, InvalidCursorError, ValidationError } from '../errors';
import type { Clock, ListedRegistration, QueueEntry, RegistrationQueries, RehearsalCopy } from '../ports';
import { changedFieldNames } from '../rules/form-changes';
import { localDate } from '../rules/exam-rules';
import { isClosed } from '../rules/lifecycle';
import { rehearsalOf } from '../rules/software-setup';
import { type Principal, hasRole } from '../rules/principal';

export interface ListDeps {
  queries: RegistrationQueries;
  /** Key of the HMAC that seals page tokens. */
  pageTokenKey: string | Buffer;
  /** The institution's time zone: the queue's date range is in local dates. */
  timeZone: string;
  /** With it, every queue item carries its capacity for the caller's groups. */
  capacity?: CalendarDeps;
  /** Today, for the rehearsal flag (default: the system clock). */
  now?: Clock;
}

/**
 * A software request's rehearsal as a list shows it, from the copy on its item (none: not
 * recorded); none for a mid-term registration, a closed one, or once the exam day has passed.
 */
const rehearsalSummary = (r: Pick<ListedRegistration, 'form' | 'status'>, copy: RehearsalCopy | undefined, today: string, timeZone: string) => {
  if (r.form.kind !== 'software' || isClosed(r.status) || localDate(r.form.exam.start, timeZone) < today) return undefined;
  const { state, dueBy, flag } = rehearsalOf(r.form.exam, copy ? { ...copy, comment: null, recordedBy: null } : null, today, timeZone);
  return { state, dueBy, flag };
};

/**
 * The queue is read whole (up to this many registrations per group) and sorted, filtered and
 * paged here, from its index entries: each carries what the queue is sorted and filtered by
 * (the decision deadline, the exam, the course), so only the page's registrations are read.
 * A page is 1 Query per group (entries of about 300 bytes: one Query of up to 1 MB holds about
 * 3,000) and 1 BatchGetItem (tests/integration/constant-cost-reads.test.ts).
 */
export const QUEUE_READ_MAX = 3000;

/** At most this many incidents waiting for extra time head the queue (errors during exams are few; the oldest first). */
const INCIDENTS_SHOWN = 50;

/** Page token: the view, for the queue the index of the group being read, and the store's cursor (absent: the group's first page). */
/**
 * Page token: the view; for the own list and the decided view the store's cursor (decided: and
 * the group read); for the queue the sort key of the last item shown (`k`: deadline, exam
 * start, id), so that a page follows on from it however the queue changed meanwhile.
 */
const TokenSchema = z.object({
  view: z.enum(['mine', 'queue', 'decided']),
  g: z.optional(z.enum(['ED', 'IT'])),
  c: z.optional(z.string()),
  k: z.optional(z.tuple([z.number(), z.number(), z.string()])),
});
type Token = z.infer<typeof TokenSchema>;

/**
 * Page tokens are sealed with an HMAC over the caller and the token, so they are opaque and
 * tamper-evident: anything the server did not issue to this caller is refused (400) before a
 * cursor reaches the store.
 */
const mac = (key: string | Buffer, sub: string, body: string) => createHmac('sha256', key).update(`${sub}\n${body}`).digest();
const encodeToken = (key: string | Buffer, sub: string, t: Token) => {
  const body = Buffer.from(JSON.stringify(t)).toString('base64url');
  return `${body}.${mac(key, sub, body).toString('base64url')}`;
};
const badToken = () => new ValidationError([{ path: 'nextToken', code: 'INVALID_PAGE_TOKEN', message: 'This page token is not valid; start from the first page' }]);
const decodeToken = (key: string | Buffer, sub: string, raw: string): Token => {
  const [body, signature, ...rest] = raw.split('.');
  const given = Buffer.from(signature ?? '', 'base64url');
  const expected = mac(key, sub, body ?? '');
  if (!body || rest.length > 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) throw badToken();
  try {
    return TokenSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    throw badToken();
  }
};

/** A cursor the store did not issue for this list is the caller's bad page token. */
const pageOf = async <T>(read: () => Promise<T>): Promise<T> => {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursorError) throw badToken();
    throw error;
  }
};

type SortKey = [deadline: number, examStart: number, id: string];
/** Most urgent first: the decision deadline (the date students must be informed by), then the exam's start. */
const urgencyOf = (r: QueueEntry): SortKey => [Date.parse(r.derived.studentInfoDueBy), Date.parse(r.form.exam.start), r.id];
const compareKeys = (a: SortKey, b: SortKey) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);

/** The queue's filters, each narrowing what the whole queue holds. */
const matches = (q: ListQuery, timeZone: string) => {
  const needle = q.q?.toLocaleLowerCase('nb');
  return (r: QueueEntry) => {
    const day = localDate(r.form.exam.start, timeZone);
    return (
      (!q.kind || r.kind === q.kind) &&
      (!q.examType || r.form.exam.type === q.examType) &&
      (!q.from || day >= q.from) &&
      (!q.to || day <= q.to) &&
      (!q.resubmitted || r.round > 1 === (q.resubmitted === 'true')) &&
      (!needle || `${r.form.course.code}\n${r.form.course.name}`.toLocaleLowerCase('nb').includes(needle))
    );
  };
};

/**
 * The caller's queue, most urgent first: each group's queue read whole as its entries, a
 * registration waiting for two of the caller's groups once, filtered, counted, and a page from
 * after the token's key, whose registrations alone are read.
 */
const queuePage = async (deps: ListDeps, q: ListQuery, groups: ApproverGroup[], after: SortKey | undefined) => {
  const read = await Promise.all(groups.map((group) => deps.queries.listQueue(group, { max: QUEUE_READ_MAX })));
  const byId = new Map(read.flatMap((r) => r.entries).map((e) => [e.id, e]));
  const sorted = [...byId.values()]
    .filter(matches(q, deps.timeZone))
    .map((e) => ({ id: e.id, key: urgencyOf(e) }))
    .sort((a, b) => compareKeys(a.key, b.key));
  const rest = after ? sorted.filter((e) => compareKeys(e.key, after) > 0) : sorted;
  const page = rest.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    records: page.length ? await deps.queries.getListed(page.map((e) => e.id)) : [],
    next: rest.length > q.limit && last ? ({ view: 'queue', k: last.key } satisfies Token) : undefined,
    total: sorted.length,
    partial: read.some((r) => !r.complete),
  };
};

/**
 * Use case: GET /registrations. Staff list their own registrations, newest first; approvers
 * list what waits for their groups, most urgent first, with filters and a search, or what their
 * group decided, newest first. Every read is an index query; the page token is opaque to
 * clients and checked to belong to the caller's own list.
 */
export const listRegistrations = async (deps: ListDeps, principal: Principal, rawQuery: Record<string, string | undefined>) => {
  const q = parseInput(ListQuerySchema, rawQuery);
  const approverGroups = (['ED', 'IT'] as const).filter((g) => hasRole(principal, g));
  const view = q.view ?? (hasRole(principal, 'staff') ? 'mine' : 'queue');
  const token = q.nextToken ? decodeToken(deps.pageTokenKey, principal.sub, q.nextToken) : undefined;
  if (token && token.view !== view) throw badToken();

  let records: ListedRegistration[];
  let decisions: Approval[] | undefined;
  let next: Token | undefined;
  let counted: { total: number; partial?: true } | undefined;
  if (view === 'mine') {
    if (!hasRole(principal, 'staff')) throw new ForbiddenError('Only staff have registrations of their own; approvers use view=queue');
    if (token && !token.c) throw badToken();
    const page = await pageOf(() => deps.queries.listOwned(principal.sub, { limit: q.limit, cursor: token?.c, status: q.status, kind: q.kind }));
    records = page.items;
    if (page.cursor) next = { view, c: page.cursor };
  } else {
    const [firstGroup] = approverGroups;
    if (!firstGroup) throw new ForbiddenError('Only IT and ED approvers have a queue');
    if (q.group && !approverGroups.includes(q.group)) throw new ForbiddenError(`You are not a member of ${q.group}`);
    if (q.status && q.status !== 'PENDING_APPROVAL') {
      throw new ValidationError([{ path: 'status', code: 'QUEUE_PENDING_ONLY', message: 'The queue holds registrations pending approval only' }]);
    }
    if (view === 'queue') {
      if (token && !token.k) throw badToken();
      const page = await queuePage(deps, q, q.group ? [q.group] : approverGroups, token?.k);
      records = page.records;
      next = page.next;
      counted = { total: page.total, ...(page.partial ? { partial: true as const } : {}) };
    } else {
      const group = q.group ?? firstGroup;
      if (token && (!token.c || token.g !== group)) throw badToken();
      const page = await pageOf(() => deps.queries.listDecided(group, { limit: q.limit, cursor: token?.c }));
      records = page.items.map((i) => i.registration);
      decisions = page.items.map((i) => i.decision);
      if (page.cursor) next = { view, g: group, c: page.cursor };
    }
  }

  const capacity =
    view === 'queue' && deps.capacity
      ? await capacityOfExams(
          deps.capacity,
          records.map((r) => ({ exam: r, groups: r.derived.approvers.filter((g) => approverGroups.includes(g)) })),
        )
      : new Map<string, Capacity>();
  // Each item's approvals came with it: the page costs the same reads however many items it holds.
  // A resubmission names its changed fields only; the registration itself gives their values.
  const today = localDate((deps.now ?? (() => new Date()))(), deps.timeZone);
  const items = records.map(({ version: _v, changes, rehearsal: copy, ...r }, i) => {
    const rehearsal = rehearsalSummary(r, copy, today, deps.timeZone);
    return {
      ...r,
      ...(changes ? { changedFields: changedFieldNames(changes) } : {}),
      ...(capacity.has(r.id) ? { capacity: capacity.get(r.id) } : {}),
      ...(decisions?.[i] ? { decision: decisions[i] } : {}),
      ...(rehearsal ? { rehearsal } : {}),
    };
  });
  // R8: IT and ED both handle IT/ED incidents; what waits for their extra time heads the queue's first page (one query).
  const waiting =
    view === 'queue' && !token
      ? (await deps.queries.incidentsAwaitingExtraTime(INCIDENTS_SHOWN)).map(({ registration: { version: _v, ...registration }, incident }) => ({
          registration,
          incident,
        }))
      : undefined;
  return {
    items,
    nextToken: next ? encodeToken(deps.pageTokenKey, principal.sub, next) : null,
    ...counted,
    ...(waiting ? { incidentsAwaitingExtraTime: waiting } : {}),
  };
};
