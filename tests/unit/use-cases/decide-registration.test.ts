import { describe, expect, it } from 'vitest';
import { decideRegistration } from '../../../shared/approvals/decide-registration';
import type { ApproverGroup } from '../../../shared/contracts/registration';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../shared/errors';
import { cancelRegistration } from '../../../shared/registrations/cancel-registration';
import { inMemoryWorld } from '../../support/in-memory';
import { exactlyOneWins, invalidFields, rejectionOf } from '../../support/in-memory/assertions';
import { resubmitRegistration } from '../../../shared/registrations/resubmit-registration';
import {
  BO,
  EVA,
  IVAR,
  KARI,
  OLA,
  actionsOf,
  decide,
  examIn,
  givenChangesRequested,
  givenSubmitted,
  midterm,
  software,
  stored,
} from '../../support/in-memory/scenarios';

const givenPending = async () => {
  const world = inMemoryWorld();
  const r = await givenSubmitted(world);
  world.clock.advance({ hours: 3 });
  return { world, id: r.id };
};

/** The workflow's step for a group is waiting with this token (as requestDecision stores it). */
const waitingStep = (world: ReturnType<typeof inMemoryWorld>, id: string, group: ApproverGroup, token: string) =>
  world.approvals.registerTaskToken(id, 1, group, 'initial', token);

const approval = async (world: ReturnType<typeof inMemoryWorld>, id: string, group: ApproverGroup) =>
  (await stored(world, id)).approvals.find((a) => a.group === group);

