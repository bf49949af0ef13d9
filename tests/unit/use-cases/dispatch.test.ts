import { describe, expect, it } from 'vitest';
import { closeRound } from '../../../shared/approvals/approval-steps';
import { dispatchNotice, prepareNotice } from '../../../shared/notices/dispatch';
import { reportIncident } from '../../../shared/notices/incidents';
import { cancelRegistration } from '../../../shared/registrations/cancel-registration';
import { personalDataExpiry } from '../../../shared/rules/retention';
import { type World, awsError, inMemoryWorld } from '../../support/in-memory';
import {
  KARI,
  actionsOf,
  decide,
  examIn,
  givenApproved,
  givenLetterDue,
  givenSubmitted,
  midterm,
  software,
  stored,
  supplyCandidates,
} from '../../support/in-memory/scenarios';

const [ADA, BO, CY] = ['ada@stud.example.edu', 'bo@stud.example.edu', 'cy@stud.example.edu'] as const;

const step = (id: string, noticeId = 'letter') => ({ registrationId: id, noticeId });
const statuses = async (world: World, id: string, noticeId = 'letter') =>
  Object.fromEntries((await world.notices.recipients(id, noticeId)).map((r) => [r.email, r.status]));

/** Another sender claims a recipient now (and then, for the test, says nothing more). */
const claimedElsewhere = async (world: World, id: string, email: string) => {
  const hash = world.notices.recipientRow(id, 'letter', email)?.hash ?? '';
  expect(await world.notices.claim(id, 'letter', hash, world.clock.iso(), world.clock.iso())).toBe(true);
};

const givenLetterPrepared = async (emails: string[] = [ADA, BO, CY]) => {
  const given = await givenLetterDue(emails);
  await prepareNotice(given.world, step(given.id));
  return given;
};

describe('prepareNotice', () => {
  it('given the letter is due, then its content and every candidate are fixed, pending, kept until the retention ends', async () => {
    const { world, id, r } = await givenLetterDue([ADA, BO, CY]);
    expect(await prepareNotice(world, step(id))).toEqual({ recipients: 3 });

    const notice = await world.notices.get(id, 'letter');
    expect(notice).toMatchObject({
      status: 'SENDING',
      kind: 'letter',
      recipientsComplete: true,
      expiresAt: personalDataExpiry(r.form.exam, world.config.CANDIDATE_RETENTION_DAYS),
    });
    expect(notice?.subject).toContain('TDT4100');
    expect(await statuses(world, id)).toEqual({ [ADA]: 'pending', [BO]: 'pending', [CY]: 'pending' });
  });

  it('given a software notice went out, when it runs again at the deadline, then only candidates added since are added', async () => {
    const { world, id } = await givenLetterDue([ADA, BO], software);
    expect(await prepareNotice(world, step(id, 'software'))).toEqual({ recipients: 2 });
    await dispatchNotice(world, step(id, 'software'));
    await supplyCandidates(world, id, [ADA, BO, CY]);

    expect(await prepareNotice(world, step(id, 'software'))).toEqual({ recipients: 1 });
    expect(await statuses(world, id, 'software')).toEqual({ [ADA]: 'sent', [BO]: 'sent', [CY]: 'pending' });
  });

  it('given no candidate list was supplied, then the letter has no recipients and the history asks for the list', async () => {
    const { world, id } = await givenLetterDue([]);
    expect(await prepareNotice(world, step(id))).toEqual({ recipients: 0 });
    expect((await stored(world, id)).history.at(-1)).toMatchObject({ action: 'LETTER_WITHOUT_CANDIDATES', details: { noticeId: 'letter' } });
  });

  it.each([
    ['an approved software request of the same course on the same day', true, 0, true],
    ['a software request of the same course still pending', false, 0, false],
    ['an approved software request of the same course on the next day', true, 1, false],
  ])('given %s, then the letter lists that software only when approved for that day', async (_what, approved, dayShift, listed) => {
    const world = inMemoryWorld();
    const letter = await givenApproved(world);
    const request = software(world, { exam: examIn(world, 60 + dayShift, 'school') });
    await (approved ? givenApproved(world, request) : givenSubmitted(world, request));
    await supplyCandidates(world, letter.id, [ADA]);
    await prepareNotice(world, step(letter.id));

    expect((await world.notices.get(letter.id, 'letter'))?.text?.includes('MATLAB')).toBe(listed);
  });

  it('given an approved software request late on the same day as the letter’s early exam, on the 25-hour day the clocks go back, then the letter lists its software', async () => {
    // Oslo leaves summer time at 03:00 on 31 October 2027: the two starts are 24 hours and 30 minutes apart, on one local day.
    const world = inMemoryWorld({ now: '2027-06-20T12:00:00.000Z' });
    const letter = await givenApproved(world, midterm(world, { exam: { ...examIn(world, 60), start: '2027-10-31T00:15:00+02:00' } }));
    await givenApproved(world, software(world, { exam: { ...examIn(world, 60, 'school'), start: '2027-10-31T23:45:00+01:00' } }));
    await supplyCandidates(world, letter.id, [ADA]);
    await prepareNotice(world, step(letter.id));

    expect((await world.notices.get(letter.id, 'letter'))?.text).toContain('MATLAB');
  });

  it('given an approved software request without candidates, then its notice lists its own software and no letter is missed', async () => {
    const { world, id } = await givenLetterDue([], software);
    await prepareNotice(world, step(id, 'software'));

    expect((await world.notices.get(id, 'software'))?.text).toContain('MATLAB');
    expect(actionsOf(await stored(world, id))).not.toContain('LETTER_WITHOUT_CANDIDATES');
  });

  it.each([
    ['a notice that does not exist', async () => undefined, 'nothing', 'unknown'],
    ['a registration that was cancelled', (w: World, id: string) => cancelRegistration(w, KARI, id, {}), 'letter', 'CANCELLED'],
  ])('given %s, then the step is skipped and nothing is fixed', async (_what, given, noticeId, skipped) => {
    const { world, id } = await givenLetterDue([ADA, BO, CY]);
    await given(world, id);

    expect(await prepareNotice(world, step(id, noticeId))).toEqual({ recipients: 0, skipped });
    expect(await world.notices.recipients(id, 'letter')).toEqual([]);
  });
});

