import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Approval, HistoryEntry } from '../../contracts/registration';
import type { Incident } from '../../contracts/student-notices';
import type { RegistrationRecord, RegistrationStore, StoredRegistration, Transition } from '../../ports';
import { calendarEntryDeletes, calendarEntryMoves, calendarEntryPuts } from './calendar-store';
import {
  APPROVAL_PREFIX,
  BULKY_PREFIX,
  HISTORY_PREFIX,
  INCIDENT_PREFIX,
  META_SK,
  REHEARSAL_COPY_FIELDS,
  approvalRoundPrefix,
  approvalSk,
  registrationPk,
  rehearsalCopyAttribute,
} from './keys';
import { type TransactItem, queryAll, transactionCancellation } from './operations';
import {
  REMOVE_FROM_QUEUE,
  approvalCopyUpdate,
  approvalItem,
  copiedRehearsal,
  historyPut,
  registrationItem,
  rehearsalCopy,
  roundStartHistorySk,
  toApproval,
  toHistory,
  toRegistrationRecord,
  withoutStorage,
} from './records';

/** The rehearsal copy's attributes by a placeholder each (`#rc0` → `rehearsal_result`), to read them in a projection. */
const REHEARSAL_COPY_NAMES = Object.fromEntries(REHEARSAL_COPY_FIELDS.map((f, i) => [`#rc${i}`, rehearsalCopyAttribute(f)]));

