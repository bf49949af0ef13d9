import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../shared/errors';
import { dispatchNotice, prepareNotice } from '../../../shared/notices/dispatch';
import { getRegistration } from '../../../shared/registrations/get-registration';
import { awsError, inMemoryWorld } from '../../support/in-memory';
import { rejectionOf } from '../../support/in-memory/assertions';
import { BO, EVA, IVAR, KARI, OLA, givenLetterDue, givenSubmitted, software, stored, supplyCandidates } from '../../support/in-memory/scenarios';

const NO_MAIL = { pending: 0, sent: 0, bounced: 0, complained: 0, failed: 0 };

describe('getRegistration', () => {
  describe('given a mid-term registration pending approval', () => {
    it.each([
      ['its owner', KARI],
      ['an IT approver', IVAR],
      ['an ED approver', EVA],
    ])('when %s reads it, then they get it without its version, with no letter scheduled yet', async (_who, who) => {
      const world = inMemoryWorld();
      const r = await givenSubmitted(world);
      await supplyCandidates(world, r.id, ['ada@stud.example.edu', 'bo@stud.example.edu']);

      const { version: _v, ...view } = await stored(world, r.id);
      expect(await getRegistration(world, who, r.id)).toEqual({
        ...view,
        studentNotice: { letter: { status: 'NOT_SCHEDULED', scheduledFor: null, counts: NO_MAIL }, candidates: 2 },
      });
    });

    it('when another member of staff reads it, then NotFoundError (its existence is not revealed)', async () => {
      const world = inMemoryWorld();
      const r = await givenSubmitted(world);
      await rejectionOf(getRegistration(world, OLA, r.id), NotFoundError);
    });
  });

  it('given a software request only IT approves, when an ED approver reads it, then NotFoundError; a member of both groups sees it', async () => {
    const world = inMemoryWorld();
    const r = await givenSubmitted(world, software(world));

    await rejectionOf(getRegistration(world, EVA, r.id), NotFoundError);
    expect((await getRegistration(world, BO, r.id)).id).toBe(r.id);
  });

  it('given no such registration, when read, then NotFoundError', async () => {
    const world = inMemoryWorld();
    await rejectionOf(getRegistration(world, KARI, 'missing'), NotFoundError);
  });

  it('given the letter is going out, then the state shows it, counting claimed recipients as pending', async () => {
    const { world, id, r } = await givenLetterDue(['ada@stud.example.edu', 'bo@stud.example.edu', 'cy@stud.example.edu']);
    await prepareNotice(world, { registrationId: id, noticeId: 'letter' });
    world.mailer.failWith(awsError('MessageRejected'), { to: 'cy@stud.example.edu' });
    world.before('notices.claim', async () => {
      // A second sender holds Bo's claim while this dispatch runs.
      const hash = world.notices.recipientRow(id, 'letter', 'bo@stud.example.edu')?.hash ?? '';
      await world.notices.claim(id, 'letter', hash, world.clock.iso(), world.clock.iso());
    });
    await dispatchNotice(world, { registrationId: id, noticeId: 'letter' });

    expect((await getRegistration(world, KARI, id)).studentNotice).toEqual({
      letter: { status: 'SENDING', scheduledFor: r.derived.studentInfoDueBy, counts: { ...NO_MAIL, pending: 1, sent: 1, failed: 1 } },
      candidates: 3,
    });
  });
});
