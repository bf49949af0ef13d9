import { describe, expect, it } from 'vitest';
import { createApprovalLink, decideByApprovalLink, hashLinkId, viewApprovalLink } from '../../../shared/approvals/approval-links';
import type { ApproverGroup } from '../../../shared/contracts/registration';
import { decideRegistration } from '../../../shared/approvals/decide-registration';
import { linkActor } from '../../../shared/approvals/link-access';
import { ConflictError, ForbiddenError, GoneError, NotFoundError } from '../../../shared/errors';
import { cancelRegistration } from '../../../shared/registrations/cancel-registration';
import { resubmitRegistration } from '../../../shared/registrations/resubmit-registration';
import { type World, inMemoryWorld } from '../../support/in-memory';
import { exactlyOneWins, invalidFields, rejectionOf } from '../../support/in-memory/assertions';
import { EVA, IVAR, KARI, actionsOf, approverOf, decide, givenSubmitted, stored } from '../../support/in-memory/scenarios';

/** A pending mid-term registration and a fresh e-mail link for one of its groups. */
const givenLink = async (group: ApproverGroup = 'IT') => {
  const world = inMemoryWorld();
  const r = await givenSubmitted(world);
  const linkId = await createApprovalLink(world.links, r, group, [MAILBOX[group]]);
  world.clock.advance({ hours: 5 });
  return { world, id: r.id, linkId };
};

const MAILBOX: Record<ApproverGroup, string> = { IT: 'it-approvers@example.edu', ED: 'ed-approvers@example.edu' };
/** A decision through the link without signing in is the mailbox's it was sent to. */
const LINK_ACTOR = { sub: 'email-link:IT', email: MAILBOX.IT, name: `E-mail link sent to ${MAILBOX.IT} (IT)` };

