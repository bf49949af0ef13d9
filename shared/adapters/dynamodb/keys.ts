import { createHash } from 'node:crypto';
import type { ApproverGroup } from '../../contracts/registration';

/**
 * The key catalogue of the single table: every key format, index and bookkeeping attribute is
 * defined here and nowhere else. Stores build and parse keys only through this module; the
 * stateful stack creates the indexes it names.
 *
 * | item                     | pk              | sk                              | index keys                                        |
 * |--------------------------|-----------------|---------------------------------|---------------------------------------------------|
 * | registration             | REG#<id>        | META                            | gsi1 OWNER#<sub> / <createdAt>#<id>; gsi3 COURSE#<code> / <examStart>#<id> |
 * | approval                 | REG#<id>        | APPROVAL#<round>#<group>        | gsi4 QUEUE#<group> / <requestedAt>#<id> while pending, with the queue facts q_*; gsi2 DECIDED#<group> / <decidedAt>#<id> once the group decided |
 * | history entry            | REG#<id>        | HISTORY#<at>#<rand>             |                                                   |
 * | incident                 | REG#<id>        | INCIDENT#<at>#<id>              | gsi2 EXTRA_TIME#IT_ED / <at>#<reg id>#<id>, only while an IT/ED incident waits for its extra time |
 * | candidate list pointer   | REG#<id>        | ~C#CURRENT                      |                                                   |
 * | candidate                | REG#<id>        | ~C#<version>#<hash>             |                                                   |
 * | notice, recipient        | REG#<id>        | ~N#<notice>, ~N#<notice>#R#<hash> |                                                 |
 * | notice's delivery counter| REG#<id>        | ~N#<notice>#K#<shard>           |                                                   |
 * | one-time mail claim      | REG#<id>        | ~M#<what>                       |                                                   |
 * | rehearsal of a set-up    | REG#<id>        | ~R#REHEARSAL                    |                                                   |
 * | e-mail action link       | LINK#<sha256>   | LINK                            |                                                   |
 * | exam's calendar entry    | CAL#<utc month> | <utc date>#<start>#<id>         |                                                   |
 * | staffing override        | STAFFING#<group>| DATE#<local date>               |                                                   |
 * | staffing audit entry     | STAFFING#<group>| AUDIT#<at>#<rand>               |                                                   |
 * | rate-limit counter       | RATE#<counter>  | WINDOW#<window start, epoch s>  |                                                   |
 * | iCalendar feed           | FEED#<sha256>   | FEED                            |                                                   |
 * | a creator's feed         | FEEDS#<sub>     | FEED#<id>                       |                                                   |
 * | catalogue entry (newest) | CATALOGUE       | ENTRY#<id>                      |                                                   |
 * | catalogue revision       | CATALOGUE#<id>  | REV#<revision, 6 digits>        |                                                   |
 *
 * A pending approval carries the queue facts of its registration's round (QUEUE_FACTS: `q_due`
 * the decision deadline, `q_start` the exam's start, `q_kind`, `q_type` the exam type, `q_round`,
 * `q_course` code and name), projected into the queue index (gsi4), so that a queue page sorts,
 * filters and counts the index entries and reads only the page's registrations. They are written
 * with the approval (a submission, a new round: both put the approval whole); nothing else changes
 * them, since the registration's form and derived values change only with a new round (reverting
 * a round deletes its approvals; the round it goes back to has none pending). A decision, closure
 * or expiry removes them with the entry. Like the keys, they never leave the adapters
 * (STORAGE_ATTRIBUTES). Approvals asked before the facts existed are in gsi2 `QUEUE#<group>` without them: `npx tsx
 * scripts/backfill-queue-index.ts <table>` moves them to gsi4 with their facts (docs/operations.md).
 * Calendar entries stored before the month buckets are in day buckets (`DAY#<utc date>` /
 * `<start>#<id>`): `npx tsx scripts/migrate-day-buckets.ts <table>` moves them (docs/operations.md).
 */

