import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  UpdateCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type {
  Approval,
  ApprovalState,
  ApproverGroup,
  HistoryEntry,
  Registration,
  RegistrationStatus,
} from '../schemas/registration';
import {
  APPROVAL_PREFIX,
  HISTORY_PREFIX,
  META_SK,
  approvalSk,
  createdSortKey,
  historySk,
  ownerGsiPk,
  queueGsiPk,
  registrationPk,
} from './keys';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The registration as stored, without the items (approvals, history) that live beside it. */
export type RegistrationRecord = Omit<Registration, 'approvals' | 'history'> & { version: number };

/**
 * DynamoDB adapter for registrations. It owns the key formats (./keys) and the
 * conditions that guard invariants; callers never build keys themselves.
 */
export class RegistrationRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  static toMetaItem(record: RegistrationRecord) {
    return {
      pk: registrationPk(record.id),
      sk: META_SK,
      type: 'registration',
      gsi1pk: ownerGsiPk(record.owner.sub),
      gsi1sk: createdSortKey(record.createdAt, record.id),
      ...record,
    };
  }

  static toApprovalItem(id: string, approval: Approval) {
    return {
      pk: registrationPk(id),
      sk: approvalSk(approval.round, approval.group),
      type: 'approval',
      id,
      ...approval,
      // Sparse index: an approval is in its group's queue only while it is pending.
      ...(approval.state === 'PENDING'
        ? { gsi2pk: queueGsiPk(approval.group), gsi2sk: createdSortKey(approval.requestedAt, id) }
        : {}),
    };
  }

  static historyPut(tableName: string, id: string, entry: HistoryEntry): TransactItem {
    return {
      Put: {
        TableName: tableName,
        Item: { pk: registrationPk(id), sk: historySk(entry.at, randomBytes(4).toString('hex')), type: 'history', ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /** Stores a new registration with its first approval round and history entry, all or nothing. */
  async insert(record: RegistrationRecord, approvals: Approval[], entry: HistoryEntry): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: RegistrationRepository.toMetaItem(record),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...approvals.map(
            (a): TransactItem => ({
              Put: {
                TableName: this.tableName,
                Item: RegistrationRepository.toApprovalItem(record.id, a),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            }),
          ),
          RegistrationRepository.historyPut(this.tableName, record.id, entry),
        ],
      }),
    );
  }

  /** Removes every item of a registration (used to undo a submission whose workflow could not start). */
  async deleteAll(id: string): Promise<void> {
    const items = await this.queryPartition(id, true);
    if (items.length === 0) return;
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: items.map((i) => ({
          Delete: { TableName: this.tableName, Key: { pk: i.pk as string, sk: i.sk as string } },
        })),
      }),
    );
  }

  async get(id: string): Promise<(Registration & { version: number }) | null> {
    const items = await this.queryPartition(id, false);
    const meta = items.find((i) => i.sk === META_SK);
    if (!meta) return null;
    const record = stripKeys(meta) as RegistrationRecord;
    const approvals = items
      .filter((i) => (i.sk as string).startsWith(APPROVAL_PREFIX) && i.round === record.round)
      .map((i) => toApproval(i));
    const history = items.filter((i) => (i.sk as string).startsWith(HISTORY_PREFIX)).map((i) => toHistory(i));
    return { ...record, approvals, history };
  }

  async getApproval(id: string, round: number, group: ApproverGroup) {
    const items = await this.queryPartition(id, false, approvalSk(round, group));
    const item = items[0];
    return item ? { ...toApproval(item), taskToken: (item.taskToken as string | undefined) ?? null } : null;
  }

  /**
   * Stores the task token of the approval step that now waits for this group, if the group
   * has not decided yet. Returns whether the stage's e-mail already went out (a re-driven
   * step must not mail twice), or the approval as it is when it is no longer pending.
   */
  async registerTaskToken(
    id: string,
    round: number,
    group: ApproverGroup,
    stage: Approval['stage'],
    taskToken: string,
  ): Promise<{ pending: true; alreadyMailed: boolean } | { pending: false; approval: Approval | null }> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: registrationPk(id), sk: approvalSk(round, group) },
          UpdateExpression: 'SET taskToken = :t, stage = :s',
          ConditionExpression: '#state = :pending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':t': taskToken, ':s': stage, ':pending': 'PENDING' },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const mailed = (out.Attributes?.mailed ?? {}) as Record<string, string>;
      return { pending: true, alreadyMailed: Boolean(mailed[stage]) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return { pending: false, approval: await this.getApproval(id, round, group) };
    }
  }

  async markMailed(id: string, round: number, group: ApproverGroup, stage: Approval['stage'], at: string) {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: registrationPk(id), sk: approvalSk(round, group) },
        UpdateExpression: 'SET mailed = if_not_exists(mailed, :empty)',
        ExpressionAttributeValues: { ':empty': {} },
      }),
    );
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: registrationPk(id), sk: approvalSk(round, group) },
        UpdateExpression: 'SET mailed.#stage = :at',
        ExpressionAttributeNames: { '#stage': stage },
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  /**
   * Moves a registration of a given round from one of `from` to `to`, closes its pending
   * approvals with `approvalsTo`, and appends a history entry, atomically. Returns false
   * when the registration was not in an expected state (someone else moved it first).
   */
  async transition(args: {
    id: string;
    round: number;
    from: RegistrationStatus[];
    to: RegistrationStatus;
    entry: HistoryEntry;
    pendingApprovals?: { groups: ApproverGroup[]; to: ApprovalState };
    set?: Record<string, unknown>;
  }): Promise<boolean> {
    const { id, round, from, to, entry } = args;
    const setExtra = Object.keys(args.set ?? {});
    const fromValues = Object.fromEntries(from.map((s, i) => [`:from${i}`, s]));
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: { pk: registrationPk(id), sk: META_SK },
          UpdateExpression: `SET #status = :to, updatedAt = :at, version = version + :one${setExtra.map((k, i) => `, #x${i} = :x${i}`).join('')}`,
          ConditionExpression: `round = :round AND #status IN (${Object.keys(fromValues).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(setExtra.map((k, i) => [`#x${i}`, k])) },
          ExpressionAttributeValues: {
            ':to': to,
            ':at': entry.at,
            ':one': 1,
            ':round': round,
            ...fromValues,
            ...Object.fromEntries(setExtra.map((k, i) => [`:x${i}`, args.set?.[k]])),
          },
        },
      },
      ...(args.pendingApprovals?.groups ?? []).map(
        (group): TransactItem => ({
          Update: {
            TableName: this.tableName,
            Key: { pk: registrationPk(id), sk: approvalSk(round, group) },
            UpdateExpression: 'SET #state = :to REMOVE gsi2pk, gsi2sk, taskToken',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':to': args.pendingApprovals?.to },
          },
        }),
      ),
      RegistrationRepository.historyPut(this.tableName, id, entry),
    ];
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') {
        return false;
      }
      throw error;
    }
  }

  async appendHistory(id: string, entry: HistoryEntry): Promise<void> {
    await this.db.send(new TransactWriteCommand({ TransactItems: [RegistrationRepository.historyPut(this.tableName, id, entry)] }));
  }

  private async queryPartition(id: string, keysOnly: boolean, exactSk?: string) {
    const out: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: exactSk ? 'pk = :pk AND sk = :sk' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': registrationPk(id), ...(exactSk ? { ':sk': exactSk } : {}) },
          ...(keysOnly ? { ProjectionExpression: 'pk, sk' } : {}),
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      out.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return out;
  }
}

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'type', 'taskToken', 'expiresAt'];

const stripKeys = (item: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.includes(k)));

const toApproval = (item: Record<string, unknown>): Approval => {
  const { id: _id, ...rest } = stripKeys(item);
  return rest as Approval;
};

const toHistory = (item: Record<string, unknown>): HistoryEntry => stripKeys(item) as HistoryEntry;
