import { randomBytes } from 'node:crypto';
import type { Approval, ApproverGroup, HistoryEntry } from '../../contracts/registration';
import type { QueueEntry, RegistrationRecord, RehearsalCopy } from '../../ports';
import {
  APPROVALS_COPIED,
  APPROVAL_COPY_FIELDS,
  INDEXES,
  META_SK,
  REHEARSAL_COPY_FIELDS,
  QUEUE_FACTS,
  STORAGE_ATTRIBUTES,
  approvalSk,
  courseGsiPk,
  historySk,
  isBookkeepingAttribute,
  ownerGsiPk,
  queueGsiPk,
  approvalCopyAttribute,
  registrationIdOf,
  registrationPk,
  rehearsalCopyAttribute,
  timeSortKey,
} from './keys';
import type { Item, TransactItem } from './operations';

/**
 * How the records of a registration's partition map to items and back. Several stores write
 * these items in one transaction (a decision writes the approval, the registration and a
 * history entry), so the mapping lives here once.
 */

/** The copy of one approval on the registration item, or of some of its fields (keys.ts, APPROVAL_COPY_FIELDS). */
export const approvalCopy = (approval: Pick<Approval, 'group'> & Partial<Approval>): Item =>
  Object.fromEntries(APPROVAL_COPY_FIELDS.filter((f) => approval[f] !== undefined).map((f) => [approvalCopyAttribute(approval.group, f), approval[f]]));

/**
 * The registration item, with the whole copy of its current round's approvals. `record` may be
 * one read back from the table: its own copy never reaches it (toRegistrationRecord drops it).
 */
export const registrationItem = (record: RegistrationRecord, approvals: readonly Approval[]): Item => ({
  pk: registrationPk(record.id),
  sk: META_SK,
  type: 'registration',
  [INDEXES.byOwner.partitionKey]: ownerGsiPk(record.owner.sub),
  [INDEXES.byOwner.sortKey]: timeSortKey(record.createdAt, record.id),
  [INDEXES.byCourse.partitionKey]: courseGsiPk(record.form.course.code),
  [INDEXES.byCourse.sortKey]: timeSortKey(record.form.exam.start, record.id),
  ...record,
  ...approvals.filter((a) => a.round === record.round).reduce<Item>((copy, a) => ({ ...copy, ...approvalCopy(a) }), {}),
  [APPROVALS_COPIED]: record.round,
});

/**
 * Sets fields of approvals' copies in an update of the registration item: the expression part
 * (`#ac0 = :ac0, …`, to join a SET) with its names and values, under a prefix of its own.
 */
export const approvalCopyUpdate = (changes: (Pick<Approval, 'group'> & Partial<Approval>)[], prefix = 'ac') => {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  for (const change of changes) {
    for (const [attribute, value] of Object.entries(approvalCopy(change))) {
      const n = `${prefix}${sets.length}`;
      names[`#${n}`] = attribute;
      values[`:${n}`] = value;
      sets.push(`#${n} = :${n}`);
    }
  }
  return { set: sets.join(', '), names, values };
};

/**
 * The approvals of the item's current round from its copy, in the order of their keys (by
 * group); null when the item holds no whole copy of this round (stored before the copy existed).
 */
export const copiedApprovals = (item: Item): Approval[] | null => {
  if (item[APPROVALS_COPIED] !== item.round) return null;
  return (['ED', 'IT'] as ApproverGroup[])
    .filter((group) => item[approvalCopyAttribute(group, 'round')] === item.round)
    .map((group) => ({
      group,
      round: item[approvalCopyAttribute(group, 'round')] as number,
      state: item[approvalCopyAttribute(group, 'state')] as Approval['state'],
      requestedAt: item[approvalCopyAttribute(group, 'requestedAt')] as string,
      stage: item[approvalCopyAttribute(group, 'stage')] as Approval['stage'],
      decidedAt: (item[approvalCopyAttribute(group, 'decidedAt')] as string | null | undefined) ?? null,
      decidedBy: (item[approvalCopyAttribute(group, 'decidedBy')] as Approval['decidedBy'] | undefined) ?? null,
      comment: (item[approvalCopyAttribute(group, 'comment')] as string | null | undefined) ?? null,
    }));
};

/** The rehearsal's copy on the registration item (keys.ts, REHEARSAL_COPY_FIELDS): its attributes, to put or to set. */
export const rehearsalCopy = (copy: RehearsalCopy): Item => Object.fromEntries(REHEARSAL_COPY_FIELDS.map((f) => [rehearsalCopyAttribute(f), copy[f]]));

