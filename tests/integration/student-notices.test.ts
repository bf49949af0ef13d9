import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Identity } from '../support/api-client';
import { ED_APPROVER, IT_APPROVER, OTHER_STAFF, STAFF, examStartIn, midtermBody, softwareBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { decide, mailsAbout, submitAndWaitForApprovers, waitForIdle, waitForStatus } from '../support/workflow';

let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem();
});
afterAll(async () => ctx?.system.stop());

const candidates = (n: number, prefix = 'student') => Array.from({ length: n }, (_, i) => ({ email: `${prefix}${i}@stud.example.edu`, name: `Student ${i}` }));
const putCandidates = (id: string, list: unknown, as: Identity = STAFF) =>
  ctx.api.request('PUT', `/registrations/${id}/candidates`, { as, body: { candidates: list } });
const lettersTo = async (address: string) => (await ctx.api.mail()).filter((m) => m.to.includes(address));
const approveBoth = async (id: string) => {
  expect((await decide(ctx, IT_APPROVER, id, 'IT', 'approve')).status).toBe(200);
  expect((await decide(ctx, ED_APPROVER, id, 'ED', 'approve')).status).toBe(200);
};
const noticeState = async (id: string) => (await ctx.api.request('GET', `/registrations/${id}`, { as: STAFF })).body.studentNotice;

describe('PUT /registrations/{id}/candidates', () => {
  it('stores the list, folds duplicates, and shows the count', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    const res = await putCandidates(r.id, [...candidates(3), { email: 'STUDENT1@stud.example.edu' }]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ folded: 1, studentNotice: { candidates: 3, letter: { status: 'NOT_SCHEDULED' } } });
    expect((await noticeState(r.id)).candidates).toBe(3);
  });

  it('refuses bad addresses by index and lists over 2000, storing nothing', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    const bad = await putCandidates(r.id, [{ email: 'ok@stud.example.edu' }, { email: 'not-an-address' }, { email: 'x@' }]);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['candidates.1.email', 'candidates.2.email']);
    expect((await putCandidates(r.id, candidates(2001))).status).toBe(400);
    expect((await putCandidates(r.id, [{ email: 'a@b.example', extra: 1 }])).status).toBe(400);
    expect((await noticeState(r.id)).candidates).toBe(0);
  });

  it('only the owner supplies the list', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    expect((await putCandidates(r.id, candidates(1), IT_APPROVER)).status).toBe(403);
    expect((await putCandidates(r.id, candidates(1), OTHER_STAFF)).status).toBe(404);
  });

  it('keeps candidates as personal data with an expiry after the exam (DynamoDB TTL)', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    await putCandidates(r.id, candidates(2));
    const ddb = new DynamoDBClient({ endpoint: ctx.system.dynamodbEndpoint, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const items = await ddb.send(
      new QueryCommand({
        TableName: ctx.system.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
        ExpressionAttributeValues: { ':pk': { S: `REG#${r.id}` }, ':c': { S: '~C#' } },
      }),
    );
    const examEnd = Date.parse(r.form.exam.start) + r.form.exam.durationMinutes * 60_000;
    const expected = Math.floor((examEnd + 30 * 24 * 3600 * 1000) / 1000);
    expect(items.Items?.length).toBe(3); // two candidates and the list pointer
    for (const item of items.Items ?? []) expect(Number(item.expiresAt?.N)).toBe(expected);
  });
});

