import type { Approval, ApproverGroup } from '../../../shared/contracts/registration';
import type { ApprovalStore, DecisionRecord, DecisionRefusal } from '../../../shared/ports';
import { type WorldState, approvalKey, copy, insertHistory } from './state';

type Check = 'ok' | 'failed';

/**
 * In-memory ApprovalStore with the semantics of DynamoApprovalStore.recordDecision: one
 * transaction over the approval (must be PENDING), the registration (must be in this round and
 * PENDING_APPROVAL), the other groups' approvals it closes (each must be PENDING) and the e-mail
 * link it uses up (must exist, unused). Of racing decisions exactly one wins; a refusal names
 * the first failed condition in that order: 'already-decided', 'round-closed', then 'link-used',
 * and 'conflict' when only another group's approval changed meanwhile.
 */
export class InMemoryApprovalStore implements ApprovalStore {
  constructor(private readonly s: WorldState) {}

  async recordDecision(d: DecisionRecord): Promise<true | DecisionRefusal> {
    await this.s.hooks.run('approvals.recordDecision');
    const p = this.s.peek(d.id);
    const endsRound = d.state !== 'APPROVED';
    const pending = (group: ApproverGroup): Check => (p?.approvals.get(approvalKey(d.round, group))?.approval.state === 'PENDING' ? 'ok' : 'failed');
    const own = pending(d.group);
    const meta: Check = p?.meta?.round === d.round && p.meta.status === 'PENDING_APPROVAL' ? 'ok' : 'failed';
    const others = (endsRound ? d.otherPending : []).map(pending);
    const link = d.linkHash === undefined ? 'ok' : this.s.links.get(d.linkHash) && !this.s.links.get(d.linkHash)?.usedAt ? 'ok' : 'failed';
    if (own === 'failed') return 'already-decided';
    if (meta === 'failed') return 'round-closed';
    if (link === 'failed') return 'link-used';
    if (others.includes('failed') || !p?.meta) return 'conflict';

    const row = p.approvals.get(approvalKey(d.round, d.group));
    if (row) {
      row.approval = { ...row.approval, state: d.state, decidedAt: d.entry.at, decidedBy: copy(d.actor), comment: d.comment };
      row.decided = `${d.entry.at}#${d.id}`;
    }
    if (endsRound) {
      p.meta = { ...p.meta, status: d.state, updatedAt: d.entry.at, version: p.meta.version + 1 };
      for (const group of d.otherPending) {
        const other = p.approvals.get(approvalKey(d.round, group));
        if (other) other.approval = { ...other.approval, state: 'CLOSED' };
      }
    }
    insertHistory(p, d.entry);
    const used = d.linkHash === undefined ? undefined : this.s.links.get(d.linkHash);
    if (d.linkHash !== undefined && used) this.s.links.set(d.linkHash, { ...used, usedAt: d.entry.at });
    return true;
  }

  async approvalsOf(id: string, round: number): Promise<Approval[]> {
    const p = this.s.peek(id);
    return [...(p?.approvals.entries() ?? [])]
      .filter(([, row]) => row.approval.round === round)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, row]) => copy(row.approval));
  }

  async registerTaskToken(id: string, round: number, group: ApproverGroup, stage: Approval['stage'], taskToken: string) {
    await this.s.hooks.run('approvals.registerTaskToken');
    const row = this.s.peek(id)?.approvals.get(approvalKey(round, group));
    if (row?.approval.state === 'PENDING') {
      const alreadyMailed = Boolean(row.mailed[stage]);
      row.taskToken = taskToken;
      row.approval = { ...row.approval, stage };
      return { pending: true as const, alreadyMailed };
    }
    return { pending: false as const, approval: row ? copy(row.approval) : null };
  }

  async currentTaskToken(id: string, round: number, group: ApproverGroup): Promise<string | null> {
    return this.s.peek(id)?.approvals.get(approvalKey(round, group))?.taskToken ?? null;
  }

  /** Unconditional, like the table's update; an approval that does not exist is left alone. */
  async markMailed(id: string, round: number, group: ApproverGroup, stage: Approval['stage'], at: string): Promise<void> {
    const row = this.s.peek(id)?.approvals.get(approvalKey(round, group));
    if (row) row.mailed[stage] = at;
  }

  /* ---------- For assertions: the bookkeeping the port never returns ---------- */

  taskTokenOf(id: string, round: number, group: ApproverGroup): string | undefined {
    return this.s.peek(id)?.approvals.get(approvalKey(round, group))?.taskToken;
  }

  mailedStagesOf(id: string, round: number, group: ApproverGroup): Partial<Record<Approval['stage'], string>> {
    return { ...this.s.peek(id)?.approvals.get(approvalKey(round, group))?.mailed };
  }
}
