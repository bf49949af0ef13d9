import { describe, expect, it } from 'vitest';
import { ForbiddenError, ValidationError } from '../../../shared/errors';
import { submitRegistration } from '../../../shared/registrations/submit-registration';
import { type World, inMemoryWorld } from '../../support/in-memory';
import { invalidFields, rejectionOf } from '../../support/in-memory/assertions';
import { EVA, IVAR, KARI, actionsOf, examIn, midterm, software, stored } from '../../support/in-memory/scenarios';

describe('submitRegistration', () => {
  describe('given a member of staff and a valid mid-term form', () => {
    it('then the registration is stored pending approval in round 1, with a pending approval for ED and IT each', async () => {
      const world = inMemoryWorld();
      const r = await submitRegistration(world, KARI, midterm(world));

      const s = await stored(world, r.id);
      expect(s).toMatchObject({ id: 'id-0001', kind: 'midterm', status: 'PENDING_APPROVAL', round: 1, version: 1, owner: { sub: KARI.sub } });
      expect(s.createdAt).toBe(world.clock.iso());
      expect(s.approvals).toEqual(
        (['ED', 'IT'] as const).map((group) => ({
          group,
          round: 1,
          state: 'PENDING',
          requestedAt: world.clock.iso(),
          stage: 'initial',
          decidedAt: null,
          decidedBy: null,
          comment: null,
        })),
      );
    });

    it('then its history holds one SUBMITTED entry by the owner naming the approvers', async () => {
      const world = inMemoryWorld();
      const r = await submitRegistration(world, KARI, midterm(world));

      const s = await stored(world, r.id);
      expect(s.history).toEqual([
        {
          at: world.clock.iso(),
          by: { sub: KARI.sub, email: KARI.email, name: KARI.name },
          action: 'SUBMITTED',
          comment: null,
          details: { approvers: ['ED', 'IT'] },
        },
      ]);
    });

    it('then the approval workflow starts for round 1, once', async () => {
      const world = inMemoryWorld();
      const r = await submitRegistration(world, KARI, midterm(world));

      expect(world.workflow.started).toEqual([{ registrationId: r.id, round: 1 }]);
    });

    it('then the answer is the stored registration without its version counter', async () => {
      const world = inMemoryWorld();
      const r = await submitRegistration(world, KARI, midterm(world));

      const { version: _v, ...view } = await stored(world, r.id);
      expect(r).toEqual(view);
      expect(r).not.toHaveProperty('version');
    });
  });

  describe('when the form decides who approves (R3)', () => {
    it.each([
      ['a mid-term registration', ['ED', 'IT'], (w: World) => midterm(w)],
      ['a software request for a school exam', ['IT'], (w: World) => software(w)],
      ['a software request for a home exam', ['IT'], (w: World) => software(w, { exam: examIn(w, 60, 'home') })],
      [
        'a software request for a school exam with external addresses',
        ['ED', 'IT'],
        (w: World) => software(w, { questionSet: { uploadAssignments: 1, handDrawings: false, zipSubmission: false, externalUrls: ['https://lovdata.no'] } }),
      ],
    ])('then %s waits for %j', async (_what, groups, body) => {
      const world = inMemoryWorld();
      const r = await submitRegistration(world, KARI, body(world));

      expect(r.derived.approvers).toEqual(groups);
      expect((await stored(world, r.id)).approvals.map((a) => a.group)).toEqual(groups);
    });
  });

  describe('given a caller who is not staff', () => {
    it.each([
      ['an IT approver', IVAR],
      ['an ED approver', EVA],
    ])('when %s submits, then ForbiddenError and nothing is stored or started', async (_who, who) => {
      const world = inMemoryWorld();
      await rejectionOf(submitRegistration(world, who, midterm(world)), ForbiddenError);

      expect(world.state.partitions.size).toBe(0);
      expect(world.workflow.started).toEqual([]);
    });
  });

  describe('given a form that breaks the schema', () => {
    it.each([
      ['no course', 'course', (w: World) => ({ ...midterm(w), course: undefined })],
      ['a malformed course code', 'course.code', (w: World) => midterm(w, { course: { code: 'T1', name: 'X' } })],
      ['an exam of 10 minutes', 'exam.durationMinutes', (w: World) => midterm(w, { exam: { ...examIn(w, 60), durationMinutes: 10 } })],
      ['an invalid contact address', 'contact.email', (w: World) => ({ ...midterm(w), contact: { name: 'K', email: 'not-an-address', phone: null } })],
      ['an unknown field', 'colour', (w: World) => ({ ...midterm(w), colour: 'blue' })],
      ['a software request without software', 'software', (w: World) => software(w, { software: [] })],
    ])('when it has %s, then ValidationError on %s and nothing is stored', async (_what, path, body) => {
      const world = inMemoryWorld();
      expect(await invalidFields(submitRegistration(world, KARI, body(world)))).toContain(path);

      expect(world.state.partitions.size).toBe(0);
      expect(world.workflow.started).toEqual([]);
    });
  });

  describe("given a contact address outside the staff's mail domains", () => {
    it.each([
      ['a private address', 'kari@gmail.com'],
      ['a student address', 'kari@stud.example.edu.evil.com'],
      ['a look-alike domain', 'kari@notexample.edu'],
    ])('when it is %s, then ValidationError OUTSIDE_MAIL_DOMAINS on contact.email and nothing is stored', async (_what, email) => {
      const world = inMemoryWorld();
      const body = midterm(world, { contact: { name: 'Kari Nordmann', email, phone: null } });
      const error = await rejectionOf(submitRegistration(world, KARI, body), ValidationError);
      expect(error.errors).toContainEqual({ path: 'contact.email', code: 'OUTSIDE_MAIL_DOMAINS', params: { domains: 'example.edu' }, message: expect.any(String) });
      expect(world.state.partitions.size).toBe(0);
      expect(world.workflow.started).toEqual([]);
    });

    it('when it is in a subdomain of a staff domain, then the registration is taken', async () => {
      const world = inMemoryWorld();
      const r = await submitRegistration(world, KARI, midterm(world, { contact: { name: 'Kari Nordmann', email: 'kari@idi.example.edu', phone: null } }));
      expect(r.status).toBe('PENDING_APPROVAL');
    });
  });

  describe('given a form that breaks a domain rule', () => {
    it.each([
      ['an exam in 5 days (R1: 14 days lead time)', 'exam.start', (w: World) => midterm(w, { exam: examIn(w, 5) })],
      ['a mid-term home exam of 7 hours (R1)', 'exam.durationMinutes', (w: World) => midterm(w, { exam: examIn(w, 60, 'home', 420) })],
      [
        'a mid-term exam in the spring main exam period (R2)',
        'exam.start',
        (w: World) => midterm(w, { exam: { ...examIn(w, 60), start: '2027-05-20T09:00:00+02:00' } }),
      ],
      [
        'hand drawings on a home exam without upload assignments (R5)',
        'questionSet.uploadAssignments',
        (w: World) => midterm(w, { questionSet: { uploadAssignments: 0, handDrawings: true, zipSubmission: false, externalUrls: [] } }),
      ],
    ])('when it has %s, then ValidationError on %s alone and nothing is stored', async (_what, path, body) => {
      const world = inMemoryWorld();
      const error = await rejectionOf(submitRegistration(world, KARI, body(world)), ValidationError);

      expect(error.errors.map((e) => e.path)).toEqual([path]);
      expect(world.state.partitions.size).toBe(0);
    });
  });

  describe('given the workflow cannot start', () => {
    it('then the error reaches the caller and every stored item of the registration is removed again', async () => {
      const world = inMemoryWorld();
      const outage = new Error('Step Functions is down');
      world.workflow.failStartWith(outage);

      await expect(submitRegistration(world, KARI, midterm(world))).rejects.toBe(outage);

      expect(await world.registrations.get('id-0001')).toBeNull();
      expect(world.state.peek('id-0001')).toBeUndefined();
    });

    it('then a later submission is stored and started normally', async () => {
      const world = inMemoryWorld();
      world.workflow.failStartWith(new Error('throttled'));
      await expect(submitRegistration(world, KARI, midterm(world))).rejects.toThrow('throttled');

      const r = await submitRegistration(world, KARI, midterm(world));
      expect(actionsOf(await stored(world, r.id))).toEqual(['SUBMITTED']);
      expect(world.workflow.started).toEqual([{ registrationId: r.id, round: 1 }]);
    });
  });
});