describe('the exam information letter', () => {
  it('goes to every candidate once after approval (at once with FAST_WAITS), and the list is then closed', async () => {
    const r = await submitAndWaitForApprovers(
      ctx,
      STAFF,
      midtermBody({ questionSet: { uploadAssignments: 2, handDrawings: false, zipSubmission: true, externalUrls: [] } }),
    );
    await putCandidates(r.id, candidates(25, `letter-${r.id.slice(0, 8)}-`));
    await approveBoth(r.id);
    const state = await ApiClient.eventually(
      async () => {
        const s = await noticeState(r.id);
        return s.letter.status === 'SENT' ? s : undefined;
      },
      20_000,
      'letter sent',
    );
    expect(state.letter.counts).toEqual({ pending: 0, sent: 25, bounced: 0, complained: 0, failed: 0 });
    for (const c of candidates(25, `letter-${r.id.slice(0, 8)}-`)) expect(await lettersTo(c.email)).toHaveLength(1);
    const letter = (await lettersTo(`letter-${r.id.slice(0, 8)}-0@stud.example.edu`))[0];
    expect(letter?.subject).toMatch(/Eksamensinformasjon \/ Exam information: TDT4100/);
    expect(letter?.text).toMatch(/30 min/);
    expect(letter?.text).toMatch(/\.zip/);
    const late = await putCandidates(r.id, candidates(3));
    expect(late.status).toBe(409);
  });

  it('passes neither the candidate list nor the letter through workflow state: the largest state is the same for 1 and 150 candidates', async () => {
    const largestStateOf = async (count: number) => {
      const r = await submitAndWaitForApprovers(ctx, STAFF);
      await putCandidates(r.id, candidates(count, `state-${count}-${r.id.slice(0, 8)}-`));
      await approveBoth(r.id);
      await ApiClient.eventually(async () => ((await noticeState(r.id)).letter.status === 'SENT' ? true : undefined), 60_000, 'letter sent');
      await waitForIdle(ctx.system);
      const executions = ctx.system.sfn.listExecutions().filter((e) => e.name.startsWith(r.id));
      expect(executions.length).toBeGreaterThan(0);
      return Math.max(...executions.map((e) => e.largestPayloadBytes ?? Number.NaN));
    };
    const one = await largestStateOf(1);
    const many = await largestStateOf(150);
    expect(one).toBeGreaterThan(0);
    // Counts and ids may differ by a few digits; 150 addresses would add over 4 KB.
    expect(Math.abs(many - one)).toBeLessThan(64);
  }, 120_000);

  it('lists the software of the course’s approved software request for the same exam', async () => {
    const start = examStartIn(45);
    const sw = await submitAndWaitForApprovers(
      ctx,
      STAFF,
      softwareBody({
        exam: { type: 'home', start, durationMinutes: 240, candidates: 10 },
        software: [{ name: 'ChemDraw', version: '22', licence: 'campus', webService: false, url: null, platforms: ['windows'] }],
      }),
    );
    expect((await decide(ctx, IT_APPROVER, sw.id, 'IT', 'approve')).status).toBe(200);
    await waitForStatus(ctx, STAFF, sw.id, 'APPROVED');
    const mid = await submitAndWaitForApprovers(ctx, STAFF, midtermBody({ exam: { type: 'home', start, durationMinutes: 240, candidates: 10 } } as never));
    await putCandidates(mid.id, [{ email: `chem-${mid.id}@stud.example.edu` }]);
    await approveBoth(mid.id);
    const letter = await ApiClient.eventually(async () => (await lettersTo(`chem-${mid.id}@stud.example.edu`))[0], 20_000, 'letter');
    expect(letter.text).toContain('ChemDraw');
  });

  it('records when a letter was due but no candidates were known', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    await approveBoth(r.id);
    const history = await ApiClient.eventually(async () => {
      const h = (await ctx.api.request('GET', `/registrations/${r.id}`, { as: STAFF })).body.history as { action: string }[];
      return h.some((x) => x.action === 'NOTICE_SENT') ? h : undefined;
    }, 20_000);
    expect(history.map((h) => h.action)).toContain('LETTER_WITHOUT_CANDIDATES');
  });
});

describe('software notice', () => {
  it('an approved software request tells the known candidates what to install, once', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF, softwareBody());
    const list = candidates(5, `sw-${r.id.slice(0, 8)}-`);
    await putCandidates(r.id, list);
    expect((await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve')).status).toBe(200);
    await ApiClient.eventually(async () => (await noticeState(r.id)).letter.status === 'SENT', 20_000, 'software notice sent');
    await waitForIdle(ctx.system);
    for (const c of list) {
      const mails = await lettersTo(c.email);
      expect(mails).toHaveLength(1);
      expect(mails[0]?.text).toContain('MATLAB');
    }
  });
});

