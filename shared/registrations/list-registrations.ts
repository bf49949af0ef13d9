import * as z from 'zod/mini';
import { type Principal, hasRole } from '../rules/principal';
import { ForbiddenError, ValidationError } from '../errors';
import { parseInput } from '../contracts/parse';
import {
  type ApproverGroup,
  ApproverGroupSchema,
  RegistrationStatusSchema,
} from '../contracts/registration';
import { ownerGsiPk, queueGsiPk } from '../adapters/dynamodb/keys';
import type { RegistrationRecord, RegistrationRepository } from '../adapters/dynamodb/registration-store';

export const ListQuerySchema = z
  .strictObject({
    view: z
      .optional(z.enum(['mine', 'queue']))
      .register(z.globalRegistry, { description: 'mine: your own registrations (staff); queue: what waits for your groups (approvers).' }),
    status: z.optional(RegistrationStatusSchema),
    kind: z.optional(z.enum(['midterm', 'software'])),
    group: z.optional(ApproverGroupSchema).register(z.globalRegistry, { description: 'queue view: one of your groups only.' }),
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20),
    nextToken: z.optional(z.string().check(z.maxLength(4096))),
  })
  .register(z.globalRegistry, { id: 'ListQuery' });

/** Page token: the view, for the queue the group's index, and DynamoDB's LastEvaluatedKey (absent: the group's first page). */
const TokenSchema = z.object({
  view: z.enum(['mine', 'queue']),
  g: z.optional(z.number().check(z.int(), z.minimum(0))),
  k: z.optional(z.record(z.string(), z.string())),
});
type Token = z.infer<typeof TokenSchema>;

const encodeToken = (t: Token) => Buffer.from(JSON.stringify(t)).toString('base64url');
const badToken = () => new ValidationError([{ path: 'nextToken', message: 'This page token is not valid; start from the first page' }]);
const decodeToken = (raw: string): Token => {
  try {
    return TokenSchema.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch {
    throw badToken();
  }
};

/**
 * Use case: GET /registrations. Staff list their own registrations, newest first; approvers
 * list what waits for their groups, oldest first. Every read is an index query; the page
 * token is opaque to clients and checked to belong to the caller's own partition.
 */
export const listRegistrations = async (
  deps: { repo: RegistrationRepository },
  principal: Principal,
  rawQuery: Record<string, string | undefined>,
) => {
  const q = parseInput(ListQuerySchema, rawQuery);
  const approverGroups = (['ED', 'IT'] as const).filter((g) => hasRole(principal, g));
  const view = q.view ?? (hasRole(principal, 'staff') ? 'mine' : 'queue');
  const token = q.nextToken ? decodeToken(q.nextToken) : undefined;
  if (token && token.view !== view) throw badToken();

  let records: RegistrationRecord[] = [];
  let next: Token | undefined;
  if (view === 'mine') {
    if (!hasRole(principal, 'staff')) throw new ForbiddenError('Only staff have registrations of their own; approvers use view=queue');
    if (token && token.k?.gsi1pk !== ownerGsiPk(principal.sub)) throw badToken();
    const page = await deps.repo.listOwned(principal.sub, { limit: q.limit, startKey: token?.k, status: q.status, kind: q.kind });
    records = page.items;
    if (page.lastKey) next = { view, k: page.lastKey as Record<string, string> };
  } else {
    if (approverGroups.length === 0) throw new ForbiddenError('Only IT and ED approvers have a queue');
    if (q.group && !approverGroups.includes(q.group)) throw new ForbiddenError(`You are not a member of ${q.group}`);
    if (q.status && q.status !== 'PENDING_APPROVAL') {
      throw new ValidationError([{ path: 'status', message: 'The queue holds registrations pending approval only' }]);
    }
    const groups: ApproverGroup[] = q.group ? [q.group] : approverGroups;
    let index = token?.g ?? 0;
    let startKey = token?.k;
    if (index >= groups.length || (startKey && startKey.gsi2pk !== queueGsiPk(groups[index] as ApproverGroup))) throw badToken();
    while (index < groups.length && records.length < q.limit) {
      const page = await deps.repo.listQueue(groups[index] as ApproverGroup, { limit: q.limit - records.length, startKey });
      records.push(...page.items.filter((r) => !q.kind || r.kind === q.kind));
      if (page.lastKey) {
        next = { view, g: index, k: page.lastKey as Record<string, string> };
        break;
      }
      index += 1;
      startKey = undefined;
      next = index < groups.length ? { view, g: index } : undefined;
    }
  }

  const items = await Promise.all(
    records.map(async ({ version: _v, ...r }) => ({ ...r, approvals: (await deps.repo.approvalsOf(r.id, r.round)) })),
  );
  return { items, nextToken: next ? encodeToken(next) : null };
};