/** Primary key attributes, the time-to-live attribute and the global secondary indexes of the table. */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk', timeToLive: 'expiresAt' } as const;
export const INDEXES = {
  /** A staff member's registrations, newest first. */
  byOwner: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'ALL' },
  /**
   * The decisions a group made, and IT/ED incidents waiting for their extra time (sparse: an
   * approval closed or expired is in no index). Approvals asked before gsi4 existed wait here
   * under `QUEUE#<group>` until the backfill moves them.
   */
  decided: { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: 'KEYS_ONLY' },
  /** Registrations of a course by exam start, for the software of the letter. */
  byCourse: { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', projection: 'KEYS_ONLY' },
  /** Pending approvals of a group (sparse), with the queue facts of their registrations: a queue page reads no registration it does not show. */
  queue: { name: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk', projection: 'INCLUDE' },
} as const;
export type IndexName = keyof typeof INDEXES;

/**
 * The queue facts of a pending approval (keys.ts table): what the queue is sorted, filtered,
 * searched and counted by, copied from its registration's round. The queue index projects them
 * (and only them, with the keys).
 */
export const QUEUE_FACTS = {
  due: 'q_due',
  start: 'q_start',
  kind: 'q_kind',
  examType: 'q_type',
  round: 'q_round',
  course: 'q_course',
} as const;
/** The non-key attributes an index projects (`INCLUDE` only). */
export const projectedAttributes = (index: (typeof INDEXES)[IndexName]): string[] => (index.projection === 'INCLUDE' ? Object.values(QUEUE_FACTS) : []);

/** Attributes that only the storage needs: they never leave the adapters. */
export const STORAGE_ATTRIBUTES: readonly string[] = [
  TABLE_KEYS.partitionKey,
  TABLE_KEYS.sortKey,
  TABLE_KEYS.timeToLive,
  ...Object.values(INDEXES).flatMap((i) => [i.partitionKey, i.sortKey]),
  ...Object.values(QUEUE_FACTS),
  'type',
  'taskToken',
];

const REG = 'REG#';
export const registrationPk = (id: string) => `${REG}${id}`;
export const registrationIdOf = (pk: string) => (pk.startsWith(REG) ? pk.slice(REG.length) : null);
export const META_SK = 'META';
export const ownerGsiPk = (sub: string) => `OWNER#${sub}`;
export const courseGsiPk = (code: string) => `COURSE#${code}`;
/**
 * The gsi3 sort keys (`<examStart>#<id>`, the start as its form writes it, with its offset) of
 * the exams that start from `from` to `to` (instants). Keys sort by the start's local time, which
 * lies within a day of its instant whatever the offset (the schema takes offsets up to ±23:59),
 * so the range reaches a day and a minute beyond each end; the caller keeps the exact instants.
 */
export const courseExamStartRange = (from: string, to: string): { first: string; last: string } => {
  const minute = (ms: number) => new Date(ms).toISOString().slice(0, 16);
  const margin = 24 * 3_600_000 + 60_000;
  return { first: minute(Date.parse(from) - margin), last: `${minute(Date.parse(to) + margin)}\uffff` };
};
/** The instant (ms) of the exam start a gsi3 sort key holds. */
export const examStartOfCourseKey = (sortKey: string) => Date.parse(sortKey.slice(0, sortKey.indexOf('#')));
export const queueGsiPk = (group: ApproverGroup) => `QUEUE#${group}`;
/**
 * The decisions a group made, newest first: the approval moves from the group's queue (gsi4) to
 * this partition of gsi2 in the transaction that records the decision (sort key
 * `<decidedAt>#<id>`). Approvals kept from an earlier round, closed by another group's decision
 * or expired were not decided by the group and are in neither index.
 */
export const decidedGsiPk = (group: ApproverGroup) => `DECIDED#${group}`;
export const timeSortKey = (at: string, id: string) => `${at}#${id}`;
/**
 * IT/ED incidents whose extra time is not decided yet, oldest first (sparse, in the queue
 * index): both IT and ED handle them (R8), whichever groups approved the registration.
 */
export const EXTRA_TIME_QUEUE_GSI_PK = 'EXTRA_TIME#IT_ED';

const pad = (n: number) => String(n).padStart(4, '0');

export const APPROVAL_PREFIX = 'APPROVAL#';
export const approvalRoundPrefix = (round: number) => `${APPROVAL_PREFIX}${pad(round)}#`;
export const approvalSk = (round: number, group: ApproverGroup) => `${approvalRoundPrefix(round)}${group}`;
/** The approval's flag that a stage's e-mail went out: one flat attribute per stage. */
export const mailedAttribute = (stage: string) => `mailed_${stage}`;

/**
 * The registration item carries a copy of its current round's approvals, so that a list page
 * reads them with the registration instead of one query per item. Each field of each group's
 * approval is a top-level attribute (`approval_IT_state`): every write that changes an
 * approval sets its copy in the same transaction, and a top-level attribute can be set on any
 * item, also one stored before the copy existed. `approvalsCopied` (the round copied) is
 * written only with a whole copy (a new registration, a new round, a reverted round); an item
 * without it is read the old way, from the approval items.
 */
export const APPROVAL_COPY_FIELDS = ['round', 'state', 'requestedAt', 'stage', 'decidedAt', 'decidedBy', 'comment'] as const;
export type ApprovalCopyField = (typeof APPROVAL_COPY_FIELDS)[number];
export const approvalCopyAttribute = (group: ApproverGroup, field: ApprovalCopyField) => `approval_${group}_${field}`;
export const APPROVALS_COPIED = 'approvalsCopied';

/**
 * Delivery counters of a notice, kept beside the recipients so that showing a notice's counts
 * reads a fixed number of small items, never its recipients. Each recipient's transition that
 * changes a count (sending → sent or failed, sent → bounced or complained, bounced →
 * complained) adds to its counter in the same transaction, so it is counted exactly once. The
 * counters are sharded by the last character of the recipient's hash, so the senders working
 * through a notice in key order rarely update the same counter at once. The notice item holds
 * the number of recipients and whether its counters are kept (`count_kept`: notices stored
 * before the counters existed are counted from their recipients, as before).
 */
export const COUNTER_SHARDS = '0123456789abcdef';
export const noticeCounterPrefix = (noticeId: string) => `~N#${noticeId}#K#`;
export const noticeCounterSk = (noticeId: string, recipientHashValue: string) => `${noticeCounterPrefix(noticeId)}${recipientHashValue.slice(-1)}`;
/** The last key of a notice's counters: `~N#<notice>` up to it is the notice and its counters, and no recipient. */
export const noticeCountersEnd = (noticeId: string) => `${noticeCounterPrefix(noticeId)}~`;
export const countAttribute = (status: 'sent' | 'bounced' | 'complained' | 'failed') => `count_${status}`;
export const NOTICE_RECIPIENT_COUNT = 'count_recipients';
export const NOTICE_COUNTS_KEPT = 'count_kept';

/**
 * The registration item carries a copy of its rehearsal's result and dates (`rehearsal_result`,
 * `rehearsal_dueBy`, `rehearsal_recordedAt`), set in the transaction that records the rehearsal,
 * so that the lists flag a failed or missing rehearsal without reading it apart. A new round's
 * item keeps the copy (the store carries it over, guarded by `rehearsal_recordedAt`).
 */
export const REHEARSAL_COPY_FIELDS = ['result', 'dueBy', 'recordedAt'] as const;
export type RehearsalCopyField = (typeof REHEARSAL_COPY_FIELDS)[number];
export const rehearsalCopyAttribute = (field: RehearsalCopyField) => `rehearsal_${field}`;

export const isBookkeepingAttribute = (name: string) =>
  name.startsWith('mailed_') || name.startsWith('approval_') || name.startsWith('count_') || name.startsWith('rehearsal_') || name === APPROVALS_COPIED;

export const HISTORY_PREFIX = 'HISTORY#';
/** History entries sort by time; the random suffix keeps two entries of the same millisecond apart. */
export const historySk = (at: string, suffix: string) => `${HISTORY_PREFIX}${at}#${suffix}`;

export const INCIDENT_PREFIX = 'INCIDENT#';
export const incidentSk = (createdAt: string, id: string) => `${INCIDENT_PREFIX}${createdAt}#${id}`;

/** E-mail action links are stored under the SHA-256 of their id; the id itself is never stored. */
export const linkPk = (idHash: string) => `LINK#${idHash}`;
export const LINK_SK = 'LINK';

/** A rate-limit counter per fixed window; it expires (TTL) after its window. */
export const rateLimitPk = (counter: string) => `RATE#${counter}`;
export const rateLimitSk = (windowStart: number) => `WINDOW#${windowStart}`;

/**
 * Bulky items of a registration (candidate lists, notices and their recipients, mail claims)
 * sort after `~`, behind the registration's own items, so reading a registration never reads them.
 */
export const BULKY_PREFIX = '~';
export const CANDIDATES_POINTER_SK = '~C#CURRENT';
/** A candidate list version is unique per write, so a losing writer can only ever delete its own items. */
export const candidatePrefix = (version: string) => `~C#${version}#`;
export const candidateSk = (version: string, hash: string) => `${candidatePrefix(version)}${hash}`;
export const noticeSk = (noticeId: string) => `~N#${noticeId}`;
export const noticeRecipientPrefix = (noticeId: string) => `~N#${noticeId}#R#`;
export const noticeRecipientSk = (noticeId: string, hash: string) => `${noticeRecipientPrefix(noticeId)}${hash}`;
/** The rehearsal of a software exam's set-up: one item, replaced by each record. */
export const REHEARSAL_SK = '~R#REHEARSAL';
/** Claim of a one-time e-mail (an approval request, an outcome), taken before it is sent. */
export const mailClaimSk = (what: string) => `~M#${what}`;

/** Candidate and recipient keys hold a hash of the lower-cased address: stable, and no address in a key. */
export const recipientHash = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);