describe('errors in the question set (R8)', () => {
  const report = (id: string, phase: string, message = 'Task 3 should read 25 %, not 52 %.', as: Identity = STAFF) =>
    ctx.api.request('POST', `/registrations/${id}/incidents`, { as, body: { phase, message } });

  it('before the start: routed to the planner, the submitter is told what to do', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    const res = await report(r.id, 'before-start');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ route: 'PLANNER', phase: 'before-start', notifiedCandidates: 0, extraTime: null });
    const mail = await ApiClient.eventually(async () => (await mailsAbout(ctx, r.id)).find((m) => m.subject.startsWith('Error in the question set')));
    expect(mail.to).toEqual(['kari.nordmann@example.edu']);
    expect(mail.text).toMatch(/planner/);
  });

  it('during a school exam: IT/ED handle it, every candidate gets the teacher’s notice at once, IT records extra time once', async () => {
    const r = await submitAndWaitForApprovers(
      ctx,
      STAFF,
      midtermBody({ exam: { type: 'school', start: examStartIn(40), durationMinutes: 240, candidates: 4 } } as never),
    );
    const list = candidates(4, `inc-${r.id.slice(0, 8)}-`);
    await putCandidates(r.id, list);
    expect((await report(r.id, 'during')).status).toBe(409); // not approved yet: no exam under way
    await approveBoth(r.id);
    await waitForStatus(ctx, STAFF, r.id, 'APPROVED');
    const res = await report(r.id, 'during', 'Oppgave 3: les 25 %, ikke 52 %. <b>Sorry</b>');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ route: 'IT_ED', notifiedCandidates: 4 });
    for (const c of list) {
      const notice = await ApiClient.eventually(async () => (await lettersTo(c.email)).find((m) => /feil|error/i.test(m.subject)), 20_000, 'incident notice');
      expect(notice.text).toContain('Oppgave 3: les 25 %, ikke 52 %.');
      expect(notice.html).toContain('&lt;b&gt;Sorry&lt;/b&gt;');
    }
    const handlers = await ApiClient.eventually(async () => (await mailsAbout(ctx, r.id)).find((m) => m.subject.startsWith('Error in the question set')));
    expect(handlers.to.sort()).toEqual(['ed-approvers@example.edu', 'it-approvers@example.edu']);

    const path = `/registrations/${r.id}/incidents/${res.body.id}/extra-time`;
    expect((await ctx.api.request('POST', path, { as: STAFF, body: { minutes: 15 } })).status).toBe(403);
    const decided = await ctx.api.request('POST', path, { as: IT_APPROVER, body: { minutes: 15, comment: 'Fair' } });
    expect(decided.status).toBe(200);
    expect(decided.body.extraTime).toMatchObject({ minutes: 15, decidedBy: { sub: IT_APPROVER.sub } });
    expect((await ctx.api.request('POST', path, { as: ED_APPROVER, body: { minutes: 30 } })).status).toBe(409);
    expect((await ctx.api.request('POST', path, { as: IT_APPROVER, body: { minutes: -5 } })).status).toBe(400);
    const after = await ctx.api.request('GET', `/registrations/${r.id}`, { as: STAFF });
    expect(after.body.incidents[0].extraTime.minutes).toBe(15);
  });

  it('during a home exam over 6 hours: the department handles it and the teacher records the extra time', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF, softwareBody({ exam: { type: 'home', start: examStartIn(40), durationMinutes: 8 * 60, candidates: 2 } }));
    await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve');
    await waitForStatus(ctx, STAFF, r.id, 'APPROVED');
    const res = await report(r.id, 'during');
    expect(res.body.route).toBe('DEPARTMENT');
    const path = `/registrations/${r.id}/incidents/${res.body.id}/extra-time`;
    expect((await ctx.api.request('POST', path, { as: IT_APPROVER, body: { minutes: 30 } })).status).toBe(403);
    expect((await ctx.api.request('POST', path, { as: STAFF, body: { minutes: 30 } })).status).toBe(200);
  });

  it('refuses an empty message and other callers', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    const empty = await report(r.id, 'before-start', '   ');
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].path).toBe('message');
    expect((await report(r.id, 'sometime')).status).toBe(400);
    expect((await report(r.id, 'before-start', 'x', IT_APPROVER)).status).toBe(403);
    expect((await report(r.id, 'before-start', 'x', OTHER_STAFF)).status).toBe(404);
  });
});

describe('SES delivery events', () => {
  it('a permanent bounce, a complaint and a rejection update the recipients and the counts', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    const list = candidates(3, `bounce-${r.id.slice(0, 8)}-`);
    await putCandidates(r.id, list);
    await approveBoth(r.id);
    await ApiClient.eventually(async () => (await noticeState(r.id)).letter.status === 'SENT', 20_000, 'letter sent');
    const { recipientHash } = await import('../../shared/adapters/dynamodb/keys');
    const event = (eventType: string, email: string, bounceType?: string) => ({
      Records: [
        {
          Sns: {
            MessageId: 'm',
            Message: JSON.stringify({
              eventType,
              mail: { tags: { registration: [r.id], notice: ['letter'], recipient: [recipientHash(email)] } },
              ...(bounceType ? { bounce: { bounceType } } : {}),
            }),
          },
        },
      ],
    });
    const { handler } = await import('../../functions/events/record-delivery-event');
    await handler(event('Bounce', list[0]?.email as string, 'Permanent') as never);
    await handler(event('Complaint', list[1]?.email as string) as never);
    await handler(event('Bounce', list[2]?.email as string, 'Transient') as never);
    await handler({ Records: [{ Sns: { MessageId: 'x', Message: 'not json' } }] } as never);
    expect((await noticeState(r.id)).letter.counts).toEqual({ pending: 0, sent: 1, bounced: 1, complained: 1, failed: 0 });
    // SES rejects the message it had accepted (a virus): the student did not get it; a second event changes nothing.
    await handler(event('Reject', list[2]?.email as string) as never);
    await handler(event('Rendering Failure', list[2]?.email as string) as never);
    await handler(event('Reject', list[0]?.email as string) as never);
    expect((await noticeState(r.id)).letter.counts).toEqual({ pending: 0, sent: 0, bounced: 1, complained: 1, failed: 1 });
  });
});
