import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../shared/rules/exam-rules';
import { ED_APPROVER, IT_APPROVER, OTHER_STAFF, STAFF, examStartIn, midtermBody, softwareBody } from '../support/fixtures';
import type { Identity } from '../support/api-client';
import { startTestSystem } from '../support/local-system';
import { decide, mailsAbout, submitAndWaitForApprovers, waitForStatus } from '../support/workflow';

/**
 * The calendar routes against the local system: who sees what, bad ranges, the load, staffing
 * overrides, and the capacity approvers see on a registration, the queue and the e-mail.
 * Each test uses a day of its own, so their loads do not meet.
 */

const TZ = 'Europe/Oslo';
let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem();
});
afterAll(async () => ctx?.system.stop());

/** A start on the day `days` from now at a local time (Oslo winter time, as the fixtures use). */
const startAt = (days: number, time: string) => examStartIn(days).replace('T09:00:00', `T${time}:00`);
const dayOf = (start: string) => localDate(start, TZ);
const calendar = (who: Parameters<typeof ctx.api.token>[0] | undefined, query: string) => ctx.api.request('GET', `/calendar?${query}`, who ? { as: who } : {});
const schoolMidterm = (start: string, candidates: number) => midtermBody({ exam: { type: 'school', start, durationMinutes: 180, candidates } } as never);

const approve = async (id: string, groups: string[]) => {
  for (const g of groups) expect((await decide(ctx, g === 'IT' ? IT_APPROVER : ED_APPROVER, id, g, 'approve')).status).toBe(200);
  await waitForStatus(ctx, IT_APPROVER, id, 'APPROVED');
};

describe('GET /calendar: bad input is 400 by field', () => {
  it.each([
    { query: '', paths: ['from', 'to'] },
    { query: 'from=2027-01-10', paths: ['to'] },
    { query: 'from=10.01.2027&to=2027-01-12', paths: ['from'] },
    { query: 'from=2027-02-30&to=2027-03-02', paths: ['from'] },
    { query: 'from=2027-01-12&to=2027-01-10', paths: ['to'] },
    { query: 'from=2027-01-01&to=2027-04-03', paths: ['to'] },
    { query: 'from=2027-01-01&to=2027-01-02&group=IT', paths: ['group'] },
  ])('?$query', async ({ query, paths }) => {
    const res = await calendar(IT_APPROVER, query);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(paths);
  });

  it('takes 92 days, the most', async () => {
    expect((await calendar(IT_APPROVER, 'from=2027-01-01&to=2027-04-02')).status).toBe(200);
  });

  it('needs a token, and a role', async () => {
    expect((await calendar(undefined, 'from=2027-01-01&to=2027-01-02')).status).toBe(401);
    const noRole = await ctx.system.auth.issue({ sub: 'nobody', email: 'nobody@example.edu', groups: [] as never });
    const res = await ctx.api.request('GET', '/calendar?from=2027-01-01&to=2027-01-02', { headers: { authorization: `Bearer ${noRole}` } });
    expect(res.status).toBe(403);
  });
});

