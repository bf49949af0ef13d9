import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Candidate } from '../../contracts/student-notices';
import type { NoticeRecord, NoticeStore, Recipient, RecipientStatus } from '../../ports';
import {
  COUNTER_SHARDS,
  NOTICE_COUNTS_KEPT,
  NOTICE_RECIPIENT_COUNT,
  countAttribute,
  noticeCounterPrefix,
  noticeCounterSk,
  noticeCountersEnd,
  noticeRecipientPrefix,
  noticeRecipientSk,
  noticeSk,
  recipientHash,
  registrationPk,
} from './keys';
import { type Item, type TransactItem, batchWriteAll, ifConditionMet, queryAll, transactWithRetries } from './operations';
import { withoutStorage } from './records';
import { NO_RECIPIENTS } from '../../rules/student-notice';

type CountedStatus = 'sent' | 'bounced' | 'complained' | 'failed';
const COUNTED: readonly CountedStatus[] = ['sent', 'bounced', 'complained', 'failed'];

/** A cancelled transition of one recipient: its condition failed (as a single conditional update would throw), or something else went wrong. */
const transitionFailed = (codes: string[]) =>
  codes[0] === 'ConditionalCheckFailed'
    ? new ConditionalCheckFailedException({ message: 'The recipient is not in the state this change comes from', $metadata: {} })
    : new Error(`The recipient's change was cancelled: ${codes.join(', ')}`);

/**
 * DynamoDB store of student notices and their recipients. Recipients are personal data:
 * every item carries `expiresAt` and DynamoDB's TTL deletes it after the exam.
 *
 * Delivery counts are kept on counter items beside the notice (keys.ts): each recipient's
 * transition that changes a count adds to its counter in the same transaction, so a retried
 * or repeated change (a duplicate SES event) is counted once, and showing the counts reads the
 * notice and its counters in one query, however many recipients it has.
 */