describe('approval links', () => {
  describe('createApprovalLink', () => {
    it('given a registration, then the link id is 256 random bits and only its SHA-256 is stored, bound to the round and group until the deadline', async () => {
      const { world, id, linkId } = await givenLink('ED');
      const r = await stored(world, id);

      expect(linkId).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(world.links.all()).toEqual([
        {
          idHash: hashLinkId(linkId),
          registrationId: id,
          round: 1,
          group: 'ED',
          expiresAt: Date.parse(r.derived.studentInfoDueBy) / 1000,
          sentTo: [MAILBOX.ED],
        },
      ]);
      expect(JSON.stringify(world.links.all())).not.toContain(linkId);
    });

    it('given two links for the same group, then they differ', async () => {
      const { world, id, linkId } = await givenLink();
      expect(await createApprovalLink(world.links, await stored(world, id), 'IT')).not.toBe(linkId);
    });
  });

  describe('viewApprovalLink', () => {
    it('given a fresh link, when opened, then it shows the registration, group, round and deadline, and changes nothing', async () => {
      const { world, id, linkId } = await givenLink();
      const before = await stored(world, id);

      const opened = await viewApprovalLink(world, linkId);
      const { version: _v, ...view } = before;
      expect(opened).toEqual({
        registration: view,
        group: 'IT',
        round: 1,
        expiresAt: new Date(before.derived.studentInfoDueBy).toISOString(),
        sentTo: [MAILBOX.IT],
      });
      expect(await stored(world, id)).toEqual(before);
      expect(world.links.all()[0]?.usedAt).toBeUndefined();
    });

    const notValid: [string, (w: World, id: string, linkId: string) => Promise<string>][] = [
      ['a malformed id', async () => 'short'],
      ['a well-formed id that was never issued', async () => 'A'.repeat(43)],
      [
        'a link whose registration is gone',
        async (w, id, linkId) => {
          await w.registrations.deleteAll(id);
          return linkId;
        },
      ],
    ];
    it.each(notValid)('given %s, when opened, then NotFoundError', async (_what, given) => {
      const { world, id, linkId } = await givenLink();
      await rejectionOf(viewApprovalLink(world, await given(world, id, linkId)), NotFoundError);
    });

    const closed: [string, (w: World, id: string, linkId: string) => Promise<unknown>][] = [
      ['used', (w, _id, linkId) => decideByApprovalLink(w, linkId, { decision: 'approve' })],
      [
        'expired (past the deadline)',
        async (w, id) => {
          w.clock.set((await stored(w, id)).derived.studentInfoDueBy);
        },
      ],
      ['for a group that decided by the web app', (w, id) => decide(w, id, 'IT', 'approve')],
      ['for a registration another group rejected', (w, id) => decide(w, id, 'ED', 'reject')],
      ['for a cancelled registration', (w, id) => cancelRegistration(w, KARI, id, {})],
      [
        'of a round that was resubmitted since',
        async (w, id) => {
          await decide(w, id, 'ED', 'request-changes');
          await resubmitRegistration(w, KARI, id, { ...(await stored(w, id)).form, notes: 'moved' });
        },
      ],
    ];
    it.each(closed)('given a link %s, when opened, then GoneError', async (_what, given) => {
      const { world, id, linkId } = await givenLink();
      await given(world, id, linkId);

      await rejectionOf(viewApprovalLink(world, linkId), GoneError);
    });
  });

  describe('decideByApprovalLink', () => {
    it('given a fresh link, when IT approves through it, then the decision is recorded for IT by the link and the link is used up', async () => {
      const { world, id, linkId } = await givenLink();
      await decideByApprovalLink(world, linkId, { decision: 'approve', comment: 'ok' });

      const after = await stored(world, id);
      expect(after.approvals.find((a) => a.group === 'IT')).toMatchObject({ state: 'APPROVED', decidedBy: LINK_ACTOR, decidedAt: world.clock.iso(), comment: 'ok' });
      expect(after.history.at(-1)).toMatchObject({ action: 'DECIDED', by: LINK_ACTOR, details: { group: 'IT', decision: 'approve', round: 1, via: 'email-link' } });
      expect(world.links.all()[0]?.usedAt).toBe(world.clock.iso());
    });

    it('given the step waits for IT, when IT rejects through the link, then the round ends and the step is resumed', async () => {
      const { world, id, linkId } = await givenLink();
      await world.approvals.registerTaskToken(id, 1, 'IT', 'initial', 'token-it');
      await decideByApprovalLink(world, linkId, { decision: 'reject', comment: 'No rooms' });

      expect((await stored(world, id)).status).toBe('REJECTED');
      expect(world.callbacks.succeeded).toEqual([{ taskToken: 'token-it', output: { group: 'IT', decision: 'reject' } }]);
    });

    it('given a used link, when it is used again, then GoneError and the first decision stands', async () => {
      const { world, id, linkId } = await givenLink();
      await decideByApprovalLink(world, linkId, { decision: 'approve' });
      const before = await stored(world, id);

      await rejectionOf(decideByApprovalLink(world, linkId, { decision: 'reject', comment: 'changed my mind' }), GoneError);
      expect(await stored(world, id)).toEqual(before);
    });

    it.each([
      ['a rejection without a reason', ['comment'], { decision: 'reject' }],
      ['a group in the body (the link names it)', ['group'], { decision: 'approve', group: 'ED' }],
    ])('given %s, when posted, then ValidationError on %s and the link stays unused', async (_what, paths, body) => {
      const { world, id, linkId } = await givenLink();
      expect(await invalidFields(decideByApprovalLink(world, linkId, body))).toEqual(paths);

      expect(world.links.all()[0]?.usedAt).toBeUndefined();
      expect(actionsOf(await stored(world, id))).toEqual(['SUBMITTED']);
    });

    it('given an expired link, when posted, then GoneError and nothing is recorded', async () => {
      const { world, id, linkId } = await givenLink();
      world.clock.set(new Date(Date.parse((await stored(world, id)).derived.studentInfoDueBy) + 1000));

      await rejectionOf(decideByApprovalLink(world, linkId, { decision: 'approve' }), GoneError);
      expect(actionsOf(await stored(world, id))).toEqual(['SUBMITTED']);
    });

    it('given the confirmation page is posted twice at once, then exactly one decision is recorded and the other gets ConflictError', async () => {
      const { world, id, linkId } = await givenLink();
      const post = () => decideByApprovalLink(world, linkId, { decision: 'approve' });

      await exactlyOneWins([post(), post()], ConflictError);
      expect(actionsOf(await stored(world, id))).toEqual(['SUBMITTED', 'DECIDED']);
    });
  });
  describe('a signed-in approver deciding through the link (POST /registrations/{id}/decisions with linkId)', () => {
    it('given a member of the link’s group, when they approve with the link, then the decision is theirs, for the link’s round, and the link is used up', async () => {
      const { world, id, linkId } = await givenLink();
      await decideRegistration(world, IVAR, id, { group: 'IT', decision: 'approve', comment: 'ok', linkId });

      const after = await stored(world, id);
      const ivar = { sub: IVAR.sub, email: IVAR.email, name: IVAR.name };
      expect(after.approvals.find((a) => a.group === 'IT')).toMatchObject({ state: 'APPROVED', decidedBy: ivar });
      expect(after.history.at(-1)).toMatchObject({ action: 'DECIDED', by: ivar, details: { round: 1, via: 'email-link' } });
      expect(world.links.all()[0]?.usedAt).toBe(world.clock.iso());
      await rejectionOf(decideByApprovalLink(world, linkId, { decision: 'reject', comment: 'again' }), GoneError);
    });

    it('given someone outside the link’s group (an ED approver with IT’s link), then they are refused and nothing is recorded', async () => {
      const { world, id, linkId } = await givenLink('IT');
      await rejectionOf(decideRegistration(world, EVA, id, { group: 'IT', decision: 'approve', linkId }), ForbiddenError);
      expect(world.links.all()[0]?.usedAt).toBeUndefined();
      expect(actionsOf(await stored(world, id))).toEqual(['SUBMITTED']);
    });

    it.each([
      ['another group’s link', 'ED' as const, 'IT' as const],
      ['another registration’s link', 'IT' as const, 'IT' as const],
    ])('given %s, then NotFoundError and the link stays unused', async (what, linkGroup, group) => {
      const { world, id, linkId } = await givenLink(linkGroup);
      const target = what.includes('registration') ? (await givenSubmitted(world)).id : id;
      await rejectionOf(decideRegistration(world, approverOf(group), target, { group, decision: 'approve', linkId }), NotFoundError);
      expect(world.links.all()[0]?.usedAt).toBeUndefined();
    });

    it('given the registration was resubmitted since the link was sent, then the link is closed (the decision was for the round they saw)', async () => {
      const world = inMemoryWorld();
      const r = await givenSubmitted(world);
      const linkId = await createApprovalLink(world.links, r, 'IT', [MAILBOX.IT]);
      await decide(world, r.id, 'ED', 'request-changes');
      await resubmitRegistration(world, KARI, r.id, { ...r.form, notes: 'Room booked' });
      await rejectionOf(decideRegistration(world, IVAR, r.id, { group: 'IT', decision: 'approve', linkId }), GoneError);
    });

    it('given a link stored before its mailbox was kept, then a decision without signing in names the group', () => {
      expect(linkActor({ group: 'ED' })).toEqual({ sub: 'email-link:ED', email: null, name: 'ED approver (e-mail link)' });
      expect(linkActor({ group: 'ED', sentTo: ['a@example.edu', 'b@example.edu'] })).toMatchObject({ email: 'a@example.edu, b@example.edu' });
    });
  });
});
