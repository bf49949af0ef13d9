import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IT_APPROVER, STAFF, catalogueEntryBody, examStartIn, softwareBody, webServiceEntryBody } from '../support/fixtures';
import type { Identity } from '../support/api-client';
import { startTestSystem } from '../support/local-system';
import { decide, submitAndWaitForApprovers, waitForStatus } from '../support/workflow';

/**
 * A registration's software set-up against the local system: licence seats summed over the
 * overlapping exams that use the same catalogue entry (approved and pending counted apart), shown
 * to IT before it approves; and the Safe Exam Browser allow-list of a school exam, as JSON, text
 * and an SEB configuration fragment.
 */

let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem();
});
afterAll(async () => ctx?.system.stop());

const OTHER_TEACHER: Identity = { sub: 'siri', email: 'siri@example.edu', name: 'Siri', groups: ['staff'] };
const ED_APPROVER: Identity = { sub: 'eva-ed', email: 'eva@example.edu', name: 'Eva ED', groups: ['ED'] };

const addEntry = async (body: Record<string, unknown>) =>
  (await ctx.api.request('POST', '/catalogue', { as: IT_APPROVER, body })).body as { id: string; name: string };
const picked = (entryId: string) => ({
  name: 'x',
  version: null,
  licence: 'other',
  webService: false,
  url: null,
  platforms: ['windows'],
  catalogue: { entryId, revision: 1 },
});
const exam = (daysAhead: number, hour: number, candidates: number, durationMinutes = 120) => {
  const start = new Date(examStartIn(daysAhead));
  start.setUTCHours(hour, 0, 0, 0);
  return { type: 'school', start: start.toISOString(), durationMinutes, candidates };
};
const setup = async (id: string, as: Identity = IT_APPROVER) => (await ctx.api.request('GET', `/registrations/${id}/software-setup`, { as })).body;

describe('licence seats', () => {
  it('sums the candidates of overlapping exams that use the entry; IT is warned before approving when seats would run out', async () => {
    const stata = await addEntry(catalogueEntryBody({ name: 'Stata', licence: { kind: 'campus', seats: 100 } }));
    const unlimited = await addEntry(catalogueEntryBody({ name: 'R', licence: { kind: 'free', seats: null } }));
    // 60 candidates 09–11 (approved), 30 at 10–12 (pending), 25 at 12–14 (not overlapping), and ours: 50 at 10–11.
    const approved = await submitAndWaitForApprovers(ctx, OTHER_TEACHER, softwareBody({ exam: exam(70, 9, 60), software: [picked(stata.id)] }));
    expect((await decide(ctx, IT_APPROVER, approved.id, 'IT', 'approve')).status).toBe(200);
    await waitForStatus(ctx, OTHER_TEACHER, approved.id, 'APPROVED');
    await submitAndWaitForApprovers(ctx, OTHER_TEACHER, softwareBody({ exam: exam(70, 10, 30), software: [picked(stata.id)] }));
    await submitAndWaitForApprovers(ctx, OTHER_TEACHER, softwareBody({ exam: exam(70, 12, 25), software: [picked(stata.id)] }));
    const ours = await submitAndWaitForApprovers(ctx, STAFF, softwareBody({ exam: exam(70, 10, 50, 60), software: [picked(stata.id), picked(unlimited.id)] }));

    const seats = (await setup(ours.id)).seats;
    expect(seats).toEqual([
      expect.objectContaining({ entryId: stata.id, seats: 100, demand: 50, committedPeak: 110, tentativePeak: 140, overlapping: 2, overbooked: true }),
    ]);
    expect(seats[0].summary).toContain('Not enough seats');

    // The owner does not see the seats (they tell of other registrations), but does see the rest.
    const forOwner = await setup(ours.id, STAFF);
    expect(forOwner.seats).toBeUndefined();
    expect(forOwner.items.map((i: { entry: { id: string } | null }) => i.entry?.id)).toEqual([stata.id, unlimited.id]);
  });

  it('with enough seats for the approved exams but not the pending ones, it warns without calling it overbooked', async () => {
    const spss = await addEntry(catalogueEntryBody({ name: 'SPSS', licence: { kind: 'campus', seats: 100 } }));
    await submitAndWaitForApprovers(ctx, OTHER_TEACHER, softwareBody({ exam: exam(71, 9, 70), software: [picked(spss.id)] }));
    const ours = await submitAndWaitForApprovers(ctx, STAFF, softwareBody({ exam: exam(71, 9, 40), software: [picked(spss.id)] }));
    const [seat] = (await setup(ours.id)).seats;
    expect(seat).toMatchObject({ committedPeak: 40, tentativePeak: 110, overbooked: false });
    expect(seat.summary).toContain('may run out');
  });
});

