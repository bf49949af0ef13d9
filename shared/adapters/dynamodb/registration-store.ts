import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type {
  Actor,
  Approval,
  ApprovalState,
  ApproverGroup,
  HistoryEntry,
  Registration,
  RegistrationStatus,
} from '../../contracts/registration';
import { queryAll } from './query';
import type { Incident } from '../../contracts/student-notices';
import {
  APPROVAL_PREFIX,
  HISTORY_PREFIX,
  LINK_SK,
  META_SK,
  mailClaimSk,
  approvalSk,
  createdSortKey,
  BULKY_PREFIX,
  INCIDENT_PREFIX,
  courseGsiPk,
  historySk,
  incidentSk,
  linkPk,
  ownerGsiPk,
  queueGsiPk,
  registrationPk,
} from './keys';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Key = Record<string, unknown>;

export interface Page<T> {
  items: T[];
  lastKey: Key | undefined;
}

export interface ApprovalLinkRecord {
  registrationId: string;
  round: number;
  group: ApproverGroup;
  /** Epoch seconds; also the item's TTL. */
  expiresAt: number;
  usedAt?: string;
}

/** Why a decision could not be recorded. */
export type DecisionRefusal = 'already-decided' | 'round-closed' | 'link-used' | 'conflict';

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
      gsi3pk: courseGsiPk(record.form.course.code),
      gsi3sk: createdSortKey(record.form.exam.start, record.id),
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
    const items = await this.queryPartition(id, false, undefined, true);
    const meta = items.find((i) => i.sk === META_SK);
    if (!meta) return null;
    const record = stripKeys(meta) as RegistrationRecord;
    const approvals = items
      .filter((i) => (i.sk as string).startsWith(APPROVAL_PREFIX) && i.round === record.round)
      .map((i) => toApproval(i));
    const history = items.filter((i) => (i.sk as string).startsWith(HISTORY_PREFIX)).map((i) => toHistory(i));
    const incidents = items.filter((i) => (i.sk as string).startsWith(INCIDENT_PREFIX)).map((i) => stripKeys(i));
    return { ...record, approvals, history, ...(incidents.length ? { incidents } : {}) } as Registration & { version: number };
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
      return { pending: true, alreadyMailed: Boolean(out.Attributes?.[mailedAttribute(stage)]) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return { pending: false, approval: await this.getApproval(id, round, group) };
    }
  }

  /**
   * Claims a one-time e-mail of a registration before it is sent; false when an earlier attempt
   * claimed it (it sent it, or stopped while sending). A workflow step retried after a failure
   * that came after its send therefore does not send again.
   */
  async claimMail(id: string, what: string, at: string): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: registrationPk(id), sk: mailClaimSk(what), type: 'mail-claim', at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Gives a claim back when the send itself failed, so that the retried step sends. */
  async releaseMail(id: string, what: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: registrationPk(id), sk: mailClaimSk(what) } }));
  }

  /**
   * Notes on the approval that this stage's e-mail went out. The mail claim already keeps the
   * send single; this flag lets a re-driven step stop before it reads the registration and
   * creates another e-mail link. One flat attribute per stage: a single write, no parent map.
   */
  async markMailed(id: string, round: number, group: ApproverGroup, stage: Approval['stage'], at: string) {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: registrationPk(id), sk: approvalSk(round, group) },
        UpdateExpression: 'SET #mailed = :at',
        ExpressionAttributeNames: { '#mailed': mailedAttribute(stage) },
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

  /**
   * Records one group's decision, atomically with the round's state: the approval must still
   * be pending and the registration still in this round and pending. A rejection or change
   * request ends the round at once: the registration's status changes and the other groups'
   * pending approvals close, in the same transaction, so exactly one of any racing decisions wins.
   */
  async recordDecision(args: {
    id: string;
    round: number;
    group: ApproverGroup;
    state: 'APPROVED' | 'REJECTED' | 'CHANGES_REQUESTED';
    actor: Actor;
    comment: string | null;
    entry: HistoryEntry;
    otherPending: ApproverGroup[];
    linkHash?: string;
  }): Promise<true | DecisionRefusal> {
    const { id, round, group, state, entry } = args;
    const metaCondition = {
      ConditionExpression: 'round = :round AND #status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
    };
    const endsRound = state !== 'APPROVED';
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: { pk: registrationPk(id), sk: approvalSk(round, group) },
          UpdateExpression: 'SET #state = :state, decidedAt = :at, decidedBy = :by, #comment = :comment REMOVE gsi2pk, gsi2sk',
          ConditionExpression: '#state = :pending',
          ExpressionAttributeNames: { '#state': 'state', '#comment': 'comment' },
          ExpressionAttributeValues: { ':state': state, ':at': entry.at, ':by': args.actor, ':comment': args.comment, ':pending': 'PENDING' },
        },
      },
      endsRound
        ? {
            Update: {
              TableName: this.tableName,
              Key: { pk: registrationPk(id), sk: META_SK },
              UpdateExpression: 'SET #status = :to, updatedAt = :at, version = version + :one',
              ...metaCondition,
              ExpressionAttributeValues: { ':to': state, ':at': entry.at, ':one': 1, ':round': round, ':pending': 'PENDING_APPROVAL' },
            },
          }
        : {
            ConditionCheck: {
              TableName: this.tableName,
              Key: { pk: registrationPk(id), sk: META_SK },
              ...metaCondition,
              ExpressionAttributeValues: { ':round': round, ':pending': 'PENDING_APPROVAL' },
            },
          },
      RegistrationRepository.historyPut(this.tableName, id, entry),
      ...(endsRound ? args.otherPending : []).map(
        (other): TransactItem => ({
          Update: {
            TableName: this.tableName,
            Key: { pk: registrationPk(id), sk: approvalSk(round, other) },
            UpdateExpression: 'SET #state = :closed REMOVE gsi2pk, gsi2sk',
            ConditionExpression: '#state = :pending',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':closed': 'CLOSED', ':pending': 'PENDING' },
          },
        }),
      ),
      ...(args.linkHash
        ? [
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: linkPk(args.linkHash), sk: LINK_SK },
                UpdateExpression: 'SET usedAt = :at',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt)',
                ExpressionAttributeValues: { ':at': entry.at },
              },
            } satisfies TransactItem,
          ]
        : []),
    ];
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const codes = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
      if (codes.includes('TransactionConflict')) return 'conflict';
      if (codes[0] === 'ConditionalCheckFailed') return 'already-decided';
      if (codes[1] === 'ConditionalCheckFailed') return 'round-closed';
      if (args.linkHash && codes[codes.length - 1] === 'ConditionalCheckFailed') return 'link-used';
      // Another group's approval changed under us: the caller re-reads and tries again.
      return 'conflict';
    }
  }

  /** The approvals of one round of a registration. */
  async approvalsOf(id: string, round: number): Promise<Approval[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': registrationPk(id), ':prefix': approvalSk(round, '' as ApproverGroup) },
      }),
    );
    return (out.Items ?? []).map((i) => toApproval(i));
  }

  /** The task token now waiting for this group, read after a decision to resume the workflow. */
  async currentTaskToken(id: string, round: number, group: ApproverGroup): Promise<string | null> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: registrationPk(id), sk: approvalSk(round, group) },
        ProjectionExpression: 'taskToken',
        ConsistentRead: true,
      }),
    );
    return (out.Item?.taskToken as string | undefined) ?? null;
  }

  /**
   * Starts a new round after changes were requested: the registration's form and derived
   * facts are replaced, the round number goes up, and the new round's approvals are stored.
   * Guarded by the version read, so two resubmissions cannot both win.
   */
  async startNewRound(previous: RegistrationRecord, next: RegistrationRecord, approvals: Approval[], entry: HistoryEntry): Promise<boolean> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: RegistrationRepository.toMetaItem(next),
                ConditionExpression: 'version = :v AND #status = :from',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':v': previous.version, ':from': previous.status },
              },
            },
            ...approvals.map(
              (a): TransactItem => ({
                Put: {
                  TableName: this.tableName,
                  Item: RegistrationRepository.toApprovalItem(next.id, a),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              }),
            ),
            RegistrationRepository.historyPut(this.tableName, next.id, entry),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }

  /** Puts a registration back as it was before a new round whose workflow could not start. */
  async revertNewRound(previous: RegistrationRecord, next: RegistrationRecord, approvals: Approval[]): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: RegistrationRepository.toMetaItem(previous),
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':v': next.version },
            },
          },
          ...approvals.map(
            (a): TransactItem => ({
              Delete: { TableName: this.tableName, Key: { pk: registrationPk(next.id), sk: approvalSk(a.round, a.group) } },
            }),
          ),
        ],
      }),
    );
  }

  /** A staff member's registrations, newest first (gsi1). Filters narrow the page, never widen the read. */
  async listOwned(sub: string, opts: { limit: number; startKey?: Key; status?: string; kind?: string }): Promise<Page<RegistrationRecord>> {
    const filters: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': ownerGsiPk(sub) };
    if (opts.status) {
      filters.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = opts.status;
    }
    if (opts.kind) {
      filters.push('kind = :kind');
      values[':kind'] = opts.kind;
    }
    const items: RegistrationRecord[] = [];
    let startKey = opts.startKey;
    // A filtered query may return short pages; read on until the page is full or the partition ends.
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ScanIndexForward: false,
          Limit: opts.limit - items.length,
          ExclusiveStartKey: startKey,
          ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
        }),
      );
      items.push(...(page.Items ?? []).map((i) => stripKeys(i) as RegistrationRecord));
      startKey = page.LastEvaluatedKey;
    } while (startKey && items.length < opts.limit);
    return { items, lastKey: startKey };
  }

  /** What waits for a group, oldest first (gsi2 holds pending approvals only). */
  async listQueue(group: ApproverGroup, opts: { limit: number; startKey?: Key }): Promise<Page<RegistrationRecord>> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': queueGsiPk(group) },
        ScanIndexForward: true,
        Limit: opts.limit,
        ExclusiveStartKey: opts.startKey,
      }),
    );
    const ids = [...new Set((page.Items ?? []).map((i) => (i.pk as string).slice('REG#'.length)))];
    const records = await this.batchGetMeta(ids);
    return { items: ids.map((id) => records.get(id)).filter((r): r is RegistrationRecord => Boolean(r)), lastKey: page.LastEvaluatedKey };
  }

  private async batchGetMeta(ids: string[]): Promise<Map<string, RegistrationRecord>> {
    const out = new Map<string, RegistrationRecord>();
    let keys: Key[] = ids.map((id) => ({ pk: registrationPk(id), sk: META_SK }));
    for (let attempt = 0; keys.length > 0 && attempt < 5; attempt++) {
      const res = await this.db.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys } } }));
      for (const item of res.Responses?.[this.tableName] ?? []) {
        const r = stripKeys(item) as RegistrationRecord;
        out.set(r.id, r);
      }
      keys = (res.UnprocessedKeys?.[this.tableName]?.Keys as Key[] | undefined) ?? [];
      if (keys.length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
    return out;
  }

  /** Registrations of a course (gsi3), e.g. to find its approved software requests for the letter. */
  async listByCourse(code: string): Promise<RegistrationRecord[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: { ':pk': courseGsiPk(code) },
        Limit: 100,
      }),
    );
    const ids = (out.Items ?? []).map((i) => (i.pk as string).slice('REG#'.length));
    const records = await this.batchGetMeta(ids);
    return ids.map((id) => records.get(id)).filter((r): r is RegistrationRecord => Boolean(r));
  }

  async putApprovalLink(idHash: string, link: ApprovalLinkRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: linkPk(idHash), sk: LINK_SK, type: 'approval-link', ...link },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getApprovalLink(idHash: string): Promise<ApprovalLinkRecord | null> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: linkPk(idHash), sk: LINK_SK }, ConsistentRead: true }));
    if (!out.Item) return null;
    const { registrationId, round, group, expiresAt, usedAt } = out.Item as ApprovalLinkRecord;
    return { registrationId, round, group, expiresAt, ...(usedAt ? { usedAt } : {}) };
  }

  async putIncident(id: string, incident: Incident, entry: HistoryEntry): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { pk: registrationPk(id), sk: incidentSk(incident.createdAt, incident.id), type: 'incident', ...incident },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          RegistrationRepository.historyPut(this.tableName, id, entry),
        ],
      }),
    );
  }

  /** Records the extra time decided after an incident, once. */
  async setIncidentExtraTime(id: string, incident: Incident, extraTime: NonNullable<Incident['extraTime']>, entry: HistoryEntry): Promise<boolean> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: registrationPk(id), sk: incidentSk(incident.createdAt, incident.id) },
                UpdateExpression: 'SET extraTime = :x',
                ConditionExpression: 'attribute_exists(pk) AND extraTime = :null',
                ExpressionAttributeValues: { ':x': extraTime, ':null': null },
              },
            },
            RegistrationRepository.historyPut(this.tableName, id, entry),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }

  async appendHistory(id: string, entry: HistoryEntry): Promise<void> {
    await this.db.send(new TransactWriteCommand({ TransactItems: [RegistrationRepository.historyPut(this.tableName, id, entry)] }));
  }

  private queryPartition(id: string, keysOnly: boolean, exactSk?: string, ownItemsOnly = false) {
    return queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: exactSk ? 'pk = :pk AND sk = :sk' : ownItemsOnly ? 'pk = :pk AND sk < :bulky' : 'pk = :pk',
      ExpressionAttributeValues: {
        ':pk': registrationPk(id),
        ...(exactSk ? { ':sk': exactSk } : {}),
        ...(ownItemsOnly && !exactSk ? { ':bulky': BULKY_PREFIX } : {}),
      },
      ...(keysOnly ? { ProjectionExpression: 'pk, sk' } : {}),
      ConsistentRead: true,
    });
  }
}

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'type', 'taskToken', 'expiresAt'];
const mailedAttribute = (stage: Approval['stage']) => `mailed_${stage}`;

/** Storage keys and internal bookkeeping (task tokens, mail flags) never leave the repository. */
const stripKeys = (item: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.includes(k) && !k.startsWith('mailed')));

const toApproval = (item: Record<string, unknown>): Approval => {
  const { id: _id, ...rest } = stripKeys(item);
  return rest as Approval;
};

const toHistory = (item: Record<string, unknown>): HistoryEntry => stripKeys(item) as HistoryEntry;
