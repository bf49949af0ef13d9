import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { type CalendarDeps, capacityOfExams } from '../read-models/capacity';
import type { Capacity } from '../contracts/calendar';
import { ListQuerySchema } from '../contracts/http';
import { parseInput } from '../contracts/parse';
import type { ApproverGroup } from '../contracts/registration';
import { ForbiddenError, InvalidCursorError, ValidationError } from '../errors';
import type { ListedRegistration, RegistrationQueries } from '../ports';
import { changedFieldNames } from '../rules/form-changes';
import { type Principal, hasRole } from '../rules/principal';

export interface ListDeps {
  queries: RegistrationQueries;
  /** Key of the HMAC that seals page tokens. */
  pageTokenKey: string | Buffer;
  /** With it, every queue item carries its capacity for the caller's groups. */
  capacity?: CalendarDeps;
}

/** At most this many incidents waiting for extra time head the queue (errors during exams are few; the oldest first). */
const INCIDENTS_SHOWN = 50;

/** Page token: the view, for the queue the index of the group being read, and the store's cursor (absent: the group's first page). */
const TokenSchema = z.object({
  view: z.enum(['mine', 'queue']),
  g: z.optional(z.number().check(z.int(), z.minimum(0))),
  c: z.optional(z.string()),
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

/**
 * Use case: GET /registrations. Staff list their own registrations, newest first; approvers
 * list what waits for their groups, oldest first. Every read is an index query; the page
 * token is opaque to clients and the store checks it belongs to the caller's own list.
 */
export const listRegistrations = async (deps: ListDeps, principal: Principal, rawQuery: Record<string, string | undefined>) => {
  const q = parseInput(ListQuerySchema, rawQuery);
  const approverGroups = (['ED', 'IT'] as const).filter((g) => hasRole(principal, g));
  const view = q.view ?? (hasRole(principal, 'staff') ? 'mine' : 'queue');
  const token = q.nextToken ? decodeToken(deps.pageTokenKey, principal.sub, q.nextToken) : undefined;
  if (token && token.view !== view) throw badToken();

  let records: ListedRegistration[] = [];
  let next: Token | undefined;
  if (view === 'mine') {
    if (!hasRole(principal, 'staff')) throw new ForbiddenError('Only staff have registrations of their own; approvers use view=queue');
    if (token && !token.c) throw badToken();
    const page = await pageOf(() => deps.queries.listOwned(principal.sub, { limit: q.limit, cursor: token?.c, status: q.status, kind: q.kind }));
    records = page.items;
    if (page.cursor) next = { view, c: page.cursor };
  } else {
    if (approverGroups.length === 0) throw new ForbiddenError('Only IT and ED approvers have a queue');
    if (q.group && !approverGroups.includes(q.group)) throw new ForbiddenError(`You are not a member of ${q.group}`);
    if (q.status && q.status !== 'PENDING_APPROVAL') {
      throw new ValidationError([{ path: 'status', code: 'QUEUE_PENDING_ONLY', message: 'The queue holds registrations pending approval only' }]);
    }
    const groups: ApproverGroup[] = q.group ? [q.group] : approverGroups;
    let index = token?.g ?? 0;
    let cursor = token?.c;
    if (index >= groups.length) throw badToken();
    while (index < groups.length && records.length < q.limit) {
      const group = groups[index] as ApproverGroup;
      const page = await pageOf(() => deps.queries.listQueue(group, { limit: q.limit - records.length, cursor }));
      records.push(...page.items.filter((r) => !q.kind || r.kind === q.kind));
      if (page.cursor) {
        next = { view, g: index, c: page.cursor };
        break;
      }
      index += 1;
      cursor = undefined;
      next = index < groups.length ? { view, g: index } : undefined;
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
  const items = records.map(({ version: _v, changes, ...r }) => ({
    ...r,
    ...(changes ? { changedFields: changedFieldNames(changes) } : {}),
    ...(capacity.has(r.id) ? { capacity: capacity.get(r.id) } : {}),
  }));
  // R8: IT and ED both handle IT/ED incidents; what waits for their extra time heads the queue's first page (one query).
  const waiting =
    view === 'queue' && !token
      ? (await deps.queries.incidentsAwaitingExtraTime(INCIDENTS_SHOWN)).map(({ registration: { version: _v, ...registration }, incident }) => ({
          registration,
          incident,
        }))
      : undefined;
  return { items, nextToken: next ? encodeToken(deps.pageTokenKey, principal.sub, next) : null, ...(waiting ? { incidentsAwaitingExtraTime: waiting } : {}) };
};
