import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Candidate } from '../../contracts/student-notices';
import type { NoticeRecord, NoticeStore, Recipient, RecipientStatus } from '../../ports';
import { noticeRecipientPrefix, noticeRecipientSk, noticeSk, recipientHash, registrationPk } from './keys';
import { batchWriteAll, ifConditionMet, queryAll } from './operations';
import { withoutStorage } from './records';
import { NO_RECIPIENTS } from '../../rules/student-notice';

/**
 * DynamoDB store of student notices and their recipients. Recipients are personal data:
 * every item carries `expiresAt` and DynamoDB's TTL deletes it after the exam.
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
          Item: { pk: registrationPk(id), sk: noticeSk(notice.noticeId), type: 'notice', status: 'SCHEDULED', ...notice },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  /**
   * A repeat after a crash adds only the recipients still missing and never resets one that
   * was sent. Candidates added later can be snapshotted again into the same notice.
   */
  async snapshot(id: string, notice: Omit<NoticeRecord, 'status' | 'recipientsComplete'>, candidates: Candidate[]): Promise<number> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: registrationPk(id), sk: noticeSk(notice.noticeId) },
        UpdateExpression:
          'SET #type = :type, noticeId = :id, kind = :kind, #s = :sending, scheduledFor = :sf, subject = :subject, #text = :text, html = :html, expiresAt = :exp, recipientsComplete = :false',
        ExpressionAttributeNames: { '#type': 'type', '#s': 'status', '#text': 'text' },
        ExpressionAttributeValues: {
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
        UpdateExpression: 'SET recipientsComplete = :true',
        ExpressionAttributeValues: { ':true': true },
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

  async summary(id: string, noticeId: string) {
    const notice = await this.get(id, noticeId);
    return { notice, counts: notice ? await this.counts(id, noticeId) : { ...NO_RECIPIENTS } };
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

  async settle(id: string, noticeId: string, hash: string, outcome: { status: 'sent' | 'failed' | 'pending'; messageId?: string; error?: string; at: string }) {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.recipientKey(id, noticeId, hash),
        UpdateExpression: `SET #s = :status, updatedAt = :at${outcome.messageId ? ', messageId = :mid' : ''}${outcome.error ? ', lastError = :err' : ''}`,
        ConditionExpression: '#s = :sending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':status': outcome.status,
          ':at': outcome.at,
          ':sending': 'sending',
          ...(outcome.messageId ? { ':mid': outcome.messageId } : {}),
          ...(outcome.error ? { ':err': outcome.error } : {}),
        },
      }),
    );
  }

  recordDelivery(id: string, noticeId: string, hash: string, status: 'bounced' | 'complained', at: string): Promise<boolean> {
    return ifConditionMet(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.recipientKey(id, noticeId, hash),
          UpdateExpression: 'SET #s = :status, updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND #s IN (:sent, :bounced)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':status': status, ':at': at, ':sent': 'sent', ':bounced': 'bounced' },
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
