import { recipientHash } from '../../../shared/adapters/dynamodb/keys';
import type { Candidate } from '../../../shared/contracts/student-notices';
import type { NoticeRecord, NoticeStore, Recipient, RecipientStatus } from '../../../shared/ports';
import { NO_RECIPIENTS } from '../../../shared/rules/student-notice';
import { type Partition, type RecipientRow, type WorldState, conditionalCheckFailed, copy } from './state';

type Outcome = { status: 'sent' | 'failed' | 'pending'; messageId?: string; error?: string; at: string };

/**
 * In-memory student notices and recipients, with the conditions of DynamoNoticeStore:
 * - `schedule` keeps an existing notice; `snapshot` sets the content and status SENDING, adds
 *   only missing recipients (never resets one) and marks the recipients complete;
 * - `claim` takes a pending recipient, or one whose claim is older than `staleBefore`;
 * - `settle` requires the recipient to be claimed (sending) and throws
 *   ConditionalCheckFailedException otherwise, as the table's unguarded update does;
 * - `recordDelivery` changes only a sent (or bounced, for a later complaint) recipient.
 */
export class InMemoryNoticeStore implements NoticeStore {
  constructor(private readonly s: WorldState) {}

  private recipientRows(id: string, noticeId: string): RecipientRow[] {
    const rows = this.s.peek(id)?.recipients.get(noticeId);
    return [...(rows?.entries() ?? [])].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
  }

  private recipientsOf(p: Partition, noticeId: string): Map<string, RecipientRow> {
    let rows = p.recipients.get(noticeId);
    if (!rows) {
      rows = new Map();
      p.recipients.set(noticeId, rows);
    }
    return rows;
  }

  async get(id: string, noticeId: string): Promise<NoticeRecord | null> {
    const notice = this.s.peek(id)?.notices.get(noticeId);
    return notice ? copy(notice) : null;
  }

  async schedule(id: string, notice: Pick<NoticeRecord, 'noticeId' | 'kind' | 'scheduledFor' | 'expiresAt'>): Promise<void> {
    const p = this.s.partition(id);
    if (!p.notices.has(notice.noticeId)) p.notices.set(notice.noticeId, { status: 'SCHEDULED', ...copy(notice) });
  }

  async snapshot(id: string, notice: Omit<NoticeRecord, 'status' | 'recipientsComplete'>, candidates: Candidate[]): Promise<number> {
    const p = this.s.partition(id);
    const { noticeId, kind, scheduledFor, subject, text, html, expiresAt } = notice;
    p.notices.set(noticeId, {
      ...p.notices.get(noticeId),
      noticeId,
      kind,
      status: 'SENDING',
      scheduledFor,
      subject,
      text,
      html,
      expiresAt,
      recipientsComplete: false,
    });
    const rows = this.recipientsOf(p, noticeId);
    const missing = candidates.filter((c) => !rows.has(recipientHash(c.email)));
    for (const c of missing) {
      const hash = recipientHash(c.email);
      rows.set(hash, { hash, email: c.email, name: c.name ?? null, status: 'pending', expiresAt, attempts: 0 });
    }
    const stored = p.notices.get(noticeId);
    if (stored) stored.recipientsComplete = true;
    return missing.length;
  }

  async recipients(id: string, noticeId: string): Promise<Recipient[]> {
    return this.recipientRows(id, noticeId).map((r) => ({
      hash: r.hash,
      email: r.email,
      name: r.name,
      status: r.status,
      ...(r.claimedAt ? { claimedAt: r.claimedAt } : {}),
      ...(r.messageId ? { messageId: r.messageId } : {}),
    }));
  }

  async counts(id: string, noticeId: string): Promise<Record<RecipientStatus, number>> {
    const counts: Record<RecipientStatus, number> = { ...NO_RECIPIENTS };
    for (const r of this.recipientRows(id, noticeId)) counts[r.status] += 1;
    return counts;
  }

  async summary(id: string, noticeId: string) {
    const notice = await this.get(id, noticeId);
    return { notice, counts: notice ? await this.counts(id, noticeId) : { ...NO_RECIPIENTS } };
  }

  async claim(id: string, noticeId: string, hash: string, at: string, staleBefore: string): Promise<boolean> {
    await this.s.hooks.run('notices.claim');
    const r = this.s.peek(id)?.recipients.get(noticeId)?.get(hash);
    if (!r || !(r.status === 'pending' || (r.status === 'sending' && (r.claimedAt ?? '') < staleBefore))) return false;
    Object.assign(r, { status: 'sending', claimedAt: at, attempts: r.attempts + 1 });
    return true;
  }

  async settle(id: string, noticeId: string, hash: string, outcome: Outcome): Promise<void> {
    const r = this.s.peek(id)?.recipients.get(noticeId)?.get(hash);
    if (r?.status !== 'sending') throw conditionalCheckFailed();
    Object.assign(r, {
      status: outcome.status,
      updatedAt: outcome.at,
      ...(outcome.messageId ? { messageId: outcome.messageId } : {}),
      ...(outcome.error ? { lastError: outcome.error } : {}),
    });
  }

  async recordDelivery(id: string, noticeId: string, hash: string, status: 'bounced' | 'complained' | 'failed', at: string): Promise<boolean> {
    const r = this.s.peek(id)?.recipients.get(noticeId)?.get(hash);
    if (!r || !(r.status === 'sent' || (r.status === 'bounced' && status !== 'failed'))) return false;
    Object.assign(r, { status, updatedAt: at });
    return true;
  }

  async markSent(id: string, noticeId: string, at: string): Promise<void> {
    const p = this.s.partition(id);
    const notice = p.notices.get(noticeId);
    // An update creates the item when it is missing; the fake keeps only notices it knows.
    if (notice) p.notices.set(noticeId, { ...notice, status: 'SENT', sentAt: notice.sentAt ?? at });
  }

  /* ---------- For assertions ---------- */

  /** Every stored field of a recipient, bookkeeping included (attempts, last error). */
  recipientRow(id: string, noticeId: string, email: string): RecipientRow | undefined {
    const row = this.s.peek(id)?.recipients.get(noticeId)?.get(recipientHash(email));
    return row ? copy(row) : undefined;
  }
}