/**
 * Month buckets: an exam has an entry for every UTC date its interval (extra upload time
 * included) touches, written in the same transaction as the registration's exam, in the
 * partition of that date's UTC month and sorted by the date. A range of dates is then one Query
 * per month it spans (`sk BETWEEN` its first and last date), however many days it covers. UTC
 * dates keep the entries independent of the configured time zone; a local day touches at most two.
 */
const CALENDAR_MONTH = 'CAL#';
/** The UTC month (`yyyy-mm`) of a UTC date (`yyyy-mm-dd`): the partition its entries are in. */
export const calendarMonthOf = (utcDate: string) => utcDate.slice(0, 7);
export const calendarMonthPk = (utcDate: string) => `${CALENDAR_MONTH}${calendarMonthOf(utcDate)}`;
export const calendarEntrySk = (utcDate: string, start: string, id: string) => `${utcDate}#${start}#${id}`;
/** The UTC date of a calendar entry, from its sort key. */
export const calendarEntryDateOf = (sk: string) => sk.slice(0, sk.indexOf('#'));
/** The sort key bounds (inclusive) of every entry of the UTC dates `from` to `to`, both in one month. */
export const calendarEntryRange = (from: string, to: string): [string, string] => [`${from}#`, `${to}#\uffff`];

/**
 * Day buckets, as stored before the month buckets: `DAY#<utc date>` / `<start>#<id>`, one item
 * per date with the same attributes. Read only by the migration that moves them into their month.
 */