describe('GET /calendar: who sees what', () => {
  it('approvers see what their group decides on, staff their own; load only for approvers', async () => {
    const start = startAt(30, '09:00');
    const day = dayOf(start);
    const midterm = await submitAndWaitForApprovers(ctx, STAFF, midtermBody({ exam: { type: 'home', start, durationMinutes: 120, candidates: 120 } } as never));
    const software = await submitAndWaitForApprovers(ctx, STAFF, softwareBody({ exam: { type: 'school', start, durationMinutes: 120, candidates: 80 } }));
    const others = await submitAndWaitForApprovers(ctx, OTHER_STAFF, midtermBody({ exam: { type: 'home', start, durationMinutes: 60, candidates: 10 } } as never));
    const ids = async (who: Identity) => {
      const res = await calendar(who, `from=${day}&to=${day}`);
      expect(res.status).toBe(200);
      return res.body.items.map((i: { id: string }) => i.id).sort();
    };
    expect(await ids(STAFF)).toEqual([midterm.id, software.id].sort());
    expect(await ids(OTHER_STAFF)).toEqual([others.id]);
    expect(await ids(IT_APPROVER)).toEqual([midterm.id, software.id, others.id].sort());
    // A software request without external addresses is IT's alone.
    expect(await ids(ED_APPROVER)).toEqual([midterm.id, others.id].sort());

    const staffView = await calendar(STAFF, `from=${day}&to=${day}`);
    expect(staffView.body.load).toEqual([]);
    const item = staffView.body.items.find((i: { id: string }) => i.id === software.id);
    expect(item).toEqual({
      id: software.id,
      kind: 'software',
      status: 'PENDING_APPROVAL',
      course: { code: 'TDT4100', name: 'Object-oriented programming' },
      exam: {
        type: 'school',
        start: new Date(start).toISOString(),
        end: new Date(Date.parse(start) + (120 + (software.derived as unknown as { additionalMinutes: number }).additionalMinutes) * 60_000).toISOString(),
      },
      candidates: 80,
      demand: { IT: 2 },
    });

    // IT's load over the day: the three exams are pending, so the load is tentative.
    const it = await calendar(IT_APPROVER, `from=${day}&to=${day}`);
    expect(new Set(it.body.load.map((s: { group: string }) => s.group))).toEqual(new Set(['IT']));
    const peak = Math.max(...it.body.load.map((s: { tentative: number }) => s.tentative));
    expect(peak).toBe(1 + 2 + 1);
    expect(it.body.load.every((s: { committed: number; staffOnDuty: number }) => s.committed === 0 && s.staffOnDuty === 6)).toBe(true);
    expect(it.body.load[0].from).toBe(new Date(`${day}T00:00:00+01:00`).toISOString());
    expect(it.body.load.at(-1).to).toBe(new Date(Date.parse(`${day}T00:00:00+01:00`) + 86_400_000).toISOString());
  });

  it('an exam over midnight is on both days; a cancelled one shows as cancelled and loads nobody', async () => {
    const start = startAt(40, '22:00');
    const r = await submitAndWaitForApprovers(ctx, STAFF, midtermBody({ exam: { type: 'home', start, durationMinutes: 240, candidates: 300 } } as never));
    const day = dayOf(start);
    const next = new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    for (const d of [day, next]) {
      const res = await calendar(IT_APPROVER, `from=${d}&to=${d}`);
      expect(res.body.items.map((i: { id: string }) => i.id)).toContain(r.id);
      expect(Math.max(...res.body.load.map((s: { tentative: number }) => s.tentative))).toBe(2);
    }
    const dayAfter = new Date(Date.parse(`${next}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect((await calendar(IT_APPROVER, `from=${dayAfter}&to=${dayAfter}`)).body.items.map((i: { id: string }) => i.id)).not.toContain(r.id);

    expect((await ctx.api.request('POST', `/registrations/${r.id}/cancel`, { as: STAFF, body: { reason: 'Moved' } })).status).toBe(200);
    const after = await calendar(IT_APPROVER, `from=${next}&to=${next}`);
    expect(after.body.items.find((i: { id: string }) => i.id === r.id)?.status).toBe('CANCELLED');
    expect(after.body.load.every((s: { tentative: number; committed: number }) => s.tentative === 0 && s.committed === 0)).toBe(true);
  });

  it('a resubmission that moves the exam moves it on the calendar', async () => {
    const start = startAt(50, '09:00');
    const r = await submitAndWaitForApprovers(ctx, STAFF, midtermBody({ exam: { type: 'home', start, durationMinutes: 120, candidates: 50 } } as never));
    expect((await decide(ctx, ED_APPROVER, r.id, 'ED', 'request-changes', 'Another day, please')).status).toBe(200);
    await waitForStatus(ctx, STAFF, r.id, 'CHANGES_REQUESTED');
    const moved = startAt(51, '09:00');
    const res = await ctx.api.request('PUT', `/registrations/${r.id}`, {
      as: STAFF,
      body: midtermBody({ exam: { type: 'home', start: moved, durationMinutes: 120, candidates: 50 } } as never),
    });
    expect(res.status).toBe(200);
    const on = async (d: string) => (await calendar(STAFF, `from=${d}&to=${d}`)).body.items.map((i: { id: string }) => i.id);
    expect(await on(dayOf(start))).not.toContain(r.id);
    expect(await on(dayOf(moved))).toContain(r.id);
  });
});

describe('PUT /calendar/staffing/{group}/{date}', () => {
  const day = dayOf(startAt(70, '09:00'));

  it('an approver of the group sets the people on duty; the load shows it', async () => {
    const res = await ctx.api.request('PUT', `/calendar/staffing/IT/${day}`, { as: IT_APPROVER, body: { staffOnDuty: 4, comment: 'Two on leave' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ group: 'IT', date: day, staffOnDuty: 4, comment: 'Two on leave', updatedBy: { sub: IT_APPROVER.sub } });
    const load = (await calendar(IT_APPROVER, `from=${day}&to=${day}`)).body.load;
    expect(load.map((s: { staffOnDuty: number }) => s.staffOnDuty)).toEqual([4]);
    const ed = (await calendar(ED_APPROVER, `from=${day}&to=${day}`)).body.load;
    expect(ed.map((s: { group: string; staffOnDuty: number }) => [s.group, s.staffOnDuty])).toEqual([['ED', 10]]);
  });

  it.each([
    { who: 'staff', as: STAFF, group: 'IT', status: 403 },
    { who: 'an ED approver, for IT', as: ED_APPROVER, group: 'IT', status: 403 },
  ])('refuses $who', async ({ as, group, status }) => {
    expect((await ctx.api.request('PUT', `/calendar/staffing/${group}/${day}`, { as, body: { staffOnDuty: 1 } })).status).toBe(status);
  });

  it.each([
    { path: `/calendar/staffing/XX/${'2027-02-01'}`, body: { staffOnDuty: 1 }, field: 'group' },
    { path: '/calendar/staffing/IT/2027-13-01', body: { staffOnDuty: 1 }, field: 'date' },
    { path: '/calendar/staffing/IT/2020-01-01', body: { staffOnDuty: 1 }, field: 'date' },
    { path: '/calendar/staffing/IT/2027-02-01', body: { staffOnDuty: -1 }, field: 'staffOnDuty' },
    { path: '/calendar/staffing/IT/2027-02-01', body: { staffOnDuty: 2.5 }, field: 'staffOnDuty' },
    { path: '/calendar/staffing/IT/2027-02-01', body: { staffOnDuty: 2, extra: true }, field: 'extra' },
  ])('400 on $field: $path $body', async ({ path, body, field }) => {
    const res = await ctx.api.request('PUT', path, { as: IT_APPROVER, body });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([field]);
  });
});

describe('capacity on the registration, the queue and the approval e-mail', () => {
  it('approvers see it, plainly when overbooked; the owner does not', async () => {
    const start = startAt(80, '09:00');
    const day = dayOf(start);
    // IT: a school exam needs one person per 50 candidates. Three on duty that day.
    expect((await ctx.api.request('PUT', `/calendar/staffing/IT/${day}`, { as: IT_APPROVER, body: { staffOnDuty: 3 } })).status).toBe(200);
    const first = await submitAndWaitForApprovers(ctx, OTHER_STAFF, schoolMidterm(start, 100));
    await approve(first.id, ['ED', 'IT']);
    const second = await submitAndWaitForApprovers(ctx, STAFF, schoolMidterm(start, 100));

    const seen = await ctx.api.request('GET', `/registrations/${second.id}`, { as: IT_APPROVER });
    expect(seen.body.capacity.IT).toMatchObject({ demand: 2, committedPeak: 4, tentativePeak: 4, staffOnDuty: 3, overbooked: true });
    expect(seen.body.capacity.IT.summary).toMatch(/^Overbooked: IT needs 4 people at 09:00–12:\d\d; 3 are on duty; 1 other exam runs then\.$/);
    expect(Object.keys(seen.body.capacity)).toEqual(['IT']);
    const ed = await ctx.api.request('GET', `/registrations/${second.id}`, { as: ED_APPROVER });
    expect(ed.body.capacity.ED).toMatchObject({ demand: 4, committedPeak: 8, staffOnDuty: 10, overbooked: false });

    // The owner who is not an approver does not learn of other registrations through it.
    const own = await ctx.api.request('GET', `/registrations/${second.id}`, { as: STAFF });
    expect(own.status).toBe(200);
    expect(own.body.capacity).toBeUndefined();
    const mine = await ctx.api.request('GET', '/registrations?view=mine', { as: STAFF });
    expect(mine.body.items.every((i: { capacity?: unknown }) => i.capacity === undefined)).toBe(true);

    const queue = await ctx.api.request('GET', '/registrations?view=queue&group=IT&limit=100', { as: IT_APPROVER });
    const item = queue.body.items.find((i: { id: string }) => i.id === second.id);
    expect(item.capacity.IT).toEqual(seen.body.capacity.IT);
    expect(queue.body.items.every((i: { capacity?: Record<string, unknown> }) => i.capacity && Object.keys(i.capacity).join() === 'IT')).toBe(true);

    const mail = (await mailsAbout(ctx, second.id)).find((m) => m.subject.startsWith('[IT] Decision wanted'));
    expect(mail?.text).toContain(seen.body.capacity.IT.summary);
    expect(mail?.text).toContain('Capacity (IT): this exam needs 2');
    expect(mail?.text).toContain('Kapasitet (IT): denne eksamenen trenger 2');
    expect(mail?.html).toContain('Overbooked: IT needs 4 people');
    // The Bokmål part words the same figures, not only that it is overbooked.
    expect(mail?.text).toMatch(/Overbooket: IT trenger 4 personer kl\. 09:00–12:\d\d; 3 er på vakt; 1 annen eksamen går da\./);
    expect(seen.body.capacity.IT.peak).toEqual({ from: expect.any(String), to: expect.any(String), otherExams: 1 });
    const edMail = (await mailsAbout(ctx, second.id)).find((m) => m.subject.startsWith('[ED] Decision wanted'));
    expect(edMail?.text).toContain('Capacity (ED): this exam needs 4');
    expect(edMail?.text).not.toContain('Overbooked');
  });
});
