import { describe, expect, it } from 'vitest';
import { renderExamInformationLetter, renderSoftwareNotice } from '../../../shared/mail/student-letter';
import { dispatchNotice, prepareNotice } from '../../../shared/notices/dispatch';
import { viewStudentLetter } from '../../../shared/notices/student-letter-view';
import { cancelRegistration } from '../../../shared/registrations/cancel-registration';
import { NotFoundError } from '../../../shared/errors';
import { awsError, inMemoryWorld } from '../../support/in-memory';
import { EVA, IVAR, KARI, OLA, givenLetterDue, givenSubmitted, software, stored } from '../../support/in-memory/scenarios';

const [ADA, BO, CY] = ['ada@stud.example.edu', 'bo@stud.example.edu', 'cy@stud.example.edu'] as const;

describe('viewStudentLetter', () => {
  describe('given a mid-term registration pending approval', () => {
    it('then its owner sees a preview rendered by the mail templates, in every language, due on the students’ deadline, with no delivery yet', async () => {
      const world = inMemoryWorld();
      const r = await givenSubmitted(world);
      const view = await viewStudentLetter(world, KARI, r.id);

      const mail = renderExamInformationLetter(await stored(world, r.id), [], world.mail, world.languages);
      expect(view).toEqual({
        notice: 'letter',
        status: 'NOT_SCHEDULED',
        sendsAt: r.derived.studentInfoDueBy,
        source: 'preview',
        languages: ['nb', 'en'],
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        delivery: null,
      });
      expect(view.html).toContain('lang="nb"');
      expect(view.html).toContain('lang="en"');
    });

    it.each([
      ['an IT approver', IVAR],
      ['an ED approver', EVA],
    ])('then %s of it sees the same letter', async (_who, approver) => {
      const world = inMemoryWorld();
      const r = await givenSubmitted(world);
      expect(await viewStudentLetter(world, approver, r.id)).toEqual(await viewStudentLetter(world, KARI, r.id));
    });

    it('then other staff cannot tell it exists', async () => {
      const world = inMemoryWorld();
      const r = await givenSubmitted(world);
      await expect(viewStudentLetter(world, OLA, r.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(viewStudentLetter(world, KARI, 'no-such-id')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('when it is cancelled, then the letter will not go out', async () => {
      const world = inMemoryWorld();
      const r = await givenSubmitted(world);
      await cancelRegistration(world, KARI, r.id, { reason: 'Course moved' });
      expect(await viewStudentLetter(world, KARI, r.id)).toMatchObject({ sendsAt: null, status: 'NOT_SCHEDULED', delivery: null });
    });
  });

  it('given a software request, then the letter is its software notice', async () => {
    const world = inMemoryWorld();
    const r = await givenSubmitted(world, software(world));
    const view = await viewStudentLetter(world, KARI, r.id);
    const mail = renderSoftwareNotice(await stored(world, r.id), r.form.kind === 'software' ? r.form.software : [], world.mail, world.languages);
    expect(view).toMatchObject({ notice: 'software', source: 'preview', subject: mail.subject, html: mail.html });
  });

  describe('given the letter went out and one address was refused', () => {
    const givenSent = async () => {
      const given = await givenLetterDue([ADA, BO, CY]);
      await prepareNotice(given.world, { registrationId: given.id, noticeId: 'letter' });
      const fixed = await given.world.notices.get(given.id, 'letter');
      given.world.mailer.failWith(awsError('MessageRejected'), { to: CY });
      await dispatchNotice(given.world, { registrationId: given.id, noticeId: 'letter' });
      return { ...given, fixed };
    };

    it('then the owner sees the content as sent, when it went, the counts and the address it did not reach', async () => {
      const { world, id, fixed } = await givenSent();
      const view = await viewStudentLetter(world, KARI, id);
      expect(view).toMatchObject({
        status: 'SENT',
        source: 'as-sent',
        subject: fixed?.subject,
        html: fixed?.html,
        sendsAt: fixed?.scheduledFor,
        delivery: { pending: 0, sent: 2, bounced: 0, complained: 0, failed: 1 },
        failedRecipients: [{ email: CY, name: null, status: 'failed' }],
      });
    });

    it('then an approver sees the counts but no address', async () => {
      const { world, id } = await givenSent();
      const view = await viewStudentLetter(world, IVAR, id);
      expect(view.delivery).toMatchObject({ sent: 2, failed: 1 });
      expect(view).not.toHaveProperty('failedRecipients');
    });
  });
});
