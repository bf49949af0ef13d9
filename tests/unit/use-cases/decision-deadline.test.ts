import { describe, expect, it } from 'vitest';
import { createApprovalLink, decideByApprovalLink, viewApprovalLink } from '../../../shared/approvals/approval-links';
import { decideRegistration } from '../../../shared/approvals/decide-registration';
import { ConflictError, GoneError } from '../../../shared/errors';
import { inMemoryWorld } from '../../support/in-memory';
import { rejectionOf } from '../../support/in-memory/assertions';
import { IVAR, givenSubmitted, stored } from '../../support/in-memory/scenarios';

/**
 * One deadline decides both ways of deciding: the date the students must be informed by. Before
 * it the API and the e-mail link both accept a decision; from it on both refuse, without waiting
 * for the workflow to record the expiry.
 */
const givenPendingWithLink = async () => {
  const world = inMemoryWorld();
  const r = await givenSubmitted(world);
  const linkId = await createApprovalLink(world.links, r, 'IT');
  return { world, id: r.id, linkId, deadline: Date.parse(r.derived.studentInfoDueBy) };
};

describe('the decision deadline', () => {
  it.each([
    ['a second before it', -1000, true],
    ['at it', 0, false],
    ['a minute after it, before the expiry is recorded', 60_000, false],
  ])('%s: the API', async (_when, offset, accepted) => {
    const { world, id, deadline } = await givenPendingWithLink();
    world.clock.set(new Date(deadline + offset));
    const decision = decideRegistration(world, IVAR, id, { group: 'IT', decision: 'approve' });
    if (accepted) {
      await decision;
      expect((await stored(world, id)).approvals.find((a) => a.group === 'IT')?.state).toBe('APPROVED');
    } else {
      expect((await rejectionOf(decision, ConflictError)).code).toBe('DEADLINE_PASSED');
      expect((await stored(world, id)).approvals.find((a) => a.group === 'IT')?.state).toBe('PENDING');
    }
  });

  it.each([
    ['a second before it', -1000, true],
    ['at it', 0, false],
    ['a minute after it', 60_000, false],
  ])('%s: the e-mail link, as the API', async (_when, offset, accepted) => {
    const { world, id, linkId, deadline } = await givenPendingWithLink();
    world.clock.set(new Date(deadline + offset));
    if (accepted) {
      await viewApprovalLink(world, linkId);
      await decideByApprovalLink(world, linkId, { decision: 'approve' });
      expect((await stored(world, id)).approvals.find((a) => a.group === 'IT')?.state).toBe('APPROVED');
    } else {
      expect((await rejectionOf(viewApprovalLink(world, linkId), GoneError)).code).toBe('LINK_EXPIRED');
      expect((await rejectionOf(decideByApprovalLink(world, linkId, { decision: 'approve' }), GoneError)).code).toBe('LINK_EXPIRED');
      expect((await stored(world, id)).approvals.find((a) => a.group === 'IT')?.state).toBe('PENDING');
    }
  });
});