/** The rehearsal's copy read from a registration item; undefined when none was recorded. */
export const copiedRehearsal = (item: Item): RehearsalCopy | undefined => {
  const result = item[rehearsalCopyAttribute('result')];
  if (result !== 'tested' && result !== 'failed') return undefined;
  return {
    result,
    dueBy: (item[rehearsalCopyAttribute('dueBy')] as string | null | undefined) ?? null,
    recordedAt: item[rehearsalCopyAttribute('recordedAt')] as string,
  };
};

/** The queue facts of a registration's round (keys.ts, QUEUE_FACTS), as a pending approval carries them. */
export const queueFacts = (record: RegistrationRecord): Item => ({
  [QUEUE_FACTS.due]: record.derived.studentInfoDueBy,
  [QUEUE_FACTS.start]: record.form.exam.start,
  [QUEUE_FACTS.kind]: record.kind,
  [QUEUE_FACTS.examType]: record.form.exam.type,
  [QUEUE_FACTS.round]: record.round,
  [QUEUE_FACTS.course]: `${record.form.course.code}\n${record.form.course.name}`,
});

/** A queue index entry (or an approval item) as the queue's sorting and filtering read it; null without the facts. */
export const toQueueEntry = (item: Item): QueueEntry | null => {
  const id = registrationIdOf(item.pk as string);
  const course = item[QUEUE_FACTS.course];
  if (id === null || typeof course !== 'string' || typeof item[QUEUE_FACTS.due] !== 'string') return null;
  const cut = course.includes('\n') ? course.indexOf('\n') : course.length;
  return {
    id,
    kind: item[QUEUE_FACTS.kind] as QueueEntry['kind'],
    round: item[QUEUE_FACTS.round] as number,
    derived: { studentInfoDueBy: item[QUEUE_FACTS.due] as string },
    form: {
      exam: { start: item[QUEUE_FACTS.start] as string, type: item[QUEUE_FACTS.examType] as QueueEntry['form']['exam']['type'] },
      course: { code: course.slice(0, cut), name: course.slice(cut + 1) },
    },
  };
};

/** An approval of `record`'s round; while pending it is in its group's queue (sparse index), with the round's queue facts. */
export const approvalItem = (record: RegistrationRecord, approval: Approval) => ({
  pk: registrationPk(record.id),
  sk: approvalSk(approval.round, approval.group),
  type: 'approval',
  id: record.id,
  ...approval,
  ...(approval.state === 'PENDING'
    ? {
        [INDEXES.queue.partitionKey]: queueGsiPk(approval.group),
        [INDEXES.queue.sortKey]: timeSortKey(approval.requestedAt, record.id),
        ...queueFacts(record),
      }
    : {}),
});

/** Leaving the queue index: the expression part that removes an approval's entry and its facts. */
export const LEAVE_QUEUE_INDEX = [INDEXES.queue.partitionKey, INDEXES.queue.sortKey, ...Object.values(QUEUE_FACTS)].join(', ');
/**
 * Leaving the queue without a decision (closed, expired): also out of gsi2, where an approval
 * asked before the queue index existed may still wait (keys.ts).
 */
export const REMOVE_FROM_QUEUE = `${LEAVE_QUEUE_INDEX}, ${INDEXES.decided.partitionKey}, ${INDEXES.decided.sortKey}`;

/** A history entry, put in the same transaction as the change it records. */
/**
 * The sort key of the history entry that starts a round: derived from the round, not random, so
 * that undoing a round whose workflow could not start can delete the entry it wrote.
 */
export const roundStartHistorySk = (entry: HistoryEntry, round: number) => historySk(entry.at, `round-${String(round).padStart(4, '0')}`);

export const historyPut = (tableName: string, id: string, entry: HistoryEntry, sk = historySk(entry.at, randomBytes(4).toString('hex'))): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: { pk: registrationPk(id), sk, type: 'history', ...entry },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** Storage keys and internal bookkeeping (task tokens, mail flags) never leave the adapters. */
export const withoutStorage = (item: Item): Item =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !STORAGE_ATTRIBUTES.includes(k) && !isBookkeepingAttribute(k)));

export const toRegistrationRecord = (item: Item) => withoutStorage(item) as RegistrationRecord;

export const toApproval = (item: Item): Approval => {
  const { id: _id, ...rest } = withoutStorage(item);
  return rest as Approval;
};

export const toHistory = (item: Item) => withoutStorage(item) as HistoryEntry;
