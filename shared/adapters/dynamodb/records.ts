import { randomBytes } from 'node:crypto';
import type { Approval, HistoryEntry } from '../../contracts/registration';
import type { RegistrationRecord } from '../../ports';
import {
  INDEXES,
  META_SK,
  STORAGE_ATTRIBUTES,
  approvalSk,
  courseGsiPk,
  historySk,
  isBookkeepingAttribute,
  ownerGsiPk,
  queueGsiPk,
  registrationPk,
  timeSortKey,
} from './keys';
import type { Item, TransactItem } from './operations';

/**
 * How the records of a registration's partition map to items and back. Several stores write
 * these items in one transaction (a decision writes the approval, the registration and a
 * history entry), so the mapping lives here once.
 */

export const registrationItem = (record: RegistrationRecord) => ({
  pk: registrationPk(record.id),
  sk: META_SK,
  type: 'registration',
  [INDEXES.byOwner.partitionKey]: ownerGsiPk(record.owner.sub),
  [INDEXES.byOwner.sortKey]: timeSortKey(record.createdAt, record.id),
  [INDEXES.byCourse.partitionKey]: courseGsiPk(record.form.course.code),
  [INDEXES.byCourse.sortKey]: timeSortKey(record.form.exam.start, record.id),
  ...record,
});

export const approvalItem = (id: string, approval: Approval) => ({
  pk: registrationPk(id),
  sk: approvalSk(approval.round, approval.group),
  type: 'approval',
  id,
  ...approval,
  // Sparse index: an approval is in its group's queue only while it is pending.
  ...(approval.state === 'PENDING'
    ? { [INDEXES.queue.partitionKey]: queueGsiPk(approval.group), [INDEXES.queue.sortKey]: timeSortKey(approval.requestedAt, id) }
    : {}),
});

/** Leaving the queue: the expression part that removes an approval from its group's index. */
export const REMOVE_FROM_QUEUE = `${INDEXES.queue.partitionKey}, ${INDEXES.queue.sortKey}`;

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
