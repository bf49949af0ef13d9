import { describe, expect, it } from 'vitest';
import { recordDeliveryEvent } from '../../../shared/notices/delivery-events';
import { dispatchNotice, prepareNotice } from '../../../shared/notices/dispatch';
import { type World, awsError } from '../../support/in-memory';
import { givenLetterDue } from '../../support/in-memory/scenarios';

const [ADA, BO] = ['ada@stud.example.edu', 'bo@stud.example.edu'] as const;

/** The letter went to Ada; Bo's send is still to come (his claim went back after a throttle). */
const givenLetterSentToAda = async () => {
  const { world, id } = await givenLetterDue([ADA, BO]);
  await prepareNotice(world, { registrationId: id, noticeId: 'letter' });
  world.mailer.failWith(awsError('ThrottlingException'), { to: BO });
  await dispatchNotice(world, { registrationId: id, noticeId: 'letter' }).catch(() => undefined);
  world.clock.advance({ minutes: 10 });
  const hashOf = (email: string) => world.notices.recipientRow(id, 'letter', email)?.hash ?? '';
  return { world, id, hashOf };
};

/** An SES event as it arrives through SNS, tagged like every student e-mail. */
const sesEvent = (eventType: string, tags: { registration: string; notice: string; recipient: string }, bounceType?: string) => ({
  eventType,
  mail: { messageId: 'msg-1', tags: { registration: [tags.registration], notice: [tags.notice], recipient: [tags.recipient] } },
  ...(bounceType ? { bounce: { bounceType, bouncedRecipients: [] } } : {}),
});

const statusOf = (world: World, id: string, email: string) => world.notices.recipientRow(id, 'letter', email);

describe('recordDeliveryEvent', () => {
  describe('given a recipient the letter was sent to', () => {
    it.each([
      ['a permanent bounce', 'Bounce', 'Permanent', 'bounced'],
      ['a complaint', 'Complaint', undefined, 'complained'],
      ['a rejection after SES accepted it (a virus)', 'Reject', undefined, 'failed'],
      ['a rendering failure', 'Rendering Failure', undefined, 'failed'],
    ] as const)('when %s arrives, then the recipient is marked so, with the time', async (_what, type, bounceType, status) => {
      const { world, id, hashOf } = await givenLetterSentToAda();
      const outcome = await recordDeliveryEvent(world, sesEvent(type, { registration: id, notice: 'letter', recipient: hashOf(ADA) }, bounceType));

      expect(outcome).toBe(status);
      expect(statusOf(world, id, ADA)).toMatchObject({ status, updatedAt: world.clock.iso() });
      expect((await world.notices.counts(id, 'letter'))[status]).toBe(1);
    });

    it.each([
      ['a transient bounce', sesEvent('Bounce', { registration: 'R', notice: 'letter', recipient: 'H' }, 'Transient')],
      ['a delivery', sesEvent('Delivery', { registration: 'R', notice: 'letter', recipient: 'H' })],
      ['an open', sesEvent('Open', { registration: 'R', notice: 'letter', recipient: 'H' })],
      ['a delivery delay', sesEvent('DeliveryDelay', { registration: 'R', notice: 'letter', recipient: 'H' })],
    ])('when %s arrives, then it is ignored and the recipient stays sent', async (_what, template) => {
      const { world, id, hashOf } = await givenLetterSentToAda();
      const event = { ...template, mail: { tags: { registration: [id], notice: ['letter'], recipient: [hashOf(ADA)] } } };

      expect(await recordDeliveryEvent(world, event)).toBe('ignored');
      expect(statusOf(world, id, ADA)?.status).toBe('sent');
    });

    it('when a complaint follows a bounce, then the complaint is recorded', async () => {
      const { world, id, hashOf } = await givenLetterSentToAda();
      const tags = { registration: id, notice: 'letter', recipient: hashOf(ADA) };
      await recordDeliveryEvent(world, sesEvent('Bounce', tags, 'Permanent'));

      expect(await recordDeliveryEvent(world, sesEvent('Complaint', tags))).toBe('complained');
      expect(statusOf(world, id, ADA)?.status).toBe('complained');
    });

    it('when a bounce follows a complaint, then it is ignored and the complaint stands', async () => {
      const { world, id, hashOf } = await givenLetterSentToAda();
      const tags = { registration: id, notice: 'letter', recipient: hashOf(ADA) };
      await recordDeliveryEvent(world, sesEvent('Complaint', tags));

      expect(await recordDeliveryEvent(world, sesEvent('Bounce', tags, 'Permanent'))).toBe('ignored');
      expect(statusOf(world, id, ADA)?.status).toBe('complained');
    });
  });

  describe('given a recipient that bounced', () => {
    it('when a rejection follows, then it is ignored: only a sent message can fail afterwards', async () => {
      const { world, id, hashOf } = await givenLetterSentToAda();
      const tags = { registration: id, notice: 'letter', recipient: hashOf(ADA) };
      await recordDeliveryEvent(world, sesEvent('Bounce', tags, 'Permanent'));

      expect(await recordDeliveryEvent(world, sesEvent('Reject', tags))).toBe('ignored');
      expect(statusOf(world, id, ADA)?.status).toBe('bounced');
    });
  });

  describe('given an event that does not lead to a sent recipient', () => {
    it('when it names a recipient not sent yet, then it is ignored and the recipient stays pending', async () => {
      const { world, id, hashOf } = await givenLetterSentToAda();
      expect(await recordDeliveryEvent(world, sesEvent('Complaint', { registration: id, notice: 'letter', recipient: hashOf(BO) }))).toBe('ignored');
      expect(statusOf(world, id, BO)?.status).toBe('pending');
    });

    it.each([
      ['an unknown recipient', (id: string) => ({ registration: id, notice: 'letter', recipient: 'f'.repeat(32) })],
      ['another notice', (id: string) => ({ registration: id, notice: 'software', recipient: 'f'.repeat(32) })],
      ['an unknown registration', () => ({ registration: 'nobody', notice: 'letter', recipient: 'f'.repeat(32) })],
    ])('when it names %s, then it is ignored and nothing changes', async (_what, tags) => {
      const { world, id } = await givenLetterSentToAda();
      const before = await world.notices.counts(id, 'letter');

      expect(await recordDeliveryEvent(world, sesEvent('Complaint', tags(id)))).toBe('ignored');
      expect(await world.notices.counts(id, 'letter')).toEqual(before);
    });

    it.each([
      ['an approver e-mail (no recipient tag)', { eventType: 'Complaint', mail: { tags: { registration: ['R'], kind: ['approval-initial'] } } }],
      ['an event without tags', { eventType: 'Bounce', mail: {}, bounce: { bounceType: 'Permanent' } }],
      ['something that is not an SES event', 'hello'],
    ])('when it is %s, then it is ignored', async (_what, raw) => {
      const { world, id } = await givenLetterSentToAda();
      const before = await world.notices.counts(id, 'letter');

      expect(await recordDeliveryEvent(world, raw)).toBe('ignored');
      expect(await world.notices.counts(id, 'letter')).toEqual(before);
    });
  });
});