export const LEGACY_DAY_BUCKET_PREFIX = 'DAY#';
export const legacyDayBucketKey = (utcDate: string, start: string, id: string) => ({ pk: `${LEGACY_DAY_BUCKET_PREFIX}${utcDate}`, sk: `${start}#${id}` });
export const legacyDayBucketDateOf = (pk: string) => (pk.startsWith(LEGACY_DAY_BUCKET_PREFIX) ? pk.slice(LEGACY_DAY_BUCKET_PREFIX.length) : null);

/** People on duty per approver group and local date, set by the group's approvers, with an audit trail beside them. */
export const staffingPk = (group: ApproverGroup) => `STAFFING#${group}`;
export const STAFFING_DATE_PREFIX = 'DATE#';
export const staffingDateSk = (date: string) => `${STAFFING_DATE_PREFIX}${date}`;
export const staffingAuditSk = (at: string, suffix: string) => `AUDIT#${at}#${suffix}`;

/**
 * iCalendar feeds are found by the SHA-256 of the secret in their URL (the secret is never
 * stored), and listed and revoked through their creator's partition, which names the hash.
 */
export const feedPk = (secretHash: string) => `FEED#${secretHash}`;
export const FEED_SK = 'FEED';
export const feedOwnerPk = (sub: string) => `FEEDS#${sub}`;
export const feedOwnerSk = (id: string) => `FEED#${id}`;

/**
 * The software catalogue: the newest revision of every entry in one partition (the catalogue is
 * IT's list of a few hundred set-ups, read whole and searched in memory), and every revision
 * under its entry, written once and never changed, so any revision a registration names stays readable.
 */
export const CATALOGUE_PK = 'CATALOGUE';
export const catalogueEntrySk = (id: string) => `ENTRY#${id}`;
export const catalogueRevisionPk = (id: string) => `CATALOGUE#${id}`;
export const CATALOGUE_REVISION_PREFIX = 'REV#';
export const catalogueRevisionSk = (revision: number) => `${CATALOGUE_REVISION_PREFIX}${String(revision).padStart(6, '0')}`;

export type Key = Record<string, unknown>;