export class DynamoNoticeStore implements NoticeStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private recipientItems(id: string, noticeId: string, projection?: string) {
    return queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': registrationPk(id), ':prefix': noticeRecipientPrefix(noticeId) },
      ...(projection ? { ProjectionExpression: projection } : {}),
      ...(projection?.includes('#s') ? { ExpressionAttributeNames: { '#s': 'status' } } : {}),
      ConsistentRead: true,
    });
  }

  private recipientKey(id: string, noticeId: string, hash: string) {
    return { pk: registrationPk(id), sk: noticeRecipientSk(noticeId, hash) };
  }

  async get(id: string, noticeId: string): Promise<NoticeRecord | null> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: registrationPk(id), sk: noticeSk(noticeId) }, ConsistentRead: true }));
    return out.Item ? ({ ...withoutStorage(out.Item), expiresAt: out.Item.expiresAt as number } as NoticeRecord) : null;
  }

  async schedule(id: string, notice: Pick<NoticeRecord, 'noticeId' | 'kind' | 'scheduledFor' | 'expiresAt'>): Promise<void> {
    await ifConditionMet(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: registrationPk(id), sk: noticeSk(notice.noticeId), type: 'notice', status: 'SCHEDULED', [NOTICE_COUNTS_KEPT]: true, ...notice },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  /**
   * A repeat after a crash adds only the recipients still missing and never resets one that
   * was sent. Candidates added later can be snapshotted again into the same notice.
   *
   * The notice's counters are kept when it is new or has never had recipients; a notice that
   * got recipients before the counters existed keeps being counted from its recipients.
   */
  async snapshot(id: string, notice: Omit<NoticeRecord, 'status' | 'recipientsComplete'>, candidates: Candidate[]): Promise<number> {
    const before = (
      await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: registrationPk(id), sk: noticeSk(notice.noticeId) }, ConsistentRead: true }))
    ).Item;
    const kept = !before || before[NOTICE_COUNTS_KEPT] === true || before.recipientsComplete === undefined;
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: registrationPk(id), sk: noticeSk(notice.noticeId) },
        UpdateExpression:
          'SET #type = :type, noticeId = :id, kind = :kind, #s = :sending, scheduledFor = :sf, subject = :subject, #text = :text, html = :html, expiresAt = :exp, recipientsComplete = :false, #kept = :kept',
        ExpressionAttributeNames: { '#type': 'type', '#s': 'status', '#text': 'text', '#kept': NOTICE_COUNTS_KEPT },
        ExpressionAttributeValues: {
          ':kept': kept,
          ':type': 'notice',
          ':id': notice.noticeId,
          ':kind': notice.kind,
          ':sending': 'SENDING',
          ':sf': notice.scheduledFor,
          ':subject': notice.subject,
          ':text': notice.text,
          ':html': notice.html,
          ':exp': notice.expiresAt,
          ':false': false,
        },
      }),
    );
    // The counters exist from the start, each with the notice's expiry; an update never resets a count.
    if (kept) {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [...COUNTER_SHARDS].map((shard): TransactItem => ({
            Update: {
              TableName: this.tableName,
              Key: { pk: registrationPk(id), sk: `${noticeCounterPrefix(notice.noticeId)}${shard}` },
              UpdateExpression: 'SET #type = :counter, expiresAt = :exp',
              ExpressionAttributeNames: { '#type': 'type' },
              ExpressionAttributeValues: { ':counter': 'notice-counter', ':exp': notice.expiresAt },
            },
          })),
        }),
      );
    }
    const existing = new Set((await this.recipientItems(id, notice.noticeId, 'sk')).map((i) => i.sk as string));
    const missing = candidates.filter((c) => !existing.has(noticeRecipientSk(notice.noticeId, recipientHash(c.email))));
    await batchWriteAll(
      this.db,
      this.tableName,
      missing.map((c) => ({
        PutRequest: {
          Item: {
            ...this.recipientKey(id, notice.noticeId, recipientHash(c.email)),
            type: 'recipient',
            email: c.email,
            name: c.name ?? null,
            status: 'pending',
            expiresAt: notice.expiresAt,
          },
        },
      })),
    );
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: registrationPk(id), sk: noticeSk(notice.noticeId) },
        UpdateExpression: 'SET recipientsComplete = :true, #recipients = :n',
        ExpressionAttributeNames: { '#recipients': NOTICE_RECIPIENT_COUNT },
        ExpressionAttributeValues: { ':true': true, ':n': existing.size + missing.length },
      }),
    );
    return missing.length;
  }

  async recipients(id: string, noticeId: string): Promise<Recipient[]> {
    const items = await this.recipientItems(id, noticeId);
    return items.map((i) => ({
      hash: (i.sk as string).slice(noticeRecipientPrefix(noticeId).length),
      email: i.email as string,
      name: (i.name as string | null) ?? null,
      status: i.status as RecipientStatus,
      ...(i.claimedAt ? { claimedAt: i.claimedAt as string } : {}),
      ...(i.messageId ? { messageId: i.messageId as string } : {}),
    }));
  }

  async counts(id: string, noticeId: string): Promise<Record<RecipientStatus, number>> {
    const counts: Record<RecipientStatus, number> = { ...NO_RECIPIENTS };
    for (const i of await this.recipientItems(id, noticeId, '#s')) counts[i.status as RecipientStatus] += 1;
    return counts;
  }

  /**
   * One query: the notice and its counters (their keys sort between the notice and its
   * recipients). A notice stored before the counters existed is counted from its recipients.
   */
  async summary(id: string, noticeId: string) {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :notice AND :end',
      ExpressionAttributeValues: { ':pk': registrationPk(id), ':notice': noticeSk(noticeId), ':end': noticeCountersEnd(noticeId) },
      ConsistentRead: true,
    });
    const item = items.find((i) => i.sk === noticeSk(noticeId));
    if (!item) return { notice: null, counts: { ...NO_RECIPIENTS } };
    const notice = { ...withoutStorage(item), expiresAt: item.expiresAt as number } as NoticeRecord;
    if (item[NOTICE_COUNTS_KEPT] !== true) return { notice, counts: await this.counts(id, noticeId) };
    const counters = items.filter((i) => (i.sk as string).startsWith(noticeCounterPrefix(noticeId)));
    const counts: Record<RecipientStatus, number> = { ...NO_RECIPIENTS };
    for (const status of COUNTED) counts[status] = counters.reduce((sum, c: Item) => sum + ((c[countAttribute(status)] as number | undefined) ?? 0), 0);
    const recipients = (item[NOTICE_RECIPIENT_COUNT] as number | undefined) ?? 0;
    // Recipients being sent count as pending, as the registration shows them.
    counts.pending = Math.max(0, recipients - COUNTED.reduce((sum, s) => sum + counts[s], 0));
    return { notice, counts };
  }

  /** A recipient's change from one state to another, with the counts it moves, in one transaction (retried when only a busy counter was in the way). */
  private transition(
    id: string,
    noticeId: string,
    hash: string,
    change: { from: RecipientStatus; to: RecipientStatus; set: string; names?: Record<string, string>; values: Record<string, unknown> },
    counts: { add?: CountedStatus; remove?: CountedStatus },
  ) {
    const adds = [...(counts.add ? [`#add :one`] : []), ...(counts.remove ? [`#remove :minusOne`] : [])];
    return transactWithRetries(() =>
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: this.recipientKey(id, noticeId, hash),
                UpdateExpression: `SET #s = :to, ${change.set}`,
                ConditionExpression: 'attribute_exists(pk) AND #s = :from',
                ExpressionAttributeNames: { '#s': 'status', ...change.names },
                ExpressionAttributeValues: { ':to': change.to, ':from': change.from, ...change.values },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: registrationPk(id), sk: noticeCounterSk(noticeId, hash) },
                UpdateExpression: `SET #type = :counter ADD ${adds.join(', ')}`,
                ExpressionAttributeNames: {
                  '#type': 'type',
                  ...(counts.add ? { '#add': countAttribute(counts.add) } : {}),
                  ...(counts.remove ? { '#remove': countAttribute(counts.remove) } : {}),
                },
                ExpressionAttributeValues: { ':counter': 'notice-counter', ...(counts.add ? { ':one': 1 } : {}), ...(counts.remove ? { ':minusOne': -1 } : {}) },
              },
            },
          ],
        }),
      ),
    );
  }

  claim(id: string, noticeId: string, hash: string, at: string, staleBefore: string): Promise<boolean> {
    return ifConditionMet(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.recipientKey(id, noticeId, hash),
          UpdateExpression: 'SET #s = :sending, claimedAt = :at ADD attempts :one',
          ConditionExpression: '#s = :pending OR (#s = :sending AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':pending': 'pending', ':at': at, ':stale': staleBefore, ':one': 1 },
        }),
      ),
    );
  }

  /**
   * Settles a claimed recipient. `sent` and `failed` are counted with the change, in one
   * transaction; a recipient put back to `pending` (a throttle) changes no count.
   */
  async settle(id: string, noticeId: string, hash: string, outcome: { status: 'sent' | 'failed' | 'pending'; messageId?: string; error?: string; at: string }) {
    const set = `updatedAt = :at${outcome.messageId ? ', messageId = :mid' : ''}${outcome.error ? ', lastError = :err' : ''}`;
    const values = { ':at': outcome.at, ...(outcome.messageId ? { ':mid': outcome.messageId } : {}), ...(outcome.error ? { ':err': outcome.error } : {}) };
    if (outcome.status === 'pending') {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.recipientKey(id, noticeId, hash),
          UpdateExpression: `SET #s = :status, ${set}`,
          ConditionExpression: '#s = :sending',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':status': outcome.status, ':sending': 'sending', ...values },
        }),
      );
      return;
    }
    const codes = await this.transition(id, noticeId, hash, { from: 'sending', to: outcome.status, set, values }, { add: outcome.status });
    if (codes) throw transitionFailed(codes);
  }

  /**
   * A bounce or a complaint of a sent recipient moves its count; a complaint after a bounce
   * moves it again. A repeated bounce (SES may deliver an event twice) is recorded and counts nothing.
   */
  async recordDelivery(id: string, noticeId: string, hash: string, status: 'bounced' | 'complained' | 'failed', at: string): Promise<boolean> {
    const change = (from: 'sent' | 'bounced') =>
      this.transition(id, noticeId, hash, { from, to: status, set: 'updatedAt = :at', values: { ':at': at } }, { add: status, remove: from });
    const outcome = async (codes: string[] | null) => {
      if (codes === null) return true;
      if (codes[0] !== 'ConditionalCheckFailed') throw transitionFailed(codes);
      return false;
    };
    if (await outcome(await change('sent'))) return true;
    // A rejection or rendering failure concerns a message that was sent; nothing else moves to failed.
    if (status === 'failed') return false;
    if (status === 'complained') return outcome(await change('bounced'));
    return ifConditionMet(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.recipientKey(id, noticeId, hash),
          UpdateExpression: 'SET updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND #s = :bounced',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':at': at, ':bounced': 'bounced' },
        }),
      ),
    );
  }

  async markSent(id: string, noticeId: string, at: string) {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: registrationPk(id), sk: noticeSk(noticeId) },
        UpdateExpression: 'SET #s = :sent, sentAt = if_not_exists(sentAt, :at)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':sent': 'SENT', ':at': at },
      }),
    );
  }
}
