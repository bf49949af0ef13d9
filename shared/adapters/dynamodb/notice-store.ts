import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  candidatePrefix,
  candidateSk,
  noticeRecipientPrefix,
  noticeRecipientSk,
  noticeSk,
  registrationPk,
} from './keys';
import type { Candidate } from '../../contracts/student-notices';
import { queryAll } from './query';

/** Recipient states of a notice. `sending` is a claim held while the send is under way. */
export type RecipientStatus = 'pending' | 'sending' | 'sent' | 'bounced' | 'complained' | 'failed';

export interface Recipient {
  hash: string;
  email: string;
  name: string | null;
  status: RecipientStatus;
  claimedAt?: string;
  messageId?: string;
}

export interface NoticeRecord {
  noticeId: string;
  kind: 'letter' | 'software' | 'incident';
  status: 'SCHEDULED' | 'SENDING' | 'SENT';
  scheduledFor: string | null;
  subject?: string;
  text?: string;
  html?: string;
  /** Set once every recipient of the snapshot is written (a crash mid-snapshot is resumed). */
  recipientsComplete?: boolean;
  expiresAt: number;
}

const CANDIDATES_POINTER = '~C#CURRENT';

/** Recipient keys are a hash of the lower-cased address: stable, and no address in a key. */
export const recipientHash = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);

const chunks = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

/**
 * DynamoDB adapter for candidate lists and student notices. Candidates and recipients are
 * personal data: every item carries `expiresAt` and DynamoDB's TTL deletes it after the exam.
 */
