import { describe, expect, it } from 'vitest';
import { closeRound } from '../../../shared/approvals/approval-steps';
import type { Candidate } from '../../../shared/contracts/student-notices';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../shared/errors';
import { replaceCandidates } from '../../../shared/notices/candidates';
import { cancelRegistration } from '../../../shared/registrations/cancel-registration';
import { personalDataExpiry } from '../../../shared/rules/retention';
import { type World, inMemoryWorld } from '../../support/in-memory';
import { invalidFields, refusals, rejectionOf } from '../../support/in-memory/assertions';
import { EVA, KARI, OLA, actionsOf, decide, givenApproved, givenSubmitted, software, stored } from '../../support/in-memory/scenarios';

const students = (...names: string[]): Candidate[] => names.map((n) => ({ email: `${n}@stud.example.edu`, name: n }));
const put = (world: World, id: string, candidates: Candidate[]) => replaceCandidates(world, KARI, id, { candidates });
const emailsOn = async (world: World, id: string) => (await world.candidates.list(id)).map((c) => c.email).sort();

/** The letter's recipients are fixed (the notice workflow's prepare step ran). */
const letterStarted = async (world: World, id: string) => {
  const r = await stored(world, id);
  await world.notices.snapshot(id, { noticeId: 'letter', kind: 'letter', scheduledFor: null, expiresAt: 0, subject: 's', text: 't', html: 'h' }, []);
  return r;
};

const givenPending = async () => {
  const world = inMemoryWorld();
  const r = await givenSubmitted(world);
  return { world, id: r.id };
};

