import {
  CATALOGUE_ENTRY_ID,
  type CatalogueAction,
  type CatalogueEntry,
  type CatalogueEntryInput,
  CatalogueEditInputSchema,
  CatalogueEntryInputSchema,
  type CatalogueEntryView,
  type CatalogueList,
  CatalogueQuerySchema,
  CatalogueRetireInputSchema,
  type CatalogueRevision,
} from '../contracts/catalogue';
import { parseInput } from '../contracts/parse';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import type { CatalogueStore, Clock, IdGenerator } from '../ports';
import { type Principal, hasRole } from '../rules/principal';

/**
 * Use cases of the software catalogue. IT approvers create, edit and retire entries; everyone
 * signed in with a role reads and searches them (teachers pick from it). Every change is a new
 * revision kept with who made it, when and why; a change based on an older revision than the
 * newest is refused (409 CONCURRENT_CHANGE), so two IT approvers editing at once cannot
 * silently overwrite each other.
 */

export interface CatalogueDeps {
  catalogue: CatalogueStore;
  now: Clock;
  newId: IdGenerator;
}

const actorOf = (p: Principal) => ({ sub: p.sub, email: p.email, name: p.name });

const assertIt = (p: Principal, action: string) => {
  if (!hasRole(p, 'IT')) throw new ForbiddenError(`Only IT approvers ${action} catalogue entries`);
};
const assertReader = (p: Principal) => {
  if (p.roles.length === 0) throw new ForbiddenError('Only staff and approvers read the software catalogue');
};

/** An entry as callers see it: the revision's audit fields belong to the revision list. */
export const entryOf = (r: CatalogueRevision): CatalogueEntry => {
  const { action: _a, comment: _c, ...entry } = r;
  return entry;
};

const notFound = (id: string) => new NotFoundError(`No catalogue entry ${id}`);

const current = async (deps: Pick<CatalogueDeps, 'catalogue'>, id: string): Promise<CatalogueRevision> => {
  const found = CATALOGUE_ENTRY_ID.test(id) ? await deps.catalogue.get(id) : null;
  if (!found) throw notFound(id);
  return found;
};

const advance = async (
  deps: CatalogueDeps,
  principal: Principal,
  id: string,
  basedOn: number,
  change: (entry: CatalogueRevision) => Partial<CatalogueRevision>,
  action: CatalogueAction,
  comment: string,
) => {
  const before = await current(deps, id);
  if (before.revision !== basedOn)
    throw new ConflictError(`The entry is at revision ${before.revision}, not ${basedOn}: someone changed it; reload and try again`, 'CONCURRENT_CHANGE');
  const next: CatalogueRevision = {
    ...before,
    ...change(before),
    revision: before.revision + 1,
    updatedAt: deps.now().toISOString(),
    updatedBy: actorOf(principal),
    action,
    comment: comment || null,
  };
  if (!(await deps.catalogue.advance(next))) throw new ConflictError('Someone changed the entry at the same moment; reload and try again', 'CONCURRENT_CHANGE');
  return entryOf(next);
};

/** POST /catalogue (IT). */
export const createEntry = async (deps: CatalogueDeps, principal: Principal, body: unknown): Promise<CatalogueEntry> => {
  assertIt(principal, 'create');
  const input: CatalogueEntryInput = parseInput(CatalogueEntryInputSchema, body);
  const at = deps.now().toISOString();
  const first: CatalogueRevision = {
    ...input,
    id: deps.newId(),
    revision: 1,
    retired: false,
    createdAt: at,
    updatedAt: at,
    updatedBy: actorOf(principal),
    action: 'CREATED',
    comment: null,
  };
  if (!(await deps.catalogue.create(first))) throw new ConflictError('An entry with this id exists already; try again');
  return entryOf(first);
};

/** PUT /catalogue/{entryId} (IT): a new revision with the fields given. A retired entry stays retired. */
export const editEntry = async (deps: CatalogueDeps, principal: Principal, id: string, body: unknown): Promise<CatalogueEntry> => {
  assertIt(principal, 'edit');
  const input = parseInput(CatalogueEditInputSchema, body);
  return advance(deps, principal, id, input.basedOnRevision, () => input.entry, 'EDITED', input.comment);
};

/** POST /catalogue/{entryId}/retire (IT): new requests can no longer pick it; what named it keeps its revision. */
export const retireEntry = async (deps: CatalogueDeps, principal: Principal, id: string, body: unknown): Promise<CatalogueEntry> => {
  assertIt(principal, 'retire');
  const input = parseInput(CatalogueRetireInputSchema, body);
  const before = await current(deps, id);
  if (before.retired) throw new ConflictError('The entry is retired already');
  return advance(deps, principal, id, input.basedOnRevision, () => ({ retired: true }), 'RETIRED', input.comment);
};

const folded = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** GET /catalogue?q=&retired=: every word of `q` in the name, version or vendor; by name. */
export const listEntries = async (deps: Pick<CatalogueDeps, 'catalogue'>, principal: Principal, query: unknown): Promise<CatalogueList> => {
  assertReader(principal);
  const { q, retired } = parseInput(CatalogueQuerySchema, query);
  const words = folded(q).split(/\s+/).filter(Boolean);
  const items = (await deps.catalogue.list())
    .filter((e) => retired === 'include' || !e.retired)
    .filter((e) => {
      const text = folded([e.name, e.version ?? '', e.vendor ?? ''].join(' '));
      return words.every((w) => text.includes(w));
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'nb') || (a.version ?? '').localeCompare(b.version ?? '') || a.id.localeCompare(b.id))
    .map(entryOf);
  return { items };
};

/** GET /catalogue/{entryId}: the newest revision and the audit trail. */
export const getEntry = async (deps: Pick<CatalogueDeps, 'catalogue'>, principal: Principal, id: string): Promise<CatalogueEntryView> => {
  assertReader(principal);
  const entry = await current(deps, id);
  const revisions = await deps.catalogue.revisions(id);
  return {
    entry: entryOf(entry),
    revisions: revisions.map((r) => ({ revision: r.revision, action: r.action, at: r.updatedAt, by: r.updatedBy, comment: r.comment })),
  };
};

/** GET /catalogue/{entryId}/revisions/{revision}: the entry as it was then (also when it has been retired since). */
export const getRevision = async (deps: Pick<CatalogueDeps, 'catalogue'>, principal: Principal, id: string, revision: string): Promise<CatalogueRevision> => {
  assertReader(principal);
  const n = /^[1-9][0-9]{0,5}$/.test(revision) ? Number(revision) : null;
  const found = n !== null && CATALOGUE_ENTRY_ID.test(id) ? await deps.catalogue.revision(id, n) : null;
  if (!found) throw new NotFoundError(`No revision ${revision} of catalogue entry ${id}`);
  return found;
};