export class NoticeRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async batchWrite(requests: Record<string, unknown>[]) {
    for (const chunk of chunks(requests, 25)) {
      let pending = chunk;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error('DynamoDB kept items unprocessed');
        const out = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending as never } }));
        pending = (out.UnprocessedItems?.[this.tableName] as Record<string, unknown>[] | undefined) ?? [];
        if (pending.length) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
      }
    }
  }

  private queryAll(id: string, prefix: string, projection?: string) {
    return queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': registrationPk(id), ':prefix': prefix },
      ...(projection ? { ProjectionExpression: projection } : {}),
      ...(projection?.includes('#s') ? { ExpressionAttributeNames: { '#s': 'status' } } : {}),
      ConsistentRead: true,
    });
  }

  async candidateList(id: string): Promise<{ version: number; count: number; updatedAt: string } | null> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: registrationPk(id), sk: CANDIDATES_POINTER }, ConsistentRead: true }));
    return out.Item ? { version: out.Item.version as number, count: out.Item.count as number, updatedAt: out.Item.updatedAt as string } : null;
  }

  async candidates(id: string): Promise<Candidate[]> {
    const list = await this.candidateList(id);
    if (!list) return [];
    const items = await this.queryAll(id, candidatePrefix(list.version));
    return items.map((i) => ({ email: i.email as string, ...(i.name ? { name: i.name as string } : {}) }));
  }

  /**
   * Replaces the candidate list: the new version is written beside the old one, then the
   * pointer flips in one transaction that also checks the letter has not started, then the
   * old version is deleted. Readers see the old list or the new one, never a mix.
   */
  async replaceCandidates(id: string, candidates: Candidate[], at: string, expiresAt: number): Promise<'ok' | 'letter-started' | 'conflict'> {
    const current = await this.candidateList(id);
    const version = (current?.version ?? 0) + 1;
    await this.batchWrite(
      candidates.map((c) => ({
        PutRequest: {
          Item: { pk: registrationPk(id), sk: candidateSk(version, recipientHash(c.email)), type: 'candidate', email: c.email, name: c.name ?? null, expiresAt },
        },
      })),
    );
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { pk: registrationPk(id), sk: CANDIDATES_POINTER, type: 'candidate-list', version, count: candidates.length, updatedAt: at, expiresAt },
                ConditionExpression: current ? 'version = :v' : 'attribute_not_exists(pk)',
                ...(current ? { ExpressionAttributeValues: { ':v': current.version } } : {}),
              },
            },
            {
              ConditionCheck: {
                TableName: this.tableName,
                Key: { pk: registrationPk(id), sk: noticeSk('letter') },
                ConditionExpression: 'attribute_not_exists(pk) OR #s = :scheduled',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':scheduled': 'SCHEDULED' },
              },
            },
          ],
        }),
      );
    } catch (error) {
      await this.deleteCandidateVersion(id, version);
      if (error instanceof TransactionCanceledException) {
        return error.CancellationReasons?.[1]?.Code === 'ConditionalCheckFailed' ? 'letter-started' : 'conflict';
      }
      throw error;
    }
    if (current) await this.deleteCandidateVersion(id, current.version);
    return 'ok';
  }

  private async deleteCandidateVersion(id: string, version: number) {
    const items = await this.queryAll(id, candidatePrefix(version), 'pk, sk');
    await this.batchWrite(items.map((i) => ({ DeleteRequest: { Key: { pk: i.pk, sk: i.sk } } })));
  }

  async notice(id: string, noticeId: string): Promise<NoticeRecord | null> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: registrationPk(id), sk: noticeSk(noticeId) }, ConsistentRead: true }));
    if (!out.Item) return null;
    const { pk: _p, sk: _s, type: _t, ...notice } = out.Item;
    return notice as NoticeRecord;
  }

  /** Schedules a notice (the letter, when the registration is approved). Keeps an existing one. */
  async scheduleNotice(id: string, notice: Pick<NoticeRecord, 'noticeId' | 'kind' | 'scheduledFor' | 'expiresAt'>): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: registrationPk(id), sk: noticeSk(notice.noticeId), type: 'notice', status: 'SCHEDULED', ...notice },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  /**
   * Fixes a notice's content and its recipients (a snapshot of the candidates), idempotently:
   * a repeat after a crash adds only the recipients still missing and never resets one that
   * was sent. Candidates added later can be snapshotted again into the same notice.
   */
  async snapshotNotice(id: string, notice: Omit<NoticeRecord, 'status' | 'recipientsComplete'>, candidates: Candidate[]): Promise<number> {
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
    const existing = new Set((await this.queryAll(id, noticeRecipientPrefix(notice.noticeId), 'sk')).map((i) => i.sk as string));
    const missing = candidates.filter((c) => !existing.has(noticeRecipientSk(notice.noticeId, recipientHash(c.email))));
    await this.batchWrite(
      missing.map((c) => ({
        PutRequest: {
          Item: {
            pk: registrationPk(id),
            sk: noticeRecipientSk(notice.noticeId, recipientHash(c.email)),
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
    const items = await this.queryAll(id, noticeRecipientPrefix(noticeId));
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
    const counts: Record<RecipientStatus, number> = { pending: 0, sending: 0, sent: 0, bounced: 0, complained: 0, failed: 0 };
    for (const i of await this.queryAll(id, noticeRecipientPrefix(noticeId), '#s')) counts[i.status as RecipientStatus] += 1;
    return counts;
  }

  /** Claims a recipient for sending: only a pending one, or one whose earlier claim went stale (its sender died). */
  async claim(id: string, noticeId: string, hash: string, at: string, staleBefore: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: registrationPk(id), sk: noticeRecipientSk(noticeId, hash) },
          UpdateExpression: 'SET #s = :sending, claimedAt = :at ADD attempts :one',
          ConditionExpression: '#s = :pending OR (#s = :sending AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':pending': 'pending', ':at': at, ':stale': staleBefore, ':one': 1 },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async settleRecipient(id: string, noticeId: string, hash: string, outcome: { status: 'sent' | 'failed' | 'pending'; messageId?: string; error?: string; at: string }) {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: registrationPk(id), sk: noticeRecipientSk(noticeId, hash) },
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

  /** A delivery event from SES (bounce, complaint) for a sent letter. */
  async recordDelivery(id: string, noticeId: string, hash: string, status: 'bounced' | 'complained', at: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: registrationPk(id), sk: noticeRecipientSk(noticeId, hash) },
          UpdateExpression: 'SET #s = :status, updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND #s IN (:sent, :bounced)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':status': status, ':at': at, ':sent': 'sent', ':bounced': 'bounced' },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async markNoticeSent(id: string, noticeId: string, at: string) {
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