describe('decideRegistration', () => {
  describe('given a mid-term registration pending approval by ED and IT', () => {
    it("when an IT member approves, then IT's approval records who and when, and the registration stays pending for ED", async () => {
      const { world, id } = await givenPending();
      await decideRegistration(world, IVAR, id, { group: 'IT', decision: 'approve' });

      const after = await stored(world, id);
      expect(after).toMatchObject({ status: 'PENDING_APPROVAL', version: 1 });
      expect(after.approvals).toMatchObject([
        { group: 'ED', state: 'PENDING' },
        { group: 'IT', state: 'APPROVED', decidedAt: world.clock.iso(), decidedBy: { sub: IVAR.sub, email: IVAR.email, name: IVAR.name }, comment: null },
      ]);
    });

    it('when an IT member approves, then a DECIDED entry names the group, the decision and the round', async () => {
      const { world, id } = await givenPending();
      await decideRegistration(world, IVAR, id, { group: 'IT', decision: 'approve', comment: 'Fine by us' });

      expect((await stored(world, id)).history.at(-1)).toEqual({
        at: world.clock.iso(),
        by: { sub: IVAR.sub, email: IVAR.email, name: IVAR.name },
        action: 'DECIDED',
        comment: 'Fine by us',
        details: { group: 'IT', decision: 'approve', round: 1 },
      });
    });

    it('when IT decides while its step waits, then the step is resumed with the decision', async () => {
      const { world, id } = await givenPending();
      await waitingStep(world, id, 'IT', 'token-it-initial');
      await decideRegistration(world, IVAR, id, { group: 'IT', decision: 'approve' });

      expect(world.callbacks.succeeded).toEqual([{ taskToken: 'token-it-initial', output: { group: 'IT', decision: 'approve' } }]);
    });

    it("when the step moved on to its reminder before the decision, then the reminder's token is resumed", async () => {
      const { world, id } = await givenPending();
      await waitingStep(world, id, 'IT', 'token-it-initial');
      await world.approvals.registerTaskToken(id, 1, 'IT', 'reminder', 'token-it-reminder');
      await decideRegistration(world, IVAR, id, { group: 'IT', decision: 'approve' });

      expect(world.callbacks.succeeded.map((c) => c.taskToken)).toEqual(['token-it-reminder']);
    });

    it('when no step waits yet, then the decision is recorded and nothing is resumed (the step finds it later)', async () => {
      const { world, id } = await givenPending();
      await decideRegistration(world, IVAR, id, { group: 'IT', decision: 'approve' });

      expect((await approval(world, id, 'IT'))?.state).toBe('APPROVED');
      expect(world.callbacks.succeeded).toEqual([]);
    });

    it.each([
      ['reject', 'REJECTED'],
      ['request-changes', 'CHANGES_REQUESTED'],
    ] as const)("when IT decides %s, then the round ends: the registration is %s and ED's pending approval closes", async (decision, status) => {
      const { world, id } = await givenPending();
      await decideRegistration(world, IVAR, id, { group: 'IT', decision, comment: 'Too many uploads' });

      const after = await stored(world, id);
      expect(after).toMatchObject({ status, version: 2, updatedAt: world.clock.iso() });
      expect(after.approvals).toMatchObject([
        { group: 'ED', state: 'CLOSED' },
        { group: 'IT', state: status, comment: 'Too many uploads' },
      ]);
    });

    it('when a decision is recorded, then the answer is the stored registration without its version', async () => {
      const { world, id } = await givenPending();
      const answer = await decideRegistration(world, EVA, id, { group: 'ED', decision: 'approve' });

      const { version: _v, ...view } = await stored(world, id);
      expect(answer).toEqual(view);
    });
  });

  describe('given a caller who may not decide for the group', () => {
    it.each([
      ['an IT member decides for ED', 'ForbiddenError', IVAR, 'ED', ForbiddenError],
      ['the owner, in no approver group, decides for IT', 'ForbiddenError', KARI, 'IT', ForbiddenError],
      ['another member of staff, who cannot see it, decides for IT', 'NotFoundError', OLA, 'IT', NotFoundError],
    ] as const)('when %s, then %s and nothing is recorded', async (_who, _error, who, group, error) => {
      const { world, id } = await givenPending();
      const before = await stored(world, id);

      await rejectionOf(decideRegistration(world, who, id, { group, decision: 'approve' }), error);
      expect(await stored(world, id)).toEqual(before);
    });

    it('when an ED member decides on a software request only IT approves, then NotFoundError (ED cannot see it)', async () => {
      const world = inMemoryWorld();
      const r = await givenSubmitted(world, software(world));
      await rejectionOf(decideRegistration(world, EVA, r.id, { group: 'ED', decision: 'approve' }), NotFoundError);
    });

    it('when a member of both groups decides for ED on a software request only IT approves, then ConflictError (ED is not asked)', async () => {
      const world = inMemoryWorld();
      const r = await givenSubmitted(world, software(world));
      await rejectionOf(decideRegistration(world, BO, r.id, { group: 'ED', decision: 'approve' }), ConflictError);
    });
  });

  describe('given the registration was submitted by a member of both approver groups (separation of duties)', () => {
    const BOTH: typeof BO = { ...BO, roles: ['staff', 'IT', 'ED'] };

    it.each(['IT', 'ED'] as const)('when the submitter decides for %s, then ForbiddenError (403) and nothing changes', async (group) => {
      const world = inMemoryWorld();
      const r = await givenSubmitted(world, undefined, BOTH);
      const before = await stored(world, r.id);

      const error = await rejectionOf(decideRegistration(world, BOTH, r.id, { group, decision: 'approve' }), ForbiddenError);
      expect(error).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect(await stored(world, r.id)).toEqual(before);
      expect(world.callbacks.succeeded).toEqual([]);
    });

    it('when another member of the group decides, then the decision is recorded', async () => {
      const world = inMemoryWorld();
      const r = await givenSubmitted(world, undefined, BOTH);
      await decideRegistration(world, IVAR, r.id, { group: 'IT', decision: 'approve' });
      expect((await stored(world, r.id)).approvals.find((a) => a.group === 'IT')?.state).toBe('APPROVED');
    });
  });

  it('given no such registration, when decided, then NotFoundError', async () => {
    const world = inMemoryWorld();
    await rejectionOf(decideRegistration(world, IVAR, 'missing', { group: 'IT', decision: 'approve' }), NotFoundError);
  });

  it.each([
    ['a rejection without a reason', ['comment'], { group: 'IT', decision: 'reject' }],
    ['a change request with only spaces as reason', ['comment'], { group: 'IT', decision: 'request-changes', comment: '   ' }],
    ['an unknown group', ['group'], { group: 'HR', decision: 'approve' }],
    ['an unknown decision', ['decision'], { group: 'IT', decision: 'maybe' }],
    ['a round that is not a whole number from 1', ['round'], { group: 'IT', decision: 'approve', round: 0 }],
  ])('given %s, when decided, then ValidationError on %s and nothing is recorded', async (_what, paths, body) => {
    const { world, id } = await givenPending();
    expect(await invalidFields(decideRegistration(world, IVAR, id, body))).toEqual(paths);
    expect(actionsOf(await stored(world, id))).toEqual(['SUBMITTED']);
  });

  describe('given the round no longer takes this decision', () => {
    it('when IT approves the round it saw after the registration was resubmitted, then ConflictError STALE_ROUND and the new round stays pending', async () => {
      const world = inMemoryWorld();
      const r = await givenChangesRequested(world, midterm(world));
      await resubmitRegistration(world, KARI, r.id, midterm(world, { exam: examIn(world, 61) }));

      const error = await rejectionOf(decideRegistration(world, IVAR, r.id, { group: 'IT', decision: 'approve', round: 1 }), ConflictError);
      expect(error.code).toBe('STALE_ROUND');
      expect((await approval(world, r.id, 'IT'))?.state).toBe('PENDING');
      expect((await decideRegistration(world, IVAR, r.id, { group: 'IT', decision: 'approve', round: 2 })).approvals.find((a) => a.group === 'IT')?.state).toBe(
        'APPROVED',
      );
    });

    it('when IT decides a second time, then ConflictError and the first decision stands', async () => {
      const { world, id } = await givenPending();
      await decide(world, id, 'IT', 'approve');

      await rejectionOf(decide(world, id, 'IT', 'reject'), ConflictError);
      expect((await approval(world, id, 'IT'))?.state).toBe('APPROVED');
    });

    it.each([
      ['ED rejected', (w: ReturnType<typeof inMemoryWorld>, id: string) => decide(w, id, 'ED', 'reject')],
      ['the owner cancelled', (w: ReturnType<typeof inMemoryWorld>, id: string) => cancelRegistration(w, KARI, id, {})],
    ])('when IT decides after %s, then ConflictError and IT stays closed', async (_what, before) => {
      const { world, id } = await givenPending();
      await before(world, id);

      await rejectionOf(decide(world, id, 'IT', 'approve'), ConflictError);
      expect((await approval(world, id, 'IT'))?.state).toBe('CLOSED');
    });
  });

  describe('given decisions race', () => {
    it('when two IT members decide at once, then exactly one decision is recorded and the other gets ConflictError', async () => {
      const { world, id } = await givenPending();
      await waitingStep(world, id, 'IT', 'token-it');
      await exactlyOneWins([decide(world, id, 'IT', 'approve'), decide(world, id, 'IT', 'reject')], ConflictError);

      expect(actionsOf(await stored(world, id)).filter((a) => a === 'DECIDED')).toHaveLength(1);
      expect(world.callbacks.succeeded).toHaveLength(1);
    });

    it("when ED rejects between IT's read and write, then IT gets ConflictError and the rejection stands", async () => {
      const { world, id } = await givenPending();
      world.before('approvals.recordDecision', () => decide(world, id, 'ED', 'reject'));

      await rejectionOf(decide(world, id, 'IT', 'approve'), ConflictError);
      const after = await stored(world, id);
      expect(after.status).toBe('REJECTED');
      expect(after.approvals.map((a) => a.state)).toEqual(['REJECTED', 'CLOSED']);
    });

    it("when ED approves between IT's read and its rejection, then IT reads again and rejects without closing ED's approval", async () => {
      const { world, id } = await givenPending();
      world.before('approvals.recordDecision', () => decide(world, id, 'ED', 'approve'));

      await decide(world, id, 'IT', 'reject');
      const after = await stored(world, id);
      expect(after.status).toBe('REJECTED');
      expect(after.approvals.map((a) => a.state)).toEqual(['APPROVED', 'REJECTED']);
      expect(actionsOf(after)).toEqual(['SUBMITTED', 'DECIDED', 'DECIDED']);
    });
  });
});
