import { describe, expect, it } from 'vitest';
import { hashLinkId } from '../../../shared/approvals/approval-links';
import { closeRound, failureDetail, planRound, recordWorkflowFailure, requestDecision } from '../../../shared/approvals/approval-steps';
import { type ApproverGroup, SYSTEM_ACTOR } from '../../../shared/contracts/registration';
import { ROUND_ENDING_ERRORS } from '../../../shared/contracts/workflow';
import { cancelRegistration } from '../../../shared/registrations/cancel-registration';
import { resubmitRegistration } from '../../../shared/registrations/resubmit-registration';
import { personalDataExpiry } from '../../../shared/rules/retention';
import { APPROVER_ADDRESSES, type World, awsError, inMemoryWorld } from '../../support/in-memory';
import { KARI, actionsOf, decide, givenChangesRequested, givenSubmitted, software, stored } from '../../support/in-memory/scenarios';

const givenPending = async (body?: (w: World) => Record<string, unknown>) => {
  const world = inMemoryWorld();
  const r = await givenSubmitted(world, body?.(world));
  return { world, id: r.id };
};

const ask = (world: World, id: string, group: ApproverGroup, stage: 'initial' | 'reminder' | 'escalation' = 'initial', taskToken = `token-${group}-${stage}`) =>
  requestDecision(world, { registrationId: id, round: 1, group, stage, taskToken });

const close = (world: World, id: string, error?: string, round = 1) =>
  closeRound(world, { registrationId: id, round, ...(error ? { failure: { Error: error } } : {}) });

describe('planRound', () => {
  it("given a registration pending ED and IT, then both groups are planned, with stages that end at the students' deadline", async () => {
    const { world, id } = await givenPending();
    const plan = await planRound(world, { registrationId: id, round: 1 });

    // Now 2027-01-04 12:00Z, deadline 2027-02-26 08:00Z: 4 564 800 s; reminder after 2 days, escalation after 4.
    const timeouts = { initial: 172_800, reminder: 172_800, escalation: 4_219_200 };
    const limits = { initial: 172_860, reminder: 172_860, escalation: 4_219_260 };
    expect(plan.groups).toEqual([
      { registrationId: id, round: 1, group: 'ED', timeouts, limits },
      { registrationId: id, round: 1, group: 'IT', timeouts, limits },
    ]);
  });

  it('given the deadline is a day away, then the stages still end at it', async () => {
    const { world, id } = await givenPending();
    world.clock.set(new Date(Date.parse((await stored(world, id)).derived.studentInfoDueBy) - 86_400_000));
    const [group] = (await planRound(world, { registrationId: id, round: 1 })).groups;

    expect(group?.timeouts).toEqual({ initial: 86_398, reminder: 1, escalation: 1 });
  });

  it('given IT decided already (the step is re-driven), then only ED is planned', async () => {
    const { world, id } = await givenPending();
    await decide(world, id, 'IT', 'approve');

    expect((await planRound(world, { registrationId: id, round: 1 })).groups.map((g) => g.group)).toEqual(['ED']);
  });

  it("given a resubmission kept IT's approval, then round 2 plans only ED", async () => {
    const world = inMemoryWorld();
    const r = await givenChangesRequested(world);
    await resubmitRegistration(world, KARI, r.id, { ...r.form, notes: 'moved' });

    expect((await planRound(world, { registrationId: r.id, round: 2 })).groups.map((g) => g.group)).toEqual(['ED']);
  });

  it.each([
    ['the registration is cancelled', async (w: World, id: string) => void (await cancelRegistration(w, KARI, id, {})), 1],
    ['the round is not the current one', async () => undefined, 2],
    ['the registration is gone', (w: World, id: string) => w.registrations.deleteAll(id), 1],
  ])('given %s, then nothing is planned', async (_what, given, round) => {
    const { world, id } = await givenPending();
    await given(world, id);
    expect(await planRound(world, { registrationId: id, round })).toEqual({ groups: [] });
  });
});