describe('Safe Exam Browser allow-list', () => {
  it('lists the web services’ patterns and the external addresses, as JSON, text and an SEB configuration fragment', async () => {
    const lovdata = await addEntry(webServiceEntryBody());
    const body = softwareBody({
      software: [
        picked(lovdata.id),
        { name: 'GeoGebra web', version: null, licence: 'free', webService: true, url: 'https://www.geogebra.org/classic', platforms: ['web'] },
        { name: 'MATLAB', version: null, licence: 'campus', webService: false, url: null, platforms: ['windows'] },
      ],
      questionSet: {
        uploadAssignments: 1,
        handDrawings: false,
        zipSubmission: false,
        externalUrls: ['https://example.edu/formulas?a=1&b=<2>', 'https://lovdata.no/*'],
      },
    });
    const r = await submitAndWaitForApprovers(ctx, STAFF, body);
    const expected = [
      { expression: 'https://lovdata.no/*', source: 'Lovdata Pro' },
      { expression: 'https://*.lovdata.no/*', source: 'Lovdata Pro' },
      { expression: 'https://www.geogebra.org/classic', source: 'GeoGebra web' },
      { expression: 'https://example.edu/formulas?a=1&b=<2>', source: 'external' },
    ];
    // Shown to IT (and ED) before approval.
    expect((await setup(r.id)).allowList).toEqual(expected);

    const text = await fetch(`${ctx.system.url}/registrations/${r.id}/seb-allow-list?format=text`, {
      headers: { authorization: `Bearer ${await ctx.api.token(IT_APPROVER)}` },
    });
    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toContain('text/plain');
    expect(text.headers.get('content-disposition')).toMatch(/^attachment; filename="seb-allow-list-TDT4100-\d{4}-\d\d-\d\d\.txt"$/);
    const lines = (await text.text()).trim().split('\n');
    expect(lines[0]).toMatch(/^# Safe Exam Browser allow-list: TDT4100 /);
    expect(lines.slice(1)).toEqual(expected.map((e) => e.expression));

    const seb = await fetch(`${ctx.system.url}/registrations/${r.id}/seb-allow-list?format=seb`, {
      headers: { authorization: `Bearer ${await ctx.api.token(ED_APPROVER)}` },
    });
    expect(seb.headers.get('content-type')).toContain('application/xml');
    const plist = await seb.text();
    const rules = [
      ...plist.matchAll(
        /<dict>\s*<key>action<\/key>\s*<integer>(\d)<\/integer>\s*<key>active<\/key>\s*<true\/>\s*<key>expression<\/key>\s*<string>([^<]*)<\/string>\s*<key>regex<\/key>\s*<false\/>\s*<\/dict>/g,
      ),
    ];
    expect(plist).toMatch(/<key>URLFilterEnable<\/key>\s*<true\/>/);
    expect(rules.map((m) => m[1])).toEqual(expected.map(() => '1'));
    // Text in the XML is escaped: the expressions read back whole.
    expect(
      rules.map((m) =>
        (m[2] as string)
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, '&'),
      ),
    ).toEqual(expected.map((e) => e.expression));

    // The teacher downloads it once the request is approved.
    const early = await ctx.api.request('GET', `/registrations/${r.id}/seb-allow-list`, { as: STAFF });
    expect([early.status, early.body.code]).toEqual([409, 'NOT_APPROVED']);
    for (const group of ['ED', 'IT'] as const) expect((await decide(ctx, group === 'IT' ? IT_APPROVER : ED_APPROVER, r.id, group, 'approve')).status).toBe(200);
    await waitForStatus(ctx, STAFF, r.id, 'APPROVED');
    const owner = await fetch(`${ctx.system.url}/registrations/${r.id}/seb-allow-list`, { headers: { authorization: `Bearer ${await ctx.api.token(STAFF)}` } });
    expect(owner.status).toBe(200);
  });

  it('a home exam has none; a bad format is 400', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF, softwareBody({ exam: { ...exam(72, 9, 20), type: 'home' } }));
    expect((await setup(r.id)).allowList).toBeNull();
    expect((await ctx.api.request('GET', `/registrations/${r.id}/seb-allow-list`, { as: IT_APPROVER })).status).toBe(409);
    const school = await submitAndWaitForApprovers(ctx, STAFF, softwareBody());
    const bad = await ctx.api.request('GET', `/registrations/${school.id}/seb-allow-list?format=pdf`, { as: IT_APPROVER });
    expect([bad.status, bad.body.errors?.[0]?.path]).toEqual([400, 'format']);
  });
});

describe('rehearsal of a software exam', () => {
  it('is due a week before the exam; IT records it failed (with a comment) or tested, flagged while failed, kept in the history', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF, softwareBody({ exam: exam(73, 9, 40) }));
    const examDate = new Date(Date.parse(r.form.exam.start) + 3_600_000).toISOString().slice(0, 10);
    const weekBefore = new Date(Date.parse(`${examDate}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
    expect((await setup(r.id, STAFF)).rehearsal).toEqual({ dueBy: weekBefore, state: 'missing', comment: null, recordedAt: null, recordedBy: null, flag: null });

    const put = (as: Identity, body: unknown) => ctx.api.request('PUT', `/registrations/${r.id}/rehearsal`, { as, body });
    expect((await put(STAFF, { result: 'tested' })).status).toBe(403);
    const noReason = await put(IT_APPROVER, { result: 'failed', comment: '  ' });
    expect([noReason.status, noReason.body.errors?.map((e: { path: string; code: string }) => [e.path, e.code])]).toEqual([400, [['comment', 'COMMENT_REQUIRED']]]);
    const late = await put(IT_APPROVER, { result: 'tested', dueBy: '2099-01-01' });
    expect([late.status, late.body.errors?.[0]?.path]).toEqual([400, 'dueBy']);
    expect((await put(IT_APPROVER, { result: 'maybe' })).status).toBe(400);

    const failed = await put(IT_APPROVER, { result: 'failed', comment: 'Licence server unreachable from the exam room' });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ state: 'failed', flag: 'failed', recordedBy: { sub: IT_APPROVER.sub } });
    expect((await setup(r.id, STAFF)).rehearsal.flag).toBe('failed');

    const tested = await put(IT_APPROVER, { result: 'tested', comment: 'Works after the firewall change', dueBy: weekBefore });
    expect(tested.body).toMatchObject({ state: 'tested', flag: null, dueBy: weekBefore });
    const history = (await ctx.api.request('GET', `/registrations/${r.id}`, { as: STAFF })).body.history;
    expect(history.filter((h: { action: string }) => h.action === 'REHEARSAL_RECORDED').map((h: { details: { result: string } }) => h.details.result)).toEqual([
      'failed',
      'tested',
    ]);
  });
});