describe('replaceCandidates', () => {
  describe('given a registration pending approval', () => {
    it('when the owner supplies candidates, then the list is stored with its count, and the history notes it', async () => {
      const { world, id } = await givenPending();
      const answer = await put(world, id, students('ada', 'bo', 'cy'));

      expect(await emailsOn(world, id)).toEqual(['ada@stud.example.edu', 'bo@stud.example.edu', 'cy@stud.example.edu']);
      expect(await world.candidates.current(id)).toEqual({ version: expect.any(String), count: 3, updatedAt: world.clock.iso() });
      expect((await stored(world, id)).history.at(-1)).toMatchObject({ action: 'CANDIDATES_REPLACED', by: { sub: KARI.sub }, details: { count: 3, folded: 0 } });
      expect(answer).toEqual({
        folded: 0,
        studentNotice: {
          letter: { status: 'NOT_SCHEDULED', scheduledFor: null, counts: { pending: 0, sent: 0, bounced: 0, complained: 0, failed: 0 } },
          candidates: 3,
        },
      });
    });

    it('when addresses differ only in case, then the first is kept and the answer says how many were folded', async () => {
      const { world, id } = await givenPending();
      const answer = await put(world, id, [{ email: 'Ada@Stud.example.edu', name: 'Ada' }, { email: 'ada@stud.example.edu' }, ...students('bo')]);

      expect(answer.folded).toBe(1);
      expect(await world.candidates.list(id)).toContainEqual({ email: 'Ada@Stud.example.edu', name: 'Ada' });
      expect(await world.candidates.current(id)).toMatchObject({ count: 2 });
    });

    it('when the list is replaced, then the new list stands whole and the old one is deleted', async () => {
      const { world, id } = await givenPending();
      await put(world, id, students('ada', 'bo'));
      world.clock.advance({ minutes: 5 });
      await put(world, id, students('cy'));

      expect(await emailsOn(world, id)).toEqual(['cy@stud.example.edu']);
      expect(world.candidates.versionsStored(id)).toBe(1);
      expect(actionsOf(await stored(world, id)).filter((a) => a === 'CANDIDATES_REPLACED')).toHaveLength(2);
    });

    it('when the list is emptied, then no candidates remain', async () => {
      const { world, id } = await givenPending();
      await put(world, id, students('ada'));
      await put(world, id, []);

      expect(await world.candidates.list(id)).toEqual([]);
      expect(await world.candidates.current(id)).toMatchObject({ count: 0 });
    });

    it('then the candidates are personal data that expire after the exam plus the retention', async () => {
      const { world, id } = await givenPending();
      await put(world, id, students('ada'));

      const exam = (await stored(world, id)).form.exam;
      expect(world.state.peek(id)?.candidatePointer?.expiresAt).toBe(personalDataExpiry(exam, world.retentionDays));
    });
  });

  describe('given an approved registration', () => {
    it('when the letter is only scheduled, then the list is taken and the answer shows the scheduled letter', async () => {
      const world = inMemoryWorld();
      const r = await givenApproved(world);
      const answer = await put(world, r.id, students('ada'));

      expect(answer.studentNotice.letter).toMatchObject({ status: 'SCHEDULED', scheduledFor: r.derived.studentInfoDueBy });
      expect(answer.studentNotice.candidates).toBe(1);
    });

    it('when the letter has started, then ConflictError and the list stays as it was', async () => {
      const world = inMemoryWorld();
      const r = await givenApproved(world);
      await put(world, r.id, students('ada'));
      await letterStarted(world, r.id);

      await rejectionOf(put(world, r.id, students('bo')), ConflictError);
      expect(await emailsOn(world, r.id)).toEqual(['ada@stud.example.edu']);
    });

    it('when it is a software request whose notice went out, then the list can still change (its notice goes again to those added)', async () => {
      const world = inMemoryWorld();
      const r = await givenApproved(world, software(world));
      await world.notices.snapshot(r.id, { noticeId: 'software', kind: 'software', scheduledFor: null, expiresAt: 0, subject: 's', text: 't', html: 'h' }, []);

      await put(world, r.id, students('ada'));
      expect(await emailsOn(world, r.id)).toEqual(['ada@stud.example.edu']);
    });
  });

  describe('given a registration that takes no candidates', () => {
    it.each([
      ['rejected', (w: World, id: string) => decide(w, id, 'ED', 'reject')],
      ['cancelled', (w: World, id: string) => cancelRegistration(w, KARI, id, {})],
      ['expired', (w: World, id: string) => closeRound(w, { registrationId: id, round: 1, failure: { Error: 'Approval.Expired' } })],
    ])('when it is %s, then ConflictError and no list is stored', async (_status, given) => {
      const { world, id } = await givenPending();
      await given(world, id);

      await rejectionOf(put(world, id, students('ada')), ConflictError);
      expect(await world.candidates.current(id)).toBeNull();
    });

    it('when its exam has started, then ConflictError', async () => {
      const { world, id } = await givenPending();
      world.clock.set((await stored(world, id)).form.exam.start);
      await rejectionOf(put(world, id, students('ada')), ConflictError);
    });
  });

  describe('given a caller other than the owner', () => {
    it.each(
      refusals([
        ['another member of staff (cannot see it)', OLA, NotFoundError],
        ['an approver (can see it)', EVA, ForbiddenError],
      ]),
    )('when %s supplies candidates, then %s and no list is stored', async (_who, _error, who, error) => {
      const { world, id } = await givenPending();
      await rejectionOf(replaceCandidates(world, who, id, { candidates: students('ada') }), error);
      expect(await world.candidates.current(id)).toBeNull();
    });
  });

  it.each([
    ['an invalid address in the second entry', ['candidates.1.email'], { candidates: [...students('ada'), { email: 'bo at example' }] }],
    ['an unknown field in an entry', ['candidates.0.phone'], { candidates: [{ email: 'ada@stud.example.edu', phone: '1' }] }],
    ['more than 2000 candidates', ['candidates'], { candidates: Array.from({ length: 2001 }, (_, i) => ({ email: `s${i}@stud.example.edu` })) }],
    ['no list at all', ['candidates'], {}],
    [
      "addresses outside the students' mail domains",
      ['candidates.1.email', 'candidates.2.email'],
      { candidates: [...students('ada'), { email: 'bo@example.edu' }, { email: 'cy@stud.example.edu.evil.com' }, { email: 'di@sub.stud.example.edu' }] },
    ],
  ])('given a body with %s, when put, then ValidationError on %s', async (_what, paths, body) => {
    const { world, id } = await givenPending();
    expect(await invalidFields(replaceCandidates(world, KARI, id, body))).toEqual(paths);
  });

  it("given an address outside the students' mail domains, when put, then the field error says OUTSIDE_MAIL_DOMAINS with the domains, and nothing is stored", async () => {
    const { world, id } = await givenPending();
    const error = await rejectionOf(replaceCandidates(world, KARI, id, { candidates: [{ email: 'ada@gmail.com' }] }), ValidationError);
    expect(error.errors).toEqual([
      { path: 'candidates.0.email', code: 'OUTSIDE_MAIL_DOMAINS', params: { domains: 'stud.example.edu' }, message: expect.any(String) },
    ]);
    expect(await world.candidates.current(id)).toBeNull();
  });

  it('given a world whose students have two mail domains, when addresses of both are put, then both are taken', async () => {
    const world = inMemoryWorld({ rules: { STUDENT_MAIL_DOMAINS: 'stud.example.edu, students.example.org' } });
    const r = await givenSubmitted(world);
    await replaceCandidates(world, KARI, r.id, { candidates: [{ email: 'ada@stud.example.edu' }, { email: 'bo@students.example.org' }] });
    expect(await emailsOn(world, r.id)).toEqual(['ada@stud.example.edu', 'bo@students.example.org']);
  });

  describe('given writers race', () => {
    it('when another replacement lands while this one is written, then this one gets ConflictError and the other list stands whole', async () => {
      const { world, id } = await givenPending();
      await put(world, id, students('old'));
      world.before('candidates.replace', () => put(world, id, students('bo', 'cy')));

      await rejectionOf(put(world, id, students('ada')), ConflictError);
      expect(await emailsOn(world, id)).toEqual(['bo@stud.example.edu', 'cy@stud.example.edu']);
      expect(world.candidates.versionsStored(id)).toBe(1);
    });

    it("when the letter starts while the list is written, then ConflictError and the letter's list stands", async () => {
      const world = inMemoryWorld();
      const r = await givenApproved(world);
      await put(world, r.id, students('ada'));
      world.before('candidates.replace', () => letterStarted(world, r.id));

      await rejectionOf(put(world, r.id, students('bo')), ConflictError);
      expect(await emailsOn(world, r.id)).toEqual(['ada@stud.example.edu']);
      expect(world.candidates.versionsStored(r.id)).toBe(1);
    });
  });
});
