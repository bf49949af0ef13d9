import { describe, expect, it } from 'vitest';
import type { RegistrationInput } from '../../../shared/contracts/registration';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../shared/errors';
import { cancelRegistration } from '../../../shared/registrations/cancel-registration';
import { resubmitRegistration } from '../../../shared/registrations/resubmit-registration';
import { type World, inMemoryWorld } from '../../support/in-memory';
import { invalidFields, refusals, rejectionOf } from '../../support/in-memory/assertions';
import {
  EVA,
  IVAR,
  KARI,
  OLA,
  actionsOf,
  decide,
  examIn,
  givenApproved,
  givenChangesRequested,
  givenSubmitted,
  midterm,
  software,
  stored,
} from '../../support/in-memory/scenarios';

/** The form as it was sent back (the clock has moved on since, so it is not built afresh), with some fields changed. */
const changed = (before: { form: RegistrationInput }, overrides: Partial<RegistrationInput>) => ({ ...before.form, ...overrides });

const givenSentBack = async () => {
  const world = inMemoryWorld();
  const before = await givenChangesRequested(world);
  world.clock.advance({ days: 1 });
  return { world, before };
};

describe('resubmitRegistration', () => {
  describe('given IT approved and ED requested changes', () => {
    it('when the owner resubmits, then round 2 starts pending approval with a new version and a RESUBMITTED entry', async () => {
      const { world, before } = await givenSentBack();
      await resubmitRegistration(world, KARI, before.id, changed(before, { notes: 'Room booked' }));

      const after = await stored(world, before.id);
      expect(after).toMatchObject({ status: 'PENDING_APPROVAL', round: 2, version: before.version + 1, updatedAt: world.clock.iso(), createdAt: before.createdAt });
      expect(after.form.notes).toBe('Room booked');
      expect(actionsOf(after)).toEqual(['SUBMITTED', 'DECIDED', 'DECIDED', 'RESUBMITTED']);
      expect(after.history.at(-1)).toMatchObject({ by: { sub: KARI.sub }, details: { round: 2, keptApprovals: ['IT'], approvers: ['ED', 'IT'], allKept: false } });
    });

    it('when the owner resubmits, then round 2 carries what changed since round 1, field by field, and the history names the fields', async () => {
      const { world, before } = await givenSentBack();
      const exam = { ...before.form.exam, candidates: before.form.exam.candidates + 30 };
      const view = await resubmitRegistration(world, KARI, before.id, changed(before, { notes: 'Room booked', exam }));

      const changes = [
        { field: 'exam.candidates', before: before.form.exam.candidates, after: exam.candidates },
        { field: 'notes', before: '', after: 'Room booked' },
      ];
      expect(view.changes).toEqual(changes);
      expect((await stored(world, before.id)).changes).toEqual(changes);
      expect((await stored(world, before.id)).history.at(-1)?.details).toMatchObject({ changedFields: ['exam.candidates', 'notes'] });
    });

    it('when the owner resubmits, then the workflow starts round 2', async () => {
      const { world, before } = await givenSentBack();
      await resubmitRegistration(world, KARI, before.id, changed(before, { notes: 'Room booked' }));

      expect(world.workflow.started).toEqual([
        { registrationId: before.id, round: 1 },
        { registrationId: before.id, round: 2 },
      ]);
    });

    it.each([
      ['only the notes', { notes: 'Room booked' }, ['IT'], ['ED']],
      ['only the contact', { contact: { name: 'Per Hansen', email: 'per@example.edu', phone: null } }, ['IT'], ['ED']],
      ['only the course name (ED looks at it, IT does not)', { course: { code: 'TDT4100', name: 'Programming' } }, ['IT'], ['ED']],
      [
        'the upload assignments (IT looks at them)',
        { questionSet: { uploadAssignments: 2, handDrawings: false, zipSubmission: false, externalUrls: [] } },
        [],
        ['ED', 'IT'],
      ],
      ['the exam date', { exam: { type: 'home', start: '2027-03-12T09:00:00+01:00', durationMinutes: 240, candidates: 120 } }, [], ['ED', 'IT']],
    ] as [string, Partial<RegistrationInput>, string[], string[]][])(
      'when the resubmitted form changes %s, then IT keeps its approval only if nothing in its scope changed',
      async (_what, overrides, kept, asked) => {
        const { world, before } = await givenSentBack();
        await resubmitRegistration(world, KARI, before.id, changed(before, overrides));

        const after = await stored(world, before.id);
        expect(after.approvals.filter((a) => a.state === 'APPROVED').map((a) => a.group)).toEqual(kept);
        expect(after.approvals.filter((a) => a.state === 'PENDING').map((a) => a.group)).toEqual(asked);
        expect(after.approvals.every((a) => a.round === 2 && a.requestedAt === world.clock.iso())).toBe(true);
      },
    );

    it('when IT keeps its approval, then it keeps who decided and when', async () => {
      const { world, before } = await givenSentBack();
      const itBefore = before.approvals.find((a) => a.group === 'IT');
      await resubmitRegistration(world, KARI, before.id, changed(before, { notes: 'x' }));

      const it = (await stored(world, before.id)).approvals.find((a) => a.group === 'IT');
      expect(it).toMatchObject({ state: 'APPROVED', decidedBy: { sub: IVAR.sub }, decidedAt: itBefore?.decidedAt });
    });
  });

  describe('given a caller other than the owner', () => {
    it.each(
      refusals([
        ['another member of staff (cannot see it)', OLA, NotFoundError],
        ['an approver (can see it)', EVA, ForbiddenError],
      ]),
    )('when %s resubmits, then %s and nothing changes', async (_who, _error, who, error) => {
      const { world, before } = await givenSentBack();
      await rejectionOf(resubmitRegistration(world, who, before.id, changed(before, {})), error);

      expect(await stored(world, before.id)).toEqual(before);
      expect(world.workflow.started).toHaveLength(1);
    });
  });

  it('given no such registration, when resubmitted, then NotFoundError', async () => {
    const world = inMemoryWorld();
    await rejectionOf(resubmitRegistration(world, KARI, 'missing', midterm(world)), NotFoundError);
  });

  describe('given a registration that is not waiting for changes', () => {
    it.each([
      ['pending approval', async (w: World) => (await givenSubmitted(w)).id],
      ['approved', async (w: World) => (await givenApproved(w)).id],
      [
        'rejected',
        async (w: World) => {
          const r = await givenSubmitted(w);
          await decide(w, r.id, 'ED', 'reject');
          return r.id;
        },
      ],
      [
        'cancelled',
        async (w: World) => {
          const r = await givenSubmitted(w);
          await cancelRegistration(w, KARI, r.id, {});
          return r.id;
        },
      ],
    ])('when it is %s and the owner resubmits, then ConflictError and nothing changes', async (_status, given) => {
      const world = inMemoryWorld();
      const id = await given(world);
      const before = await stored(world, id);

      await rejectionOf(resubmitRegistration(world, KARI, id, midterm(world, { notes: 'x' })), ConflictError);
      expect(await stored(world, id)).toEqual(before);
    });
  });

  describe('given changes were requested', () => {
    it('when the resubmitted form changes its kind, then ConflictError and nothing changes', async () => {
      const { world, before } = await givenSentBack();
      await rejectionOf(resubmitRegistration(world, KARI, before.id, software(world)), ConflictError);

      expect(await stored(world, before.id)).toEqual(before);
    });

    it('when the resubmitted exam is only 3 days away, then ValidationError on exam.start and nothing changes', async () => {
      const { world, before } = await givenSentBack();
      const fields = await invalidFields(resubmitRegistration(world, KARI, before.id, changed(before, { exam: examIn(world, 3) })));

      expect(fields).toEqual(['exam.start']);
      expect(await stored(world, before.id)).toEqual(before);
    });

    it('when the owner cancels between the read and the write, then ConflictError, it stays cancelled and no round starts', async () => {
      const { world, before } = await givenSentBack();
      world.before('registrations.startNewRound', () => cancelRegistration(world, KARI, before.id, {}));

      await rejectionOf(resubmitRegistration(world, KARI, before.id, changed(before, { notes: 'x' })), ConflictError);
      const after = await stored(world, before.id);
      expect(after).toMatchObject({ status: 'CANCELLED', round: 1 });
      expect(world.workflow.started).toEqual([{ registrationId: before.id, round: 1 }]);
    });
  });

  describe('given the workflow cannot start the new round', () => {
    const failingResubmit = async () => {
      const { world, before } = await givenSentBack();
      const outage = new Error('Step Functions is down');
      world.workflow.failStartWith(outage);
      const attempt = resubmitRegistration(world, KARI, before.id, changed(before, { notes: 'x' }));
      return { world, before, attempt, outage };
    };

    it('then the error reaches the caller and the registration is back in round 1, changes requested, with its old approvals and form', async () => {
      const { world, before, attempt, outage } = await failingResubmit();
      await expect(attempt).rejects.toBe(outage);

      const after = await stored(world, before.id);
      expect(after).toMatchObject({ status: 'CHANGES_REQUESTED', round: 1, version: before.version, form: before.form });
      expect(after.approvals).toEqual(before.approvals);
      expect(await world.approvals.approvalsOf(before.id, 2)).toEqual([]);
    });

    it('then the owner can resubmit again', async () => {
      const { world, before, attempt } = await failingResubmit();
      await attempt.catch(() => undefined);

      await resubmitRegistration(world, KARI, before.id, changed(before, { notes: 'x' }));
      expect(await stored(world, before.id)).toMatchObject({ status: 'PENDING_APPROVAL', round: 2 });
    });

    it('then the history is as it was before (no RESUBMITTED entry for a round that never started)', async () => {
      const { world, before, attempt } = await failingResubmit();
      await attempt.catch(() => undefined);

      expect((await stored(world, before.id)).history).toEqual(before.history);
    });
  });
});
