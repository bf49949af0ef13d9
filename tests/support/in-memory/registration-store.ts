import type { Approval, HistoryEntry } from '../../../shared/contracts/registration';
import type { RegistrationRecord, RegistrationStore, StoredRegistration, Transition } from '../../../shared/ports';
import { type WorldState, approvalKey, copy, insertHistory, transactionCanceled } from './state';

/**
 * In-memory RegistrationStore with the conditions of DynamoRegistrationStore:
 * - `insert` fails (TransactionCanceledException) when the registration or an approval exists;
 * - `transition` is one transaction: the registration must be in the round and in one of `from`,
 *   and every approval named in `pendingApprovals` must still be PENDING. If any condition fails
 *   nothing changes and the answer is false: a decision that won the race keeps its state, and
 *   the caller reads again (its transaction was cancelled whole, as DynamoDB cancels it);
 * - `startNewRound` is guarded by the version and status read; `revertNewRound` by the new version,
 *   and removes the new round's approvals and the history entry written with it (the table keys
 *   that entry by the round, so it can delete it).
 */
export class InMemoryRegistrationStore implements RegistrationStore {
  constructor(private readonly s: WorldState) {}

  async insert(record: RegistrationRecord, approvals: Approval[], entry: HistoryEntry): Promise<void> {
    await this.s.hooks.run('registrations.insert');
    const p = this.s.peek(record.id);
    const codes = [
      p?.meta ? 'ConditionalCheckFailed' : 'None',
      ...approvals.map((a) => (p?.approvals.has(approvalKey(a.round, a.group)) ? 'ConditionalCheckFailed' : 'None')),
      'None',
    ];
    if (codes.some((c) => c !== 'None')) throw transactionCanceled(codes);
    const fresh = this.s.partition(record.id);
    fresh.meta = copy(record);
    for (const a of approvals) fresh.approvals.set(approvalKey(a.round, a.group), { approval: copy(a), mailed: {} });
    insertHistory(fresh, entry);
  }

  async deleteAll(id: string): Promise<void> {
    this.s.partitions.delete(id);
  }

  async get(id: string): Promise<StoredRegistration | null> {
    const p = this.s.peek(id);
    if (!p?.meta) return null;
    const record = copy(p.meta);
    const approvals = [...p.approvals.entries()]
      .filter(([, row]) => row.approval.round === record.round)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, row]) => copy(row.approval));
    const incidents = [...p.incidents].sort((a, b) => (`${a.createdAt}#${a.id}` < `${b.createdAt}#${b.id}` ? -1 : 1)).map(copy);
    return { ...record, approvals, history: copy(p.history), ...(incidents.length ? { incidents } : {}) };
  }

  async transition(t: Transition): Promise<boolean> {
    await this.s.hooks.run('registrations.transition');
    const p = this.s.peek(t.id);
    const meta = p?.meta;
    if (!p || !meta || meta.round !== t.round || !t.from.includes(meta.status)) return false;
    const closing = (t.pendingApprovals?.groups ?? []).map((g) => p.approvals.get(approvalKey(t.round, g)));
    if (closing.some((row) => row?.approval.state !== 'PENDING')) return false;
    p.meta = { ...meta, status: t.to, updatedAt: t.entry.at, version: meta.version + 1 };
    for (const row of closing) {
      if (!row || !t.pendingApprovals) continue;
      row.approval = { ...row.approval, state: t.pendingApprovals.to };
      delete row.taskToken;
    }
    insertHistory(p, t.entry);
    return true;
  }

  async startNewRound(previous: RegistrationRecord, next: RegistrationRecord, approvals: Approval[], entry: HistoryEntry): Promise<boolean> {
    await this.s.hooks.run('registrations.startNewRound');
    const p = this.s.peek(next.id);
    if (!p?.meta || p.meta.version !== previous.version || p.meta.status !== previous.status) return false;
    if (approvals.some((a) => p.approvals.has(approvalKey(a.round, a.group)))) return false;
    p.meta = copy(next);
    for (const a of approvals) p.approvals.set(approvalKey(a.round, a.group), { approval: copy(a), mailed: {} });
    insertHistory(p, entry);
    return true;
  }

  async revertNewRound(previous: RegistrationRecord, next: RegistrationRecord, approvals: Approval[], entry: HistoryEntry): Promise<void> {
    const p = this.s.peek(next.id);
    if (!p?.meta || p.meta.version !== next.version) throw transactionCanceled(['ConditionalCheckFailed', ...approvals.map(() => 'None'), 'None']);
    p.meta = copy(previous);
    for (const a of approvals) p.approvals.delete(approvalKey(a.round, a.group));
    const written = JSON.stringify(entry);
    const at = p.history.findIndex((h) => JSON.stringify(h) === written);
    if (at !== -1) p.history.splice(at, 1);
  }

  /** Like the table, an entry is written even when the registration is gone (it is then never read). */
  async appendHistory(id: string, entry: HistoryEntry): Promise<void> {
    insertHistory(this.s.partition(id), entry);
  }
}
