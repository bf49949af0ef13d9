import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Approval, ApproverGroup } from '../../contracts/registration';
import type { ApprovalStore, DecisionRecord, DecisionRefusal, MailClaims } from '../../ports';
import { INDEXES, LINK_SK, META_SK, approvalRoundPrefix, approvalSk, decidedGsiPk, linkPk, mailClaimSk, mailedAttribute, registrationPk, timeSortKey } from './keys';
import { type TransactItem, ifConditionMet, transactWithRetries, transactionCancellation } from './operations';
import { LEAVE_QUEUE_INDEX, REMOVE_FROM_QUEUE, approvalCopyUpdate, historyPut, toApproval } from './records';

/**
 * DynamoDB store of approvals: decisions (conditional transactions over the round), the task
 * token of the step that waits for each group, and the claims of one-time e-mails.
 */
export class DynamoApprovalStore implements ApprovalStore, MailClaims {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * The approval must still be pending and the registration still in this round and pending. A
   * rejection or change request ends the round at once: the registration's status changes and
   * the other groups' pending approvals close in the same transaction.
   */
  async recordDecision(d: DecisionRecord): Promise<true | DecisionRefusal> {
    const { id, round, group, state, entry } = d;
    const endsRound = state !== 'APPROVED';
    // The registration's copy of the round's approvals changes in the same transaction.
    const copy = approvalCopyUpdate([
      { group, state, decidedAt: entry.at, decidedBy: d.actor, comment: d.comment },
      ...(endsRound ? d.otherPending : []).map((other) => ({ group: other, state: 'CLOSED' as const })),
    ]);
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: { pk: registrationPk(id), sk: approvalSk(round, group) },
          // The approval leaves the group's queue (gsi4, with its facts) for the group's decisions (gsi2).
          UpdateExpression: `SET #state = :state, decidedAt = :at, decidedBy = :by, #comment = :comment, #ipk = :ipk, #isk = :isk REMOVE ${LEAVE_QUEUE_INDEX}`,
          ConditionExpression: '#state = :pending',
          ExpressionAttributeNames: { '#state': 'state', '#comment': 'comment', '#ipk': INDEXES.decided.partitionKey, '#isk': INDEXES.decided.sortKey },
          ExpressionAttributeValues: {
            ':state': state,
            ':at': entry.at,
            ':by': d.actor,
            ':comment': d.comment,
            ':pending': 'PENDING',
            ':ipk': decidedGsiPk(group),
            ':isk': timeSortKey(entry.at, id),
          },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: { pk: registrationPk(id), sk: META_SK },
          // An approval leaves the registration as it is; a rejection or change request ends its round.
          UpdateExpression: endsRound ? `SET #status = :to, updatedAt = :at, version = version + :one, ${copy.set}` : `SET ${copy.set}`,
          ConditionExpression: 'round = :round AND #status = :pending',
          ExpressionAttributeNames: { '#status': 'status', ...copy.names },
          ExpressionAttributeValues: {
            ...(endsRound ? { ':to': state, ':at': entry.at, ':one': 1 } : {}),
            ':round': round,
            ':pending': 'PENDING_APPROVAL',
            ...copy.values,
          },
        },
      },
      historyPut(this.tableName, id, entry),
      ...(endsRound ? d.otherPending : []).map((other): TransactItem => ({
        Update: {
          TableName: this.tableName,
          Key: { pk: registrationPk(id), sk: approvalSk(round, other) },
          UpdateExpression: `SET #state = :closed REMOVE ${REMOVE_FROM_QUEUE}`,
          ConditionExpression: '#state = :pending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':closed': 'CLOSED', ':pending': 'PENDING' },
        },
      })),
      ...(d.linkHash
        ? [
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: linkPk(d.linkHash), sk: LINK_SK },
                UpdateExpression: 'SET usedAt = :at',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt)',
                ExpressionAttributeValues: { ':at': entry.at },
              },
            } satisfies TransactItem,
          ]
        : []),
    ];
    const codes = await transactionCancellation(() => this.db.send(new TransactWriteCommand({ TransactItems: items })));
    if (codes === null) return true;
    if (codes.includes('TransactionConflict')) return 'conflict';
    if (codes[0] === 'ConditionalCheckFailed') return 'already-decided';
    if (codes[1] === 'ConditionalCheckFailed') return 'round-closed';
    if (d.linkHash && codes[codes.length - 1] === 'ConditionalCheckFailed') return 'link-used';
    // Another group's approval changed under us: the caller re-reads and tries again.
    return 'conflict';
  }

  async approvalsOf(id: string, round: number): Promise<Approval[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': registrationPk(id), ':prefix': approvalRoundPrefix(round) },
      }),
    );
    return (out.Items ?? []).map(toApproval);
  }

  /**
   * The stage moves on the approval and on the registration's copy of it, in one transaction.
   * Whether the stage's e-mail went out is read just after it (a mark set in between means the
   * e-mail did go out; the send itself is claimed once, MailClaims).
   */
  async registerTaskToken(id: string, round: number, group: ApproverGroup, stage: Approval['stage'], taskToken: string) {
    const copy = approvalCopyUpdate([{ group, stage }]);
    const codes = await transactWithRetries(() =>
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: registrationPk(id), sk: approvalSk(round, group) },
                UpdateExpression: 'SET taskToken = :t, stage = :s',
                ConditionExpression: '#state = :pending',
                ExpressionAttributeNames: { '#state': 'state' },
                ExpressionAttributeValues: { ':t': taskToken, ':s': stage, ':pending': 'PENDING' },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: registrationPk(id), sk: META_SK },
                UpdateExpression: `SET ${copy.set}`,
                ExpressionAttributeNames: copy.names,
                ExpressionAttributeValues: copy.values,
              },
            },
          ],
        }),
      ),
    );
    if (codes === null) {
      const mailed = await this.db.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: registrationPk(id), sk: approvalSk(round, group) },
          ProjectionExpression: '#mailed',
          ExpressionAttributeNames: { '#mailed': mailedAttribute(stage) },
          ConsistentRead: true,
        }),
      );
      return { pending: true as const, alreadyMailed: Boolean(mailed.Item?.[mailedAttribute(stage)]) };
    }
    if (codes[0] !== 'ConditionalCheckFailed') throw new Error(`The task token could not be stored: ${codes.join(', ')}`);
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: registrationPk(id), sk: approvalSk(round, group) }, ConsistentRead: true }),
    );
    return { pending: false as const, approval: out.Item ? toApproval(out.Item) : null };
  }

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

  async markMailed(id: string, round: number, group: ApproverGroup, stage: Approval['stage'], at: string): Promise<void> {
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

  claim(id: string, what: string, at: string): Promise<boolean> {
    return ifConditionMet(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: registrationPk(id), sk: mailClaimSk(what), type: 'mail-claim', at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async release(id: string, what: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: registrationPk(id), sk: mailClaimSk(what) } }));
  }
}