describe('requestDecision', () => {
  it("given IT's approval is pending, when its step starts, then the token is stored and IT is mailed once with a single-use link", async () => {
    const { world, id } = await givenPending();
    await ask(world, id, 'IT');

    expect(world.approvals.taskTokenOf(id, 1, 'IT')).toBe('token-IT-initial');
    expect(world.mailer.sent).toHaveLength(1);
    const [mail] = world.mailer.sent;
    expect(mail).toMatchObject({
      to: APPROVER_ADDRESSES.IT,
      subject: '[IT] Decision wanted: TDT4100 home exam 5 Mar 2027',
      tags: { registration: id, kind: 'approval-initial' },
    });
    const linkId = mail?.text.match(/#\/confirm\/([A-Za-z0-9_-]{43})/)?.[1] ?? '';
    expect(world.links.all()).toMatchObject([{ idHash: hashLinkId(linkId), registrationId: id, round: 1, group: 'IT' }]);
    expect(world.approvals.mailedStagesOf(id, 1, 'IT')).toEqual({ initial: world.clock.iso() });
  });

  it.each([
    ['reminder', '[ED] Reminder: decision wanted'],
    ['escalation', '[ED] Escalation: no decision yet'],
  ] as const)('given the initial mail went out, when the %s stage starts, then its own mail goes out', async (stage, subject) => {
    const { world, id } = await givenPending();
    await ask(world, id, 'ED');
    await ask(world, id, 'ED', stage);

    expect(world.mailer.sent.map((m) => m.subject)).toEqual(['[ED] Decision wanted: TDT4100 home exam 5 Mar 2027', `${subject}: TDT4100 home exam 5 Mar 2027`]);
    expect(world.mailer.sent[1]?.tags).toEqual({ registration: id, kind: `approval-${stage}` });
    expect(world.approvals.taskTokenOf(id, 1, 'ED')).toBe(`token-ED-${stage}`);
  });

  it('given the stage was mailed, when the step is retried with a new token, then the token is replaced and no second mail or link is made', async () => {
    const { world, id } = await givenPending();
    await ask(world, id, 'IT');
    await ask(world, id, 'IT', 'initial', 'token-retry');

    expect(world.mailer.sent).toHaveLength(1);
    expect(world.links.all()).toHaveLength(1);
    expect(world.approvals.taskTokenOf(id, 1, 'IT')).toBe('token-retry');
  });

  it('given an earlier attempt claimed and sent the mail but stopped before noting it, then no second mail and the stage is noted', async () => {
    const { world, id } = await givenPending();
    await world.mailClaims.claim(id, 'approval#1#IT#initial', world.clock.iso());
    await ask(world, id, 'IT');

    expect(world.mailer.sent).toEqual([]);
    expect(world.approvals.mailedStagesOf(id, 1, 'IT')).toHaveProperty('initial');
  });

  it('given the mail cannot be sent, then the error reaches the workflow, the claim is given back, and the retry sends exactly once', async () => {
    const { world, id } = await givenPending();
    const throttled = awsError('ThrottlingException');
    world.mailer.failWith(throttled);

    await expect(ask(world, id, 'IT')).rejects.toBe(throttled);
    expect(world.mailClaims.held(id)).toEqual([]);
    expect(world.approvals.mailedStagesOf(id, 1, 'IT')).toEqual({});

    await ask(world, id, 'IT');
    expect(world.mailer.sent).toHaveLength(1);
  });

  it.each([
    ['approve', 'approve'],
    ['reject', 'reject'],
    ['request-changes', 'request-changes'],
  ] as const)('given IT decided %s before its step started, then the step completes itself with that decision and mails no one', async (decision, expected) => {
    const { world, id } = await givenPending();
    await decide(world, id, 'IT', decision);
    await ask(world, id, 'IT', 'reminder');

    expect(world.callbacks.succeeded).toEqual([{ taskToken: 'token-IT-reminder', output: { group: 'IT', decision: expected } }]);
    expect(world.mailer.sent).toEqual([]);
    expect(world.approvals.taskTokenOf(id, 1, 'IT')).toBeUndefined();
  });

  it.each([
    ["ED rejected (IT's approval closed)", (w: World, id: string) => decide(w, id, 'ED', 'reject')],
    ['the owner cancelled', (w: World, id: string) => cancelRegistration(w, KARI, id, {})],
    ['the registration is gone', (w: World, id: string) => w.registrations.deleteAll(id)],
  ])("given %s, when IT's step starts, then it fails as superseded and mails no one", async (_what, given) => {
    const { world, id } = await givenPending();
    await given(world, id);
    await ask(world, id, 'IT');

    expect(world.callbacks.failed).toMatchObject([{ taskToken: 'token-IT-initial', error: ROUND_ENDING_ERRORS.superseded }]);
    expect(world.mailer.sent).toEqual([]);
  });

  it('given IT decides while its step is being registered, then the step is resumed exactly once, by itself', async () => {
    const { world, id } = await givenPending();
    world.before('approvals.registerTaskToken', () => decide(world, id, 'IT', 'approve'));
    await ask(world, id, 'IT');

    expect(world.callbacks.succeeded).toEqual([{ taskToken: 'token-IT-initial', output: { group: 'IT', decision: 'approve' } }]);
    expect(world.mailer.sent).toEqual([]);
  });
});

describe('closeRound', () => {
  const givenAllApproved = async (body?: (w: World) => Record<string, unknown>) => {
    const { world, id } = await givenPending(body);
    for (const g of (await stored(world, id)).derived.approvers) await decide(world, id, g, 'approve');
    world.clock.advance({ days: 1 });
    return { world, id };
  };

  it('given every group approved, then the registration is approved, the owner is mailed and the letter is scheduled for the deadline', async () => {
    const { world, id } = await givenAllApproved();
    const r = await stored(world, id);
    const result = await close(world, id);

    expect(result).toEqual({ status: 'APPROVED', notices: [{ registrationId: id, noticeId: 'letter', at: r.derived.studentInfoDueBy }] });
    const after = await stored(world, id);
    expect(after).toMatchObject({ status: 'APPROVED', version: 2 });
    expect(after.history.slice(-2)).toEqual([
      { at: world.clock.iso(), by: SYSTEM_ACTOR, action: 'APPROVED', comment: null, details: { round: 1 } },
      { at: world.clock.iso(), by: SYSTEM_ACTOR, action: 'OUTCOME_MAILED', comment: null, details: { round: 1, status: 'APPROVED' } },
    ]);
    expect(world.mailer.sent).toMatchObject([
      { to: [r.form.contact.email], subject: 'Approved: TDT4100 home exam 5 Mar 2027', tags: { registration: id, kind: 'outcome' } },
    ]);
    expect(await world.notices.get(id, 'letter')).toEqual({
      noticeId: 'letter',
      kind: 'letter',
      status: 'SCHEDULED',
      scheduledFor: r.derived.studentInfoDueBy,
      expiresAt: personalDataExpiry(r.form.exam, world.retentionDays),
    });
  });

  it('given an approved software request, then its notice goes at once and again at the deadline, and its rehearsal reminder in between', async () => {
    const { world, id } = await givenAllApproved(software);
    const due = (await stored(world, id)).derived.studentInfoDueBy;

    // The exam is on 5 March at 09:00 (Oslo): the rehearsal is due by 26 February, reminded of on 23 February at 08:00 local.
    expect((await close(world, id)).notices).toEqual([
      { registrationId: id, noticeId: 'software', at: world.clock.iso() },
      { registrationId: id, noticeId: 'rehearsal', at: '2027-02-23T07:00:00.000Z' },
      { registrationId: id, noticeId: 'software', at: due },
    ]);
    expect(await world.notices.get(id, 'rehearsal')).toMatchObject({ kind: 'rehearsal', status: 'SCHEDULED', scheduledFor: '2027-02-23T07:00:00.000Z' });
  });

  it('given IT moved the rehearsal to the day before the exam, then the reminder follows the date, after the deadline', async () => {
    const { world, id } = await givenAllApproved(software);
    const by = { sub: 'it-1', email: 'it@example.edu', name: null };
    await world.rehearsals.record(
      id,
      { result: 'failed', comment: 'No licence server', dueBy: '2027-03-04', recordedAt: world.clock.iso(), recordedBy: by },
      {
        at: world.clock.iso(),
        by,
        action: 'REHEARSAL_RECORDED',
        comment: 'No licence server',
        details: { result: 'failed' },
      },
    );

    expect((await close(world, id)).notices.map((n) => [n.noticeId, n.at])).toEqual([
      ['software', world.clock.iso()],
      ['software', (await stored(world, id)).derived.studentInfoDueBy],
      ['rehearsal', '2027-03-01T07:00:00.000Z'],
    ]);
  });

  it('given the deadline passed before the approval, then the letter goes at once and the mail says so', async () => {
    const { world, id } = await givenAllApproved();
    world.clock.set(new Date(Date.parse((await stored(world, id)).derived.studentInfoDueBy) + 3_600_000));

    expect((await close(world, id)).notices).toEqual([{ registrationId: id, noticeId: 'letter', at: world.clock.iso() }]);
    expect(world.mailer.sent[0]?.text).toContain('the exam information goes out to the candidates now');
  });

  it('given the round was closed already, when the step runs again, then nothing is mailed or recorded twice', async () => {
    const { world, id } = await givenAllApproved();
    await close(world, id);
    const again = await close(world, id);

    expect(again.status).toBe('APPROVED');
    expect(world.mailer.sent).toHaveLength(1);
    expect(actionsOf(await stored(world, id)).filter((a) => a === 'OUTCOME_MAILED')).toHaveLength(1);
  });

  it.each([
    ['reject', ROUND_ENDING_ERRORS.rejected, 'REJECTED', 'Rejected:'],
    ['request-changes', ROUND_ENDING_ERRORS.changesRequested, 'CHANGES_REQUESTED', 'Changes requested:'],
  ] as const)("given ED decided %s, then the outcome is mailed with ED's comment and nothing is scheduled", async (decision, error, status, subject) => {
    const { world, id } = await givenPending();
    await decide(world, id, 'ED', decision, 'No rooms that week');

    expect(await close(world, id, error)).toEqual({ status, notices: [] });
    expect(world.mailer.sent).toHaveLength(1);
    expect(world.mailer.sent[0]?.subject).toMatch(new RegExp(`^${subject}`));
    expect(world.mailer.sent[0]?.text).toContain('> No rooms that week\n— Eva ED, Education Division (ED)');
    expect(await world.notices.get(id, 'letter')).toBeNull();
  });

  // The mail quotes the decision that ended the round, whichever order the groups decided in.
  it.each([
    ['IT approved first', ['IT', 'ED'] as const],
    ['ED asked first', ['ED', 'IT'] as const],
  ])("given IT approved with a remark and ED asked for changes (%s), then the mail quotes ED's reason and names ED, not IT's remark", async (_what, order) => {
    const { world, id } = await givenPending();
    for (const group of order) {
      // After ED's request the round is closed: IT's later approval is refused and never stored.
      if (group === 'IT' && order[0] === 'ED') await expect(decide(world, id, 'IT', 'approve', 'Software set-up is fine')).rejects.toMatchObject({ status: 409 });
      else if (group === 'IT') await decide(world, id, 'IT', 'approve', 'Software set-up is fine');
      else await decide(world, id, 'ED', 'request-changes', 'Move the exam a week later');
    }
    await close(world, id, ROUND_ENDING_ERRORS.changesRequested);

    expect(world.mailer.sent).toHaveLength(1);
    expect(world.mailer.sent[0]?.text).toContain('> Move the exam a week later\n— Eva ED, Education Division (ED)');
    expect(world.mailer.sent[0]?.text).not.toContain('Software set-up is fine');
    expect(world.mailer.sent[0]?.html).not.toContain('Software set-up is fine');
  });

  it("given ED approved with a remark and IT rejected, then the mail quotes IT's reason, not ED's remark", async () => {
    const { world, id } = await givenPending();
    await decide(world, id, 'ED', 'approve', 'Rooms booked');
    await decide(world, id, 'IT', 'reject', 'Software not licensed');
    await close(world, id, ROUND_ENDING_ERRORS.rejected);

    expect(world.mailer.sent[0]?.text).toContain('> Software not licensed\n— Ivar IT, IT department');
    expect(world.mailer.sent[0]?.text).not.toContain('Rooms booked');
  });

  it('given both groups approved with remarks, then the approval mail quotes no approver remark', async () => {
    const { world, id } = await givenPending();
    await decide(world, id, 'IT', 'approve', 'Software set-up is fine');
    await decide(world, id, 'ED', 'approve', 'Rooms booked');
    await close(world, id);

    expect(world.mailer.sent[0]?.subject).toMatch(/^Approved/);
    expect(world.mailer.sent[0]?.text).not.toMatch(/Software set-up is fine|Rooms booked|—/);
  });

  it("given ED did not decide before the deadline, then the registration and ED's approval expire, and IT keeps its approval", async () => {
    const { world, id } = await givenPending();
    await decide(world, id, 'IT', 'approve');

    expect((await close(world, id, ROUND_ENDING_ERRORS.expired)).status).toBe('EXPIRED');
    const after = await stored(world, id);
    expect(after.approvals.map((a) => [a.group, a.state])).toEqual([
      ['ED', 'EXPIRED'],
      ['IT', 'APPROVED'],
    ]);
    expect(after.history.find((h) => h.action === 'EXPIRED')).toMatchObject({ by: SYSTEM_ACTOR, details: { round: 1, waitingFor: ['ED'] } });
    expect(world.mailer.sent[0]?.subject).toMatch(/^Expired:/);
  });

  it('given ED approves while the expiry is being written, then the round is approved instead', async () => {
    const { world, id } = await givenPending();
    await decide(world, id, 'IT', 'approve');
    world.before('registrations.transition', () => decide(world, id, 'ED', 'approve'));

    expect((await close(world, id, ROUND_ENDING_ERRORS.expired)).status).toBe('APPROVED');
    const after = await stored(world, id);
    expect(after.approvals.map((a) => a.state)).toEqual(['APPROVED', 'APPROVED']);
    expect(actionsOf(after)).not.toContain('EXPIRED');
    expect(world.mailer.sent.map((m) => m.subject.split(':')[0])).toEqual(['Approved']);
  });

  it('given ED rejects while the expiry is being written, then the rejection stands and is what the owner is told', async () => {
    const { world, id } = await givenPending();
    world.before('registrations.transition', () => decide(world, id, 'ED', 'reject'));

    expect((await close(world, id, ROUND_ENDING_ERRORS.expired)).status).toBe('REJECTED');
    expect(actionsOf(await stored(world, id))).not.toContain('EXPIRED');
    expect(world.mailer.sent.map((m) => m.subject.split(':')[0])).toEqual(['Rejected']);
  });

  it.each([
    [
      'a round that was resubmitted since',
      async (w: World) => {
        const r = await givenChangesRequested(w);
        await resubmitRegistration(w, KARI, r.id, { ...r.form, notes: 'x' });
        return r.id;
      },
      'SUPERSEDED',
    ],
    ['a registration that is gone', async () => 'missing', 'SUPERSEDED'],
    [
      'a cancelled registration',
      async (w: World) => {
        const r = await givenSubmitted(w);
        await cancelRegistration(w, KARI, r.id, {});
        return r.id;
      },
      'CANCELLED',
    ],
  ])('given %s, when round 1 closes, then the step reports what became of it and mails no one', async (_what, given, status) => {
    const world = inMemoryWorld();
    const id = await given(world);

    expect(await close(world, id)).toEqual({ status, notices: [] });
    expect(world.mailer.sent).toEqual([]);
  });

  it('given a branch was superseded while groups are still pending, then the round stays open and nothing is mailed', async () => {
    const { world, id } = await givenPending();
    expect(await close(world, id, ROUND_ENDING_ERRORS.superseded)).toEqual({ status: 'PENDING_APPROVAL', notices: [] });
    expect((await stored(world, id)).status).toBe('PENDING_APPROVAL');
    expect(world.mailer.sent).toEqual([]);
  });

  it('given the outcome mail fails, then the step fails and its retry mails exactly once', async () => {
    const { world, id } = await givenAllApproved();
    world.mailer.failWith(awsError('InternalFailure', 500));

    await expect(close(world, id)).rejects.toThrow('InternalFailure');
    expect(actionsOf(await stored(world, id))).not.toContain('OUTCOME_MAILED');
    await close(world, id);
    expect(world.mailer.sent).toHaveLength(1);
    expect(actionsOf(await stored(world, id)).filter((a) => a === 'OUTCOME_MAILED')).toHaveLength(1);
  });
});

describe('recordWorkflowFailure', () => {
  it.each([
    ['a Lambda error as JSON', JSON.stringify({ errorType: 'TypeError', errorMessage: 'x is undefined' }), 'x is undefined'],
    ['plain text', 'Task timed out', 'Task timed out'],
    ['no cause', undefined, ''],
    ['a very long cause', 'y'.repeat(900), 'y'.repeat(500)],
  ])(
    'given a failure with %s, then a WORKFLOW_FAILED entry says so in a plain sentence, the detail goes only to the log line; nothing else changes',
    async (_what, Cause, cause) => {
      const { world, id } = await givenPending();
      const before = await stored(world, id);
      const input = { registrationId: id, round: 1, error: { Error: 'States.TaskFailed', ...(Cause === undefined ? {} : { Cause }) } };
      await recordWorkflowFailure(world, input);

      const after = await stored(world, id);
      expect(after.history.at(-1)).toEqual({
        at: world.clock.iso(),
        by: SYSTEM_ACTOR,
        action: 'WORKFLOW_FAILED',
        comment: 'The approval workflow stopped because of an internal error; the operations team has been alerted.',
        details: { round: 1 },
      });
      // What owner and approvers read carries neither the AWS error name nor its message.
      const shown = JSON.stringify(after.history.at(-1));
      expect(shown).not.toContain('States.TaskFailed');
      if (cause) expect(shown).not.toContain(cause);
      expect(failureDetail(input)).toEqual({ error: 'States.TaskFailed', cause });
      expect({ ...after, history: before.history }).toEqual(before);
    },
  );
});
