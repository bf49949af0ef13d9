import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, TooManyRequestsError } from '../../../shared/errors';
import { reportIncident } from '../../../shared/notices/incidents';
import { cancelRegistration } from '../../../shared/registrations/cancel-registration';
import { APPROVER_ADDRESSES, type World, awsError, inMemoryWorld } from '../../support/in-memory';
import { invalidFields, refusals, rejectionOf } from '../../support/in-memory/assertions';
import { IVAR, KARI, OLA, examIn, givenApprovedWith, givenSubmitted, incidentsOf, midterm, software, stored } from '../../support/in-memory/scenarios';

const MESSAGE = 'Task 3 should read "at most 2 pages", not 20.';
const report = (world: World, id: string, phase: 'before-start' | 'during', message = MESSAGE) => reportIncident(world, KARI, id, { message, phase });

/** An approved exam with three candidates on its list. */
const givenUnderWay = (body?: (w: World) => Record<string, unknown>) =>
  givenApprovedWith(['ada@stud.example.edu', 'bo@stud.example.edu', 'cy@stud.example.edu'], body);

describe('reportIncident', () => {
  describe('given an error found before the exam starts', () => {
    it('when the owner reports it, then it is stored for the planner with a history entry, and the owner is mailed what to do', async () => {
      const world = inMemoryWorld();
      const r = await givenSubmitted(world);
      world.clock.advance({ days: 2 });
      const incident = await report(world, r.id, 'before-start');

      expect(incident).toEqual({
        id: 'id-0002',
        route: 'PLANNER',
        phase: 'before-start',
        message: MESSAGE,
        createdAt: world.clock.iso(),
        createdBy: { sub: KARI.sub, email: KARI.email, name: KARI.name },
        notifiedCandidates: 0,
        extraTime: null,
      });
      const after = await stored(world, r.id);
      expect(await incidentsOf(world, r.id)).toEqual([incident]);
      expect(after.history.at(-1)).toMatchObject({ action: 'INCIDENT_REPORTED', details: { incidentId: incident.id, route: 'PLANNER', phase: 'before-start' } });
      expect(world.mailer.sent).toMatchObject([
        { to: [KARI.email], subject: 'Error in the question set: TDT4100 (before the exam)', tags: { registration: r.id, kind: 'incident' } },
        {
          to: ['planner-idi@example.edu'],
          subject: 'Update the test: TDT4100 home exam 5 Mar 2027 (error in the question set)',
          tags: { registration: r.id, kind: 'incident-planner' },
        },
      ]);
      expect(world.mailer.sent[1]?.text).toContain(MESSAGE);
    });

    it('when the department has no planner of its own, then the default planner is mailed', async () => {
      const world = inMemoryWorld();
      const r = await givenSubmitted(world, midterm(world, { department: 'IMF' }));
      await report(world, r.id, 'before-start');

      expect(world.mailer.sent.map((m) => [m.to, m.tags?.kind])).toEqual([
        [[KARI.email], 'incident'],
        [['planner@example.edu'], 'incident-planner'],
      ]);
    });

    it("when the form names another contact address, then the owner's mail goes to the authenticated submitter, never to the form's contact", async () => {
      const world = inMemoryWorld();
      const r = await givenSubmitted(world, midterm(world, { contact: { name: 'Someone Else', email: 'someone.else@example.edu', phone: '+47 73 59 00 01' } }));
      await report(world, r.id, 'before-start');

      const recipients = world.mailer.sent.flatMap((m) => m.to);
      expect(recipients).toEqual([KARI.email, 'planner-idi@example.edu']);
      expect(recipients).not.toContain('someone.else@example.edu');
    });

    it('when the owner reports it, then no candidate is notified and no notice starts', async () => {
      const { world, id } = await givenUnderWay();
      const incident = await report(world, id, 'before-start');

      expect(incident.notifiedCandidates).toBe(0);
      expect(world.workflow.noticesStarted).toEqual([]);
      expect([...(world.state.peek(id)?.notices.keys() ?? [])]).toEqual(['letter']);
    });
  });

  describe('given an error found during an approved exam', () => {
    it.each([
      ['a school exam', 'IT_ED', (w: World) => software(w), [...APPROVER_ADDRESSES.IT, ...APPROVER_ADDRESSES.ED]],
      ['a home exam of 4 hours', 'IT_ED', (w: World) => midterm(w), [...APPROVER_ADDRESSES.IT, ...APPROVER_ADDRESSES.ED]],
      ['a home exam of 7 hours', 'DEPARTMENT', (w: World) => software(w, { exam: examIn(w, 60, 'home', 420) }), ['kari.nordmann@example.edu']],
    ])('when it is %s, then the incident goes the %s route and its handlers are mailed', async (_what, route, body, to) => {
      const { world, id } = await givenUnderWay(body);
      const incident = await report(world, id, 'during');

      expect(incident.route).toBe(route);
      expect(world.mailer.sent.map((m) => m.to)).toEqual([to]);
    });

    it("when the owner reports it, then a notice with the teacher's words is fixed for every candidate and the notice workflow starts", async () => {
      const { world, id, r } = await givenUnderWay();
      const incident = await report(world, id, 'during');
      const noticeId = `incident-${incident.id}`;

      expect(incident.notifiedCandidates).toBe(3);
      const notice = await world.notices.get(id, noticeId);
      expect(notice).toMatchObject({ noticeId, kind: 'incident', status: 'SENDING', scheduledFor: incident.createdAt });
      expect(notice?.text).toContain(MESSAGE);
      expect(notice?.subject).toContain(r.form.course.code);
      expect(world.workflow.noticesStarted).toEqual([{ registrationId: id, noticeId }]);
    });
  });

  describe('given the report cannot be taken', () => {
    it('when the exam is only pending approval and the error is reported as during it, then ConflictError', async () => {
      const world = inMemoryWorld();
      const r = await givenSubmitted(world);
      const error = await rejectionOf(report(world, r.id, 'during'), ConflictError);
      expect(error.message).toBe('Only an approved exam can be under way');
    });

    it.each(['before-start', 'during'] as const)('when the registration is cancelled (%s), then ConflictError and nothing is stored or mailed', async (phase) => {
      const { world, id } = await givenUnderWay();
      await cancelRegistration(world, KARI, id, {});

      await rejectionOf(report(world, id, phase), ConflictError);
      expect(await incidentsOf(world, id)).toBeUndefined();
      expect(world.mailer.sent).toEqual([]);
    });

    it.each(
      refusals([
        ['another member of staff (cannot see it)', OLA, NotFoundError],
        ['an approver (can see it)', IVAR, ForbiddenError],
      ]),
    )('when %s reports, then %s and nothing is mailed', async (_who, _error, who, error) => {
      const { world, id } = await givenUnderWay();
      await rejectionOf(reportIncident(world, who, id, { message: MESSAGE, phase: 'during' }), error);
      expect(world.mailer.sent).toEqual([]);
    });

    it.each([
      ['an empty message', ['message'], { message: '  ', phase: 'during' }],
      ['an unknown phase', ['phase'], { message: MESSAGE, phase: 'after' }],
      ['a message over 5000 characters', ['message'], { message: 'x'.repeat(5001), phase: 'during' }],
    ])('when the body has %s, then ValidationError on %s', async (_what, paths, body) => {
      const { world, id } = await givenUnderWay();
      expect(await invalidFields(reportIncident(world, KARI, id, body))).toEqual(paths);
    });
  });

  describe('given many reports in a short time', () => {
    it('when one registration has had its limit in the window, then TooManyRequestsError with the seconds left, nothing is stored or mailed, and the next window takes reports again', async () => {
      const world = inMemoryWorld({ limits: { INCIDENT_LIMIT_PER_REGISTRATION: '2', INCIDENT_LIMIT_WINDOW_SECONDS: '3600' } });
      const r = await givenSubmitted(world);
      world.clock.set('2027-01-05T10:15:00.000Z');
      await report(world, r.id, 'before-start');
      await report(world, r.id, 'before-start');
      world.mailer.sent.length = 0;

      const error = await rejectionOf(report(world, r.id, 'before-start'), TooManyRequestsError);
      expect(error).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 45 * 60 });
      expect(await incidentsOf(world, r.id)).toHaveLength(2);
      expect(world.mailer.sent).toEqual([]);

      world.clock.set('2027-01-05T11:00:00.000Z');
      await report(world, r.id, 'before-start');
      expect(await incidentsOf(world, r.id)).toHaveLength(3);
    });

    it('when the limit of one registration is reached, then another registration of the same owner still takes reports', async () => {
      const world = inMemoryWorld({ limits: { INCIDENT_LIMIT_PER_REGISTRATION: '1' } });
      const a = await givenSubmitted(world);
      const b = await givenSubmitted(world);
      await report(world, a.id, 'before-start');

      await rejectionOf(report(world, a.id, 'before-start'), TooManyRequestsError);
      await report(world, b.id, 'before-start');
      expect(await incidentsOf(world, b.id)).toHaveLength(1);
    });

    it('when one user has reported their limit across registrations, then TooManyRequestsError on any registration, with at least one second to wait', async () => {
      const world = inMemoryWorld({ limits: { INCIDENT_LIMIT_PER_USER: '2', INCIDENT_LIMIT_WINDOW_SECONDS: '60' } });
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push((await givenSubmitted(world)).id);
      world.clock.set('2027-01-05T10:15:59.500Z');
      await report(world, ids[0] as string, 'before-start');
      await report(world, ids[1] as string, 'before-start');

      const error = await rejectionOf(report(world, ids[2] as string, 'before-start'), TooManyRequestsError);
      expect(error.retryAfterSeconds).toBe(1);
      expect(await incidentsOf(world, ids[2] as string)).toBeUndefined();
    });
  });

  describe("given the handlers' mail cannot be sent", () => {
    it('then the error reaches the caller and nothing is stored, so the retry records it once', async () => {
      const { world, id } = await givenUnderWay();
      world.mailer.failWith(awsError('ServiceUnavailable', 503));

      await expect(report(world, id, 'during')).rejects.toThrow('ServiceUnavailable');
      expect(await incidentsOf(world, id)).toBeUndefined();
      expect(world.workflow.noticesStarted).toEqual([]);

      await report(world, id, 'during');
      expect(await incidentsOf(world, id)).toHaveLength(1);
      expect(world.workflow.noticesStarted).toHaveLength(1);
    });
  });
});