/** DynamoDB store of registrations: the registration item, its rounds' approvals and its history, in one partition. */
export class DynamoRegistrationStore implements RegistrationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async insert(record: RegistrationRecord, approvals: Approval[], entry: HistoryEntry): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: registrationItem(record, approvals), ConditionExpression: 'attribute_not_exists(pk)' } },
          ...approvals.map((a): TransactItem => ({
            Put: { TableName: this.tableName, Item: approvalItem(record, a), ConditionExpression: 'attribute_not_exists(pk)' },
          })),
          historyPut(this.tableName, record.id, entry),
          ...calendarEntryPuts(this.tableName, record),
        ],
      }),
    );
  }

  async deleteAll(id: string): Promise<void> {
    const items = await this.partition(id, { keysOnly: true });
    if (items.length === 0) return;
    const meta = await this.get(id);
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          ...items.map((i): TransactItem => ({ Delete: { TableName: this.tableName, Key: { pk: i.pk as string, sk: i.sk as string } } })),
          ...(meta ? calendarEntryDeletes(this.tableName, meta) : []),
        ],
      }),
    );
  }

  async get(id: string): Promise<StoredRegistration | null> {
    const items = await this.partition(id, { ownItemsOnly: true });
    const meta = items.find((i) => i.sk === META_SK);
    if (!meta) return null;
    const record = toRegistrationRecord(meta);
    const of = (prefix: string) => items.filter((i) => (i.sk as string).startsWith(prefix));
    const approvals = of(APPROVAL_PREFIX)
      .filter((i) => i.round === record.round)
      .map(toApproval);
    const history = of(HISTORY_PREFIX).map(toHistory);
    const incidents = of(INCIDENT_PREFIX).map((i) => withoutStorage(i) as Incident);
    return { ...record, approvals, history, ...(incidents.length ? { incidents } : {}) };
  }

  async transition(t: Transition): Promise<boolean> {
    const fromValues = Object.fromEntries(t.from.map((s, i) => [`:from${i}`, s]));
    const pendingTo = t.pendingApprovals?.to;
    // The approvals that close with the move close on the registration's copy too.
    const copy = approvalCopyUpdate(pendingTo ? (t.pendingApprovals?.groups ?? []).map((group) => ({ group, state: pendingTo })) : []);
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: { pk: registrationPk(t.id), sk: META_SK },
          UpdateExpression: `SET #status = :to, updatedAt = :at, version = version + :one${copy.set ? `, ${copy.set}` : ''}`,
          ConditionExpression: `round = :round AND #status IN (${Object.keys(fromValues).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status', ...copy.names },
          ExpressionAttributeValues: { ':to': t.to, ':at': t.entry.at, ':one': 1, ':round': t.round, ...fromValues, ...copy.values },
        },
      },
      ...(t.pendingApprovals?.groups ?? []).map((group): TransactItem => ({
        Update: {
          TableName: this.tableName,
          Key: { pk: registrationPk(t.id), sk: approvalSk(t.round, group) },
          UpdateExpression: `SET #state = :to REMOVE ${REMOVE_FROM_QUEUE}, taskToken`,
          // Only an approval that is still pending closes: a decision that won the race keeps its state.
          ConditionExpression: '#state = :pending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':to': t.pendingApprovals?.to, ':pending': 'PENDING' },
        },
      })),
      historyPut(this.tableName, t.id, t.entry),
    ];
    const cancelled = await transactionCancellation(() => this.db.send(new TransactWriteCommand({ TransactItems: items })));
    return cancelled === null;
  }

  /**
   * The rehearsal's copy on the registration item, to carry over into an item that replaces it,
   * with the condition that it is still the one read (a rehearsal recorded meanwhile cancels the write).
   */
  private async keptRehearsal(id: string) {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: registrationPk(id), sk: META_SK },
        ProjectionExpression: Object.keys(REHEARSAL_COPY_NAMES).join(', '),
        ExpressionAttributeNames: REHEARSAL_COPY_NAMES,
        ConsistentRead: true,
      }),
    );
    const copy = out.Item ? copiedRehearsal(out.Item) : undefined;
    return {
      item: copy ? rehearsalCopy(copy) : {},
      condition: copy ? '#rra = :rra' : 'attribute_not_exists(#rra)',
      names: { '#rra': rehearsalCopyAttribute('recordedAt') },
      values: copy ? { ':rra': copy.recordedAt } : {},
    };
  }

  async startNewRound(previous: RegistrationRecord, next: RegistrationRecord, approvals: Approval[], entry: HistoryEntry): Promise<boolean> {
    const rehearsal = await this.keptRehearsal(next.id);
    const cancelled = await transactionCancellation(() =>
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...registrationItem(next, approvals), ...rehearsal.item },
                ConditionExpression: `version = :v AND #status = :from AND ${rehearsal.condition}`,
                ExpressionAttributeNames: { '#status': 'status', ...rehearsal.names },
                ExpressionAttributeValues: { ':v': previous.version, ':from': previous.status, ...rehearsal.values },
              },
            },
            ...approvals.map((a): TransactItem => ({
              Put: { TableName: this.tableName, Item: approvalItem(next, a), ConditionExpression: 'attribute_not_exists(pk)' },
            })),
            historyPut(this.tableName, next.id, entry, roundStartHistorySk(entry, next.round)),
            ...calendarEntryMoves(this.tableName, previous, next),
          ],
        }),
      ),
    );
    return cancelled === null;
  }

  async revertNewRound(previous: RegistrationRecord, next: RegistrationRecord, approvals: Approval[], entry: HistoryEntry): Promise<void> {
    // The previous round's approvals are as that round closed (nothing changes them once it has): copied back with the record.
    const previousApprovals = (
      await queryAll(this.db, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': registrationPk(previous.id), ':prefix': approvalRoundPrefix(previous.round) },
        ConsistentRead: true,
      })
    ).map(toApproval);
    const rehearsal = await this.keptRehearsal(previous.id);
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...registrationItem(previous, previousApprovals), ...rehearsal.item },
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':v': next.version },
            },
          },
          ...approvals.map((a): TransactItem => ({ Delete: { TableName: this.tableName, Key: { pk: registrationPk(next.id), sk: approvalSk(a.round, a.group) } } })),
          { Delete: { TableName: this.tableName, Key: { pk: registrationPk(next.id), sk: roundStartHistorySk(entry, next.round) } } },
          ...calendarEntryMoves(this.tableName, next, previous),
        ],
      }),
    );
  }

  async appendHistory(id: string, entry: HistoryEntry): Promise<void> {
    await this.db.send(new TransactWriteCommand({ TransactItems: [historyPut(this.tableName, id, entry)] }));
  }

  /** The registration's partition: its own items (`sk < "~"`), or with the bulky ones too. */
  private partition(id: string, opts: { keysOnly?: boolean; ownItemsOnly?: boolean }) {
    return queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: opts.ownItemsOnly ? 'pk = :pk AND sk < :bulky' : 'pk = :pk',
      ExpressionAttributeValues: { ':pk': registrationPk(id), ...(opts.ownItemsOnly ? { ':bulky': BULKY_PREFIX } : {}) },
      ...(opts.keysOnly ? { ProjectionExpression: 'pk, sk' } : {}),
      ConsistentRead: true,
    });
  }
}