describe('dispatchNotice', () => {
  it('given a prepared letter, then each candidate gets one mail, tagged back to the recipient, and the notice is sent', async () => {
    const { world, id } = await givenLetterPrepared();
    const notice = await world.notices.get(id, 'letter');

    expect(await dispatchNotice(world, step(id))).toEqual({ remaining: 0, waitSeconds: 0, sent: 3 });
    expect(world.mailer.sent.map((m) => m.to).sort()).toEqual([[ADA], [BO], [CY]]);
    for (const email of [ADA, BO, CY]) {
      const row = world.notices.recipientRow(id, 'letter', email);
      expect(row).toMatchObject({ status: 'sent', attempts: 1, messageId: expect.stringMatching(/^msg-/) });
      expect(world.mailer.to(email)).toMatchObject([{ subject: notice?.subject, tags: { registration: id, notice: 'letter', recipient: row?.hash } }]);
    }
    expect(await world.notices.get(id, 'letter')).toMatchObject({ status: 'SENT', sentAt: world.clock.iso() });
    expect((await stored(world, id)).history.at(-1)).toMatchObject({ action: 'NOTICE_SENT', details: { noticeId: 'letter', sent: 3, failed: 0 } });
  });

  it('given the letter was sent, when the step runs again, then no one gets a second mail', async () => {
    const { world, id } = await givenLetterPrepared();
    await dispatchNotice(world, step(id));

    expect(await dispatchNotice(world, step(id))).toEqual({ remaining: 0, waitSeconds: 0, sent: 0 });
    expect(world.mailer.sent).toHaveLength(3);
  });

  it.each([
    ['an SES throttle', awsError('TooManyRequestsException')],
    ['a 5xx answer', awsError('SomethingBroke', 502)],
  ])('given %s on one recipient, then the claim goes back, the error is rethrown, and the retry sends to that one only', async (_what, error) => {
    const { world, id } = await givenLetterPrepared();
    world.mailer.failWith(error, { to: BO });

    await expect(dispatchNotice(world, step(id))).rejects.toBe(error);
    expect(await statuses(world, id)).toEqual({ [ADA]: 'sent', [BO]: 'pending', [CY]: 'sent' });
    expect((await world.notices.get(id, 'letter'))?.status).toBe('SENDING');
    expect(actionsOf(await stored(world, id))).not.toContain('NOTICE_SENT');

    expect(await dispatchNotice(world, step(id))).toEqual({ remaining: 0, waitSeconds: 0, sent: 1 });
    expect([ADA, BO, CY].map((e) => world.mailer.to(e).length)).toEqual([1, 1, 1]);
  });

  it.each([
    ['the 24-hour quota used', awsError('LimitExceededException')],
    ['a throttle that names the daily quota', Object.assign(awsError('ThrottlingException'), { message: 'Daily message quota exceeded.' })],
    ['a paused sending account', awsError('SendingPausedException')],
    ['a suspended account', awsError('AccountSuspendedException')],
    ['an unverified MAIL FROM domain', awsError('MailFromDomainNotVerifiedException')],
  ])(
    'given SES stops taking the account’s mail (%s), then no one is failed: the notice waits an hour, as often as it takes, and then sends to the rest once each',
    async (_what, error) => {
      const { world, id } = await givenLetterPrepared();
      world.mailer.failWith(error, { to: BO, times: 3 });

      // Each run stops at the refusal, keeps the refused and the unsent pending, and asks for the long wait.
      for (let run = 0; run < 3; run++) {
        const result = await dispatchNotice(world, step(id));
        expect(result).toMatchObject({ waitSeconds: 3600, stoppedBy: error.name });
        expect(result.remaining).toBeGreaterThan(0);
        expect(Object.values(await statuses(world, id))).not.toContain('failed');
      }
      expect((await world.notices.get(id, 'letter'))?.status).toBe('SENDING');
      // The owner reads it once, not once per hour.
      const waiting = (await stored(world, id)).history.filter((h) => h.action === 'NOTICE_WAITING');
      expect(waiting).toEqual([expect.objectContaining({ details: expect.objectContaining({ noticeId: 'letter', reason: error.name }) })]);

      expect(await dispatchNotice(world, step(id))).toMatchObject({ remaining: 0, waitSeconds: 0 });
      expect(await statuses(world, id)).toEqual({ [ADA]: 'sent', [BO]: 'sent', [CY]: 'sent' });
      expect([ADA, BO, CY].map((e) => world.mailer.to(e).length)).toEqual([1, 1, 1]);
      expect(actionsOf(await stored(world, id))).toContain('NOTICE_SENT');
    },
  );

  it('given an address is rejected for good, then that recipient is failed with the reason, the rest are sent and the notice is done', async () => {
    const { world, id } = await givenLetterPrepared();
    world.mailer.failWith(awsError('MessageRejected'), { to: CY });

    expect(await dispatchNotice(world, step(id))).toEqual({ remaining: 0, waitSeconds: 0, sent: 2 });
    expect(world.notices.recipientRow(id, 'letter', CY)).toMatchObject({ status: 'failed', lastError: 'MessageRejected' });
    expect((await world.notices.get(id, 'letter'))?.status).toBe('SENT');
    expect((await stored(world, id)).history.at(-1)).toMatchObject({ action: 'NOTICE_SENT', details: { sent: 2, failed: 1 } });
  });

  it('given a sender died holding a claim longer ago than the stale limit, then the claim is taken over and that recipient is sent', async () => {
    const { world, id } = await givenLetterPrepared([ADA]);
    await claimedElsewhere(world, id, ADA);
    world.clock.advance({ seconds: world.config.STALE_CLAIM_SECONDS + 1 });

    expect((await dispatchNotice(world, step(id))).sent).toBe(1);
    expect(world.notices.recipientRow(id, 'letter', ADA)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(world.mailer.to(ADA)).toHaveLength(1);
  });

  it('given another sender holds a fresh claim, then that recipient is left to it and the step waits out the stale limit', async () => {
    const { world, id } = await givenLetterPrepared([ADA, BO]);
    await claimedElsewhere(world, id, ADA);
    world.clock.advance({ seconds: 30 });

    expect(await dispatchNotice(world, step(id))).toEqual({ remaining: 1, waitSeconds: 0, sent: 1 });
    expect(await dispatchNotice(world, step(id))).toEqual({ remaining: 1, waitSeconds: world.config.STALE_CLAIM_SECONDS, sent: 0 });
    expect(world.mailer.to(ADA)).toEqual([]);
  });

  it('given two dispatches run at once, then each recipient is sent exactly once', async () => {
    const { world, id } = await givenLetterPrepared();
    const [a, b] = await Promise.all([dispatchNotice(world, step(id)), dispatchNotice(world, step(id))]);

    expect(a.sent + b.sent).toBe(3);
    expect([ADA, BO, CY].map((e) => world.mailer.to(e).length)).toEqual([1, 1, 1]);
  });

  it('given a letter not prepared yet, then nothing is sent', async () => {
    const { world, id } = await givenLetterDue([ADA, BO, CY]);
    expect(await dispatchNotice(world, step(id))).toEqual({ remaining: 0, waitSeconds: 0, sent: 0 });
    expect(world.mailer.sent).toEqual([]);
  });

  it('given the registration was cancelled after its letter was prepared, then nothing is sent', async () => {
    const { world, id } = await givenLetterPrepared();
    await cancelRegistration(world, KARI, id, {});

    expect(await dispatchNotice(world, step(id))).toEqual({ remaining: 0, waitSeconds: 0, sent: 0 });
    expect(world.mailer.sent).toEqual([]);
  });

  it("given an incident notice prepared for the candidates, then the teacher's words go to each of them", async () => {
    const { world, id } = await givenLetterDue([ADA, BO]);
    const incident = await reportIncident(world, KARI, id, { message: 'Task 3 is wrong', phase: 'during' });
    const noticeId = `incident-${incident.id}`;
    await prepareNotice(world, step(id, noticeId));
    world.mailer.sent.length = 0;

    expect((await dispatchNotice(world, step(id, noticeId))).sent).toBe(2);
    expect(world.mailer.sent.every((m) => m.text.includes('Task 3 is wrong'))).toBe(true);
  });
});

describe('the rehearsal reminder of a software exam', () => {
  const TEACHER = 'kari.nordmann@example.edu';
  const IT = 'it-approvers@example.edu';
  const recordRehearsal = (world: World, id: string, result: 'tested' | 'failed', comment: string | null = null) => {
    const by = { sub: 'it-1', email: 'it@example.edu', name: 'Ivar IT' };
    return world.rehearsals.record(
      id,
      { result, comment, dueBy: null, recordedAt: world.clock.iso(), recordedBy: by },
      { at: world.clock.iso(), by, action: 'REHEARSAL_RECORDED', comment, details: { result } },
    );
  };
  /** An approved software request (the reminder scheduled at approval), the clock at the reminder. */
  const givenReminderDue = async (before?: (world: World, id: string) => Promise<void>) => {
    const world = inMemoryWorld();
    const r = await givenSubmitted(world, software(world));
    await before?.(world, r.id);
    for (const group of r.derived.approvers) await decide(world, r.id, group, 'approve');
    await closeRound(world, { registrationId: r.id, round: r.round });
    const notice = await world.notices.get(r.id, 'rehearsal');
    world.clock.set(notice?.scheduledFor ?? '');
    world.mailer.sent.length = 0;
    return { world, id: r.id };
  };

  it.each([
    { recorded: 'nothing', result: null, mailed: true, state: 'Rehearsal not done' },
    { recorded: 'a failure', result: 'failed' as const, mailed: true, state: 'Rehearsal failed' },
    { recorded: 'a test', result: 'tested' as const, mailed: false, state: null },
  ])('given $recorded was recorded, then the teacher and IT are mailed: $mailed', async ({ result, mailed, state }) => {
    const { world, id } = await givenReminderDue(result ? (w, i) => recordRehearsal(w, i, result, result === 'failed' ? 'Licence server <down>' : null) : undefined);

    expect(await prepareNotice(world, step(id, 'rehearsal'))).toEqual(mailed ? { recipients: 2 } : { recipients: 0, skipped: 'tested' });
    await dispatchNotice(world, step(id, 'rehearsal'));

    expect(world.mailer.to(TEACHER)).toHaveLength(mailed ? 1 : 0);
    expect(world.mailer.to(IT)).toHaveLength(mailed ? 1 : 0);
    if (!mailed) return;
    const mail = world.mailer.to(TEACHER)[0];
    expect(mail?.subject).toMatch(new RegExp(`^${state}: TDT4100`));
    // Both staff languages, the due date, and the link to the registration.
    expect(mail?.text).toContain('26 February 2027');
    expect(mail?.text).toContain('26. februar 2027');
    expect(mail?.text).toContain(`https://exams.example.edu/#/registrations/${id}`);
    if (result === 'failed') {
      expect(mail?.text).toContain('> Licence server <down>');
      expect(mail?.html).toContain('Licence server &lt;down&gt;');
    }
    expect((await stored(world, id)).history.at(-1)).toMatchObject({ action: 'NOTICE_SENT', details: { noticeId: 'rehearsal', sent: 2, failed: 0 } });
  });

  it('given the steps run again (a retry, a redelivery), then each is mailed once, and the students’ notice is untouched', async () => {
    const { world, id } = await givenReminderDue();
    await prepareNotice(world, step(id, 'rehearsal'));
    await dispatchNotice(world, step(id, 'rehearsal'));
    expect(await prepareNotice(world, step(id, 'rehearsal'))).toEqual({ recipients: 0 });
    await dispatchNotice(world, step(id, 'rehearsal'));

    expect(world.mailer.sent.map((m) => m.to.join()).sort()).toEqual([IT, TEACHER]);
    expect((await world.notices.summary(id, 'software')).notice).toMatchObject({ status: 'SCHEDULED' });
  });

  it('given the registration was cancelled before the reminder, then no one is mailed', async () => {
    const { world, id } = await givenReminderDue();
    await cancelRegistration(world, KARI, id, {});

    expect(await prepareNotice(world, step(id, 'rehearsal'))).toEqual({ recipients: 0, skipped: 'CANCELLED' });
    await dispatchNotice(world, step(id, 'rehearsal'));
    expect(world.mailer.sent).toHaveLength(0);
  });

  it('given a mid-term registration, then none is scheduled', async () => {
    const world = inMemoryWorld();
    const r = await givenApproved(world);
    expect(await world.notices.get(r.id, 'rehearsal')).toBeNull();
  });
});
