import { describe, expect, it } from 'vitest';
import { closeRound } from '../../../shared/approvals/approval-steps';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../shared/errors';
import { cancelRegistration } from '../../../shared/registrations/cancel-registration';
import { type World, inMemoryWorld } from '../../support/in-memory';
import { exactlyOneWins, invalidFields, refusals, rejectionOf } from '../../support/in-memory/assertions';
import { EVA, IVAR, KARI, OLA, actionsOf, decide, givenApproved, givenChangesRequested, givenSubmitted, stored } from '../../support/in-memory/scenarios';

const givenPending = async () => {
  const world = inMemoryWorld();
  const r = await givenSubmitted(world);
  world.clock.advance({ hours: 2 });
  return { world, id: r.id };
};

const statesOf = (r: { approvals: { group: string; state: string }[] }) => Object.fromEntries(r.approvals.map((a) => [a.group, a.state]));

describe('cancelRegistration', () => {
  describe('given a registration pending approval by ED and IT', () => {
    it('when the owner cancels with a reason, then it is cancelled, both approvals close and the history says why', async () => {
      const { world, id } = await givenPending();
      await cancelRegistration(world, KARI, id, { reason: 'Exam moved to the autumn' });

      const after = await stored(world, id);
      expect(after).toMatchObject({ status: 'CANCELLED', round: 1, version: 2, updatedAt: world.clock.iso() });
      expect(statesOf(after)).toEqual({ ED: 'CLOSED', IT: 'CLOSED' });
      expect(after.history.at(-1)).toEqual({
        at: world.clock.iso(),
        by: { sub: KARI.sub, email: KARI.email, name: KARI.name },
        action: 'CANCELLED',
        comment: 'Exam moved to the autumn',
        details: { round: 1, from: 'PENDING_APPROVAL' },
      });
    });

    it("when the owner cancels, then the round's workflow is stopped with the reason", async () => {
      const { world, id } = await givenPending();
      await cancelRegistration(world, KARI, id, { reason: 'Exam moved to the autumn' });

      expect(world.workflow.stopped).toEqual([{ registrationId: id, round: 1, cause: 'Exam moved to the autumn' }]);
    });

    it('when the owner cancels without a reason, then the history has no comment and the workflow a default cause', async () => {
      const { world, id } = await givenPending();
      await cancelRegistration(world, KARI, id, undefined);

      expect((await stored(world, id)).history.at(-1)).toMatchObject({ action: 'CANCELLED', comment: null });
      expect(world.workflow.stopped).toEqual([{ registrationId: id, round: 1, cause: 'Cancelled by its owner' }]);
    });

    it('when the owner cancels, then the answer is the stored registration without its version', async () => {
      const { world, id } = await givenPending();
      const answer = await cancelRegistration(world, KARI, id, {});

      const { version: _v, ...view } = await stored(world, id);
      expect(answer).toEqual(view);
    });

    it('when IT had approved already, then IT keeps its approval and only ED closes', async () => {
      const { world, id } = await givenPending();
      await decide(world, id, 'IT', 'approve');
      await cancelRegistration(world, KARI, id, {});

      expect(statesOf(await stored(world, id))).toEqual({ ED: 'CLOSED', IT: 'APPROVED' });
    });
  });

  describe('given a registration in another open status', () => {
    it.each([
      ['approved', givenApproved, { ED: 'APPROVED', IT: 'APPROVED' }],
      ['sent back for changes', givenChangesRequested, { ED: 'CHANGES_REQUESTED', IT: 'APPROVED' }],
    ])('when it is %s and the owner cancels, then it is cancelled and its decisions stay as they were', async (_status, given, approvals) => {
      const world = inMemoryWorld();
      const { id, status } = await given(world);
      await cancelRegistration(world, KARI, id, {});

      const after = await stored(world, id);
      expect(after.status).toBe('CANCELLED');
      expect(statesOf(after)).toEqual(approvals);
      expect(after.history.at(-1)?.details).toEqual({ round: 1, from: status });
      expect(world.workflow.stopped).toHaveLength(1);
    });
  });

  describe('given a registration that can no longer be cancelled', () => {
    const rejected = async (w: World) => {
      const r = await givenSubmitted(w);
      await decide(w, r.id, 'ED', 'reject');
      return r.id;
    };
    const cancelled = async (w: World) => {
      const r = await givenSubmitted(w);
      await cancelRegistration(w, KARI, r.id, {});
      return r.id;
    };
    const expired = async (w: World) => {
      const r = await givenSubmitted(w);
      await closeRound(w, { registrationId: r.id, round: 1, failure: { Error: 'Approval.Expired' } });
      return r.id;
    };

    it.each([
      ['rejected', rejected],
      ['cancelled already', cancelled],
      ['expired', expired],
    ])('when it is %s, then ConflictError and nothing changes', async (_status, given) => {
      const world = inMemoryWorld();
      const id = await given(world);
      const before = await stored(world, id);
      const stops = world.workflow.stopped.length;

      await rejectionOf(cancelRegistration(world, KARI, id, {}), ConflictError);
      expect(await stored(world, id)).toEqual(before);
      expect(world.workflow.stopped).toHaveLength(stops);
    });

    it('when its exam has started, then ConflictError and it stays pending', async () => {
      const { world, id } = await givenPending();
      world.clock.set((await stored(world, id)).form.exam.start);

      await rejectionOf(cancelRegistration(world, KARI, id, {}), ConflictError);
      expect((await stored(world, id)).status).toBe('PENDING_APPROVAL');
    });
  });

  describe('given a caller other than the owner', () => {
    it.each(
      refusals([
        ['another member of staff (cannot see it)', OLA, NotFoundError],
        ['an IT approver (can see it)', IVAR, ForbiddenError],
        ['an ED approver (can see it)', EVA, ForbiddenError],
      ]),
    )('when %s cancels, then %s and it stays pending', async (_who, _error, who, error) => {
      const { world, id } = await givenPending();
      await rejectionOf(cancelRegistration(world, who, id, {}), error);

      expect((await stored(world, id)).status).toBe('PENDING_APPROVAL');
      expect(world.workflow.stopped).toEqual([]);
    });
  });

  it('given no such registration, when cancelled, then NotFoundError', async () => {
    const world = inMemoryWorld();
    await rejectionOf(cancelRegistration(world, KARI, 'missing', {}), NotFoundError);
  });

  it.each([
    ['a reason over 2000 characters', 'reason', { reason: 'x'.repeat(2001) }],
    ['an unknown field', 'force', { reason: 'x', force: true }],
  ])('given a body with %s, when cancelled, then ValidationError on %s', async (_what, path, body) => {
    const { world, id } = await givenPending();
    expect(await invalidFields(cancelRegistration(world, KARI, id, body))).toEqual([path]);
    expect((await stored(world, id)).status).toBe('PENDING_APPROVAL');
  });

  describe("given a decision lands between the cancel's read and its write", () => {
    it('when IT approves first, then the cancel reads again and closes only ED; IT keeps its approval', async () => {
      const { world, id } = await givenPending();
      world.before('registrations.transition', () => decide(world, id, 'IT', 'approve'));

      await cancelRegistration(world, KARI, id, {});
      const after = await stored(world, id);
      expect(after.status).toBe('CANCELLED');
      expect(statesOf(after)).toEqual({ ED: 'CLOSED', IT: 'APPROVED' });
      expect(actionsOf(after)).toEqual(['SUBMITTED', 'DECIDED', 'CANCELLED']);
      expect(world.workflow.stopped).toHaveLength(1);
    });

    it('when ED rejects first, then ConflictError, the rejection stands and no workflow is stopped', async () => {
      const { world, id } = await givenPending();
      world.before('registrations.transition', () => decide(world, id, 'ED', 'reject'));

      const error = await rejectionOf(cancelRegistration(world, KARI, id, {}), ConflictError);
      expect(error.message).toMatch(/rejected/);
      expect((await stored(world, id)).status).toBe('REJECTED');
      expect(world.workflow.stopped).toEqual([]);
    });

    it('when the registration is removed meanwhile, then NotFoundError', async () => {
      const { world, id } = await givenPending();
      world.before('registrations.transition', () => world.registrations.deleteAll(id));

      await rejectionOf(cancelRegistration(world, KARI, id, {}), NotFoundError);
    });
  });

  it('given two cancels of the same registration at once, then exactly one wins and the other gets ConflictError', async () => {
    const { world, id } = await givenPending();
    await exactlyOneWins([cancelRegistration(world, KARI, id, {}), cancelRegistration(world, KARI, id, {})], ConflictError);

    expect(actionsOf(await stored(world, id)).filter((a) => a === 'CANCELLED')).toHaveLength(1);
    expect(world.workflow.stopped).toHaveLength(1);
  });
});
