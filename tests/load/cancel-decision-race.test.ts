import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../support/api-client';
import { ED_APPROVER, IT_APPROVER, STAFF } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { decide, submitAndWaitForApprovers } from '../support/workflow';

/**
 * A decision racing a cancel (issue 17, item 2). Cancel closes only the approvals that are
 * still pending, so a decision that won keeps its state and a decision that lost leaves no
 * trace; the history tells the story in the order it happened, and the loser's 409 says what
 * the registration became.
 */
let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem({ logLevel: 'SILENT' });
});
afterAll(async () => ctx?.system.stop());

const RACES = 32;

interface Approval {
  group: string;
  state: string;
  decidedBy: { sub: string } | null;
}
interface HistoryEntry {
  at: string;
  action: string;
}

describe('cancel racing a decision', () => {
  it('never leaves an approval CLOSED with a decidedBy, keeps the history in order, and the loser says what happened', async () => {
    const regs: Awaited<ReturnType<typeof submitAndWaitForApprovers>>[] = [];
    while (regs.length < RACES) regs.push(...(await Promise.all([1, 2, 3, 4].map(() => submitAndWaitForApprovers(ctx, STAFF)))));
    await Promise.all([ctx.api.token(STAFF), ctx.api.token(IT_APPROVER), ctx.api.token(ED_APPROVER)]);

    const outcomes = await Promise.all(
      regs.map(async (r, i) => {
        // Half approve (the round stays open), half reject (the round ends); IT and ED take turns.
        const decision = i % 2 === 0 ? 'approve' : 'reject';
        const [who, group] = i % 4 < 2 ? [IT_APPROVER, 'IT'] : [ED_APPROVER, 'ED'];
        // Staggered by a few milliseconds either way, so the decision lands before, between and after the cancel's read and write.
        const offset = ((i * 7) % 13) * 2 - 12;
        const later = (ms: number) => new Promise((res) => setTimeout(res, Math.max(0, ms)));
        const [cancel, decided] = await Promise.all<[Promise<ApiResponse>, Promise<ApiResponse>]>([
          later(-offset).then(() => ctx.api.request('POST', `/registrations/${r.id}/cancel`, { as: STAFF, body: { reason: 'Course moved' } })),
          later(offset).then(() => decide(ctx, who, r.id, group, decision, 'Not this time')),
        ]);
        const after = (await ctx.api.request('GET', `/registrations/${r.id}`, { as: STAFF })).body as {
          status: string;
          approvals: Approval[];
          history: HistoryEntry[];
        };
        return { decision, group, cancel, decided, after };
      }),
    );

    // Both orders happened.
    expect(outcomes.some((o) => o.decided.status === 200)).toBe(true);
    expect(outcomes.some((o) => o.decided.status === 409)).toBe(true);
    for (const { decision, group, cancel, decided, after } of outcomes) {
      for (const a of after.approvals) {
        if (a.state === 'CLOSED') expect(a.decidedBy, `${a.group} closed with a decider`).toBeNull();
        if (a.decidedBy) expect(['APPROVED', 'REJECTED', 'CHANGES_REQUESTED']).toContain(a.state);
      }
      const actions = after.history.map((h) => h.action);
      const ats = after.history.map((h) => h.at);
      expect(ats).toEqual([...ats].sort());
      const cancelledAt = actions.indexOf('CANCELLED');
      const decidedAt = actions.indexOf('DECIDED');
      if (cancelledAt >= 0 && decidedAt >= 0) expect(decidedAt, actions.join(',')).toBeLessThan(cancelledAt);
      const mine = after.approvals.find((a) => a.group === group) as Approval;

      if (decided.status === 200) {
        expect(mine.decidedBy?.sub).toBeDefined();
        expect(actions).toContain('DECIDED');
        if (decision === 'approve') {
          // The round stayed open: the cancel after it stands, the decision kept its state.
          expect(cancel.status).toBe(200);
          expect(after.status).toBe('CANCELLED');
          expect(mine.state).toBe('APPROVED');
        } else if (cancel.status === 409) {
          expect(after.status).toBe('REJECTED');
          expect(cancel.body.detail).toMatch(/rejected/);
          expect(actions).not.toContain('CANCELLED');
        }
      } else {
        expect(decided.status).toBe(409);
        expect(decided.body.detail).toMatch(/cancelled/);
        expect(decided.body.detail).not.toMatch(/already decided/);
        expect(cancel.status).toBe(200);
        expect(after.status).toBe('CANCELLED');
        expect(mine).toMatchObject({ state: 'CLOSED', decidedBy: null });
        expect(actions).not.toContain('DECIDED');
      }
    }
  }, 120_000);
});
