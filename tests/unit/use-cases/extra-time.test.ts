import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../shared/errors';
import { decideExtraTime } from '../../../shared/notices/extra-time';
import { reportIncident } from '../../../shared/notices/incidents';
import type { Principal } from '../../../shared/rules/principal';
import { type World, inMemoryWorld } from '../../support/in-memory';
import { exactlyOneWins, invalidFields, rejectionOf } from '../../support/in-memory/assertions';
import { BO, EVA, IVAR, KARI, OLA, actionsOf, examIn, givenApproved, incidentsOf, software, stored } from '../../support/in-memory/scenarios';

/** An approved exam with an incident reported in `phase`; a home exam of 4 hours goes to IT and ED, a longer one to the department. */
const givenIncident = async (phase: 'before-start' | 'during' = 'during', body?: (w: World) => Record<string, unknown>) => {
  const world = inMemoryWorld();
  const r = await givenApproved(world, body?.(world));
  const incident = await reportIncident(world, KARI, r.id, { message: 'Task 3 is wrong', phase });
  world.clock.advance({ minutes: 20 });
  return { world, id: r.id, incident };
};
const longHomeExam = (w: World) => software(w, { exam: examIn(w, 60, 'home', 420) });

const decideFor = (world: World, who: Principal, id: string, incidentId: string, body: unknown = { minutes: 20 }) =>
  decideExtraTime(world, who, id, incidentId, body);

describe('decideExtraTime', () => {
  describe('given an error during a 4-hour home exam (IT and ED handle it)', () => {
    it('when an IT approver records 20 minutes, then the incident holds the decision and the history notes it', async () => {
      const { world, id, incident } = await givenIncident();
      const answer = await decideFor(world, IVAR, id, incident.id, { minutes: 20, comment: 'Agreed with the teacher' });

      const extraTime = {
        minutes: 20,
        decidedBy: { sub: IVAR.sub, email: IVAR.email, name: IVAR.name },
        decidedAt: world.clock.iso(),
        comment: 'Agreed with the teacher',
      };
      expect(answer).toEqual({ ...incident, extraTime });
      expect(await incidentsOf(world, id)).toEqual([{ ...incident, extraTime }]);
      expect((await stored(world, id)).history.at(-1)).toMatchObject({
        action: 'EXTRA_TIME_DECIDED',
        comment: 'Agreed with the teacher',
        details: { incidentId: incident.id, minutes: 20 },
      });
    });

    it.each([
      ['an ED approver', EVA],
      ['a member of both groups', BO],
    ])('when %s records it, then it is recorded', async (_who, who) => {
      const { world, id, incident } = await givenIncident();
      await decideFor(world, who, id, incident.id, { minutes: 0 });

      expect((await incidentsOf(world, id))?.[0]?.extraTime).toMatchObject({ minutes: 0, decidedBy: { sub: who.sub }, comment: null });
    });

    it('when the owner records it, then ForbiddenError (IT or ED decides)', async () => {
      const { world, id, incident } = await givenIncident();
      await rejectionOf(decideFor(world, KARI, id, incident.id), ForbiddenError);
      expect((await incidentsOf(world, id))?.[0]?.extraTime).toBeNull();
    });

    it('when it was recorded already, then ConflictError and the first decision stands', async () => {
      const { world, id, incident } = await givenIncident();
      await decideFor(world, IVAR, id, incident.id, { minutes: 20 });

      await rejectionOf(decideFor(world, EVA, id, incident.id, { minutes: 30 }), ConflictError);
      expect((await incidentsOf(world, id))?.[0]?.extraTime?.minutes).toBe(20);
      expect(actionsOf(await stored(world, id)).filter((a) => a === 'EXTRA_TIME_DECIDED')).toHaveLength(1);
    });

    it('when IT and ED record it at the same moment, then exactly one decision is recorded and the other gets ConflictError', async () => {
      const { world, id, incident } = await givenIncident();
      await exactlyOneWins([decideFor(world, IVAR, id, incident.id, { minutes: 20 }), decideFor(world, EVA, id, incident.id, { minutes: 30 })], ConflictError);

      expect(actionsOf(await stored(world, id)).filter((a) => a === 'EXTRA_TIME_DECIDED')).toHaveLength(1);
    });
  });

  describe('given an error during a school exam of a software request that only IT approves (R8: IT and ED handle it)', () => {
    it('when an ED approver, who had no part in approving it, records 15 minutes, then it is recorded', async () => {
      const { world, id, incident } = await givenIncident('during', software);
      expect(incident.route).toBe('IT_ED');
      expect((await stored(world, id)).derived.approvers).toEqual(['IT']);

      const answer = await decideFor(world, EVA, id, incident.id, { minutes: 15 });
      expect(answer.extraTime).toMatchObject({ minutes: 15, decidedBy: { sub: EVA.sub } });
      expect((await incidentsOf(world, id))?.[0]?.extraTime).toMatchObject({ minutes: 15, decidedBy: { sub: EVA.sub } });
      expect(actionsOf(await stored(world, id)).at(-1)).toBe('EXTRA_TIME_DECIDED');
    });

    it('when the error was found before the start (the planner handles it), then an ED approver cannot see the registration: NotFoundError', async () => {
      const { world, id, incident } = await givenIncident('before-start', software);
      await rejectionOf(decideFor(world, EVA, id, incident.id), NotFoundError);
    });
  });

  describe('given an error during a home exam over 6 hours (the department handles it)', () => {
    it('when the owner records it, then it is recorded', async () => {
      const { world, id, incident } = await givenIncident('during', longHomeExam);
      expect(incident.route).toBe('DEPARTMENT');

      await decideFor(world, KARI, id, incident.id, { minutes: 45 });
      expect((await incidentsOf(world, id))?.[0]?.extraTime).toMatchObject({ minutes: 45, decidedBy: { sub: KARI.sub } });
    });

    it('when an IT approver records it, then ForbiddenError', async () => {
      const { world, id, incident } = await givenIncident('during', longHomeExam);
      await rejectionOf(decideFor(world, IVAR, id, incident.id), ForbiddenError);
    });
  });

  it('given an error found before the start, when extra time is recorded, then ConflictError (none is needed)', async () => {
    const { world, id, incident } = await givenIncident('before-start');
    await rejectionOf(decideFor(world, IVAR, id, incident.id), ConflictError);
    expect((await incidentsOf(world, id))?.[0]?.extraTime).toBeNull();
  });

  it.each([
    ['an incident that does not exist', IVAR, 'same', 'id-9999'],
    ['a registration that does not exist', IVAR, 'missing', 'same'],
    ['a caller who cannot see the registration', OLA, 'same', 'same'],
  ])('given %s, when extra time is recorded, then NotFoundError', async (_what, who, reg, inc) => {
    const { world, id, incident } = await givenIncident();
    await rejectionOf(decideFor(world, who, reg === 'same' ? id : reg, inc === 'same' ? incident.id : inc), NotFoundError);
  });

  it.each([
    ['negative minutes', { minutes: -5 }],
    ['more than 240 minutes', { minutes: 241 }],
    ['a fraction of a minute', { minutes: 2.5 }],
    ['no minutes', { comment: 'x' }],
  ])('given %s, when recorded, then ValidationError on minutes and nothing is recorded', async (_what, body) => {
    const { world, id, incident } = await givenIncident();
    expect(await invalidFields(decideFor(world, IVAR, id, incident.id, body))).toEqual(['minutes']);
    expect((await incidentsOf(world, id))?.[0]?.extraTime).toBeNull();
  });
});
