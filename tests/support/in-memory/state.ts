import type { CatalogueRevision } from '../../../shared/contracts/catalogue';
import type { Approval, HistoryEntry } from '../../../shared/contracts/registration';
import type { Incident } from '../../../shared/contracts/student-notices';
import { InvalidCursorError } from '../../../shared/errors';
import type { StaffingOverride } from '../../../shared/contracts/calendar';
import type { ApprovalLinkRecord, CalendarFeedRecord, CandidateListInfo, NoticeRecord, RegistrationRecord, Recipient } from '../../../shared/ports';

/**
 * The one state every in-memory store reads and writes, shaped like the single DynamoDB table:
 * a partition per registration (the registration, its approvals of every round, its history and
 * incidents, and the bulky items: candidate lists, notices, recipients, mail claims) plus the
 * e-mail action links, which live in partitions of their own. Stores copy what goes in and out,
 * as the table does, so a caller can never change stored state through a reference.
 *
 * Each store method does its checks and its writes without awaiting in between, so a method is
 * atomic like a DynamoDB transaction. Races are staged with `hooks`: a function registered for an
 * operation runs inside that operation, after its reads and before its conditional write.
 */

export interface ApprovalRow {
  approval: Approval;
  /** The task token of the workflow step that waits for this group (bookkeeping, never returned). */
  taskToken?: string;
  /** When each stage's e-mail went out (bookkeeping, never returned). */
  mailed: Partial<Record<Approval['stage'], string>>;
  /** The key of the group's decisions list (`<decidedAt>#<id>`), set by the decision itself: kept, closed and expired approvals have none. */
  decided?: string;
}

export interface CandidatePointer extends CandidateListInfo {
  expiresAt: number;
}

export interface CandidateRow {
  email: string;
  name: string | null;
  expiresAt: number;
}

export type NoticeRow = NoticeRecord & { sentAt?: string };

export type RecipientRow = Recipient & { expiresAt: number; attempts: number; updatedAt?: string; lastError?: string };

export interface Partition {
  meta?: RegistrationRecord;
  /** By `<round, padded>#<group>`, the order of the approval sort keys. */
  approvals: Map<string, ApprovalRow>;
  /** In the order of the history sort keys: by time, and by arrival within the same instant. */
  history: HistoryEntry[];
  incidents: Incident[];
  candidatePointer?: CandidatePointer;
  /** Candidate list versions, each by recipient hash. */
  candidateVersions: Map<string, Map<string, CandidateRow>>;
  notices: Map<string, NoticeRow>;
  /** Recipients by notice, each by recipient hash. */
  recipients: Map<string, Map<string, RecipientRow>>;
  mailClaims: Map<string, string>;
}

/** The operations a test can interleave with (see `Hooks`). */
export type Operation =
  | 'registrations.insert'
  | 'registrations.transition'
  | 'registrations.startNewRound'
  | 'approvals.recordDecision'
  | 'approvals.registerTaskToken'
  | 'mailClaims.claim'
  | 'links.put'
  | 'incidents.setExtraTime'
  | 'candidates.replace'
  | 'notices.claim';

export type Interleaving = () => unknown;

/** One-shot functions run inside an operation, between its reads and its conditional write. */
export class Hooks {
  private readonly queued = new Map<Operation, Interleaving[]>();

  /** Runs `fn` the next time `op` is about to write; `fn` may write itself (a racing writer) or throw (a failing dependency). */
  before(op: Operation, fn: Interleaving): void {
    this.queued.set(op, [...(this.queued.get(op) ?? []), fn]);
  }

  async run(op: Operation): Promise<void> {
    const fn = this.queued.get(op)?.shift();
    if (fn) await fn();
  }
}

export class WorldState {
  readonly partitions = new Map<string, Partition>();
  readonly links = new Map<string, ApprovalLinkRecord>();
  /** Rate-limit counters by `<counter>#<window start, epoch seconds>` (partitions of their own in the table). */
  readonly rateCounters = new Map<string, number>();
  /** People on duty by `<group>#<local date>`, each with its audit trail. */
  readonly staffing = new Map<string, StaffingOverride>();
  readonly staffingAudit: StaffingOverride[] = [];
  /** Software catalogue revisions by entry id, oldest first. */
  readonly catalogue = new Map<string, CatalogueRevision[]>();
  /** iCalendar feeds by the hash of their secret. */
  readonly feeds = new Map<string, CalendarFeedRecord>();
  readonly hooks = new Hooks();
  private versions = 0;

  /** The partition of a registration, created on first write. */
  partition(id: string): Partition {
    let p = this.partitions.get(id);
    if (!p) {
      p = { approvals: new Map(), history: [], incidents: [], candidateVersions: new Map(), notices: new Map(), recipients: new Map(), mailClaims: new Map() };
      this.partitions.set(id, p);
    }
    return p;
  }

  /** The partition of a registration if anything was ever written to it. */
  peek(id: string): Partition | undefined {
    return this.partitions.get(id);
  }

  /** A candidate list version: unique per write and sorting by time, like the table's. */
  nextCandidateVersion(): string {
    this.versions += 1;
    return `v${String(this.versions).padStart(6, '0')}`;
  }
}

export const copy = <T>(value: T): T => structuredClone(value);

export const approvalKey = (round: number, group: string) => `${String(round).padStart(4, '0')}#${group}`;

export const insertHistory = (p: Partition, entry: HistoryEntry) => {
  const at = p.history.findIndex((h) => h.at > entry.at);
  p.history.splice(at === -1 ? p.history.length : at, 0, copy(entry));
};

/** The errors DynamoDB raises for a failed condition, by name (the SDK's classes are not needed to tell them). */
export const conditionalCheckFailed = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
export const transactionCanceled = (codes: string[]) =>
  Object.assign(new Error(`Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`), {
    name: 'TransactionCanceledException',
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

/* ---------- Pages ---------- */

/** An opaque cursor naming the list it belongs to and the sort key to continue after. */
export const encodeCursor = (list: string, after: string | undefined) =>
  after === undefined ? undefined : Buffer.from(JSON.stringify({ list, after })).toString('base64url');

/** Reads a cursor of `list` back; anything else (unreadable, another list) is an InvalidCursorError, as the table's stores raise. */
export const decodeCursor = (cursor: string | undefined, list: string): string | undefined => {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('The cursor is not readable');
  }
  const c = parsed as { list?: unknown; after?: unknown } | null;
  if (typeof c !== 'object' || c === null || c.list !== list || typeof c.after !== 'string') throw new InvalidCursorError('The cursor belongs to another list');
  return c.after;
};

export interface Keyed<T> {
  key: string;
  value: T;
}

/**
 * DynamoDB's `Limit` on an index query: reads at most `limit` entries after the cursor's key, in
 * key order (descending for newest first). When the limit was reached, the last entry read is
 * the next cursor, even if nothing follows it (the next page is then empty), as DynamoDB does.
 */
export const readWindow = <T>(entries: Keyed<T>[], after: string | undefined, limit: number, order: 'asc' | 'desc') => {
  // Keys compare by code unit, as DynamoDB compares string keys by their bytes.
  const byKey = (a: Keyed<T>, b: Keyed<T>) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const sorted = [...entries].sort((a, b) => (order === 'asc' ? byKey(a, b) : byKey(b, a)));
  const rest = after === undefined ? sorted : sorted.filter((e) => (order === 'asc' ? e.key > after : e.key < after));
  const read = rest.slice(0, limit);
  return { values: read.map((e) => e.value), last: read.length === limit ? read[read.length - 1]?.key : undefined };
};
