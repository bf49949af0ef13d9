import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF, midtermBody, softwareBody, withExamDay } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { atScale } from '../support/scale';

let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem();
});
afterAll(async () => ctx?.system.stop());

/** Generated bodies: 10,000 under `npm run test:scale`, fewer (other ones each run) under `npm test`. */
const RUNS = atScale(10_000, 1_500);
const FIELDS = [
  'kind',
  'course',
  'course.code',
  'course.name',
  'department',
  'contact',
  'contact.email',
  'contact.phone',
  'exam',
  'exam.type',
  'exam.start',
  'exam.durationMinutes',
  'exam.candidates',
  'questionSet',
  'questionSet.uploadAssignments',
  'questionSet.handDrawings',
  'questionSet.externalUrls',
  'studentInfo',
  'studentInfo.demoTestUrl',
  'notes',
  'software',
  '__proto__',
  'constructor',
  'extra',
];

/** Strange values: wrong types, edge numbers, long and odd strings, nested junk. */
const strange = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -0, '', ' ', 'null', '<script>', '../../etc', '\u0000', '💥'.repeat(50), '2027-13-45T99:99:99Z'),
  fc.string({ maxLength: 300 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

const setPath = (obj: Record<string, unknown>, path: string, value: unknown, remove: boolean) => {
  const keys = path.split('.');
  let cur: Record<string, unknown> = obj;
  for (const k of keys.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  const last = keys.at(-1) as string;
  if (remove) delete cur[last];
  else Object.defineProperty(cur, last, { value, enumerable: true, writable: true, configurable: true });
};

/**
 * A valid form, its exam on one of 30 days (fixtures.ts, withExamDay: the forms that stay valid
 * are registered), with one to four fields broken, removed or added.
 */
const mutatedBody = fc
  .tuple(
    fc.constantFrom(midtermBody, softwareBody),
    fc.integer({ min: 0, max: 29 }),
    fc.array(fc.tuple(fc.constantFrom(...FIELDS), strange, fc.boolean()), { minLength: 1, maxLength: 4 }),
  )
  .map(([make, day, edits]) => {
    const body = JSON.parse(JSON.stringify(withExamDay(make(), day))) as Record<string, unknown>;
    for (const [path, value, remove] of edits) setPath(body, path, value, remove);
    return JSON.stringify(body);
  });

const request = fc.oneof(
  { weight: 6, arbitrary: mutatedBody.map((raw) => ({ raw, type: 'application/json' })) },
  { weight: 2, arbitrary: fc.jsonValue().map((v) => ({ raw: JSON.stringify(v), type: 'application/json' })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((raw) => ({ raw, type: 'application/json' })) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.string(), fc.constantFrom('text/plain', 'application/xml', '', 'application/json; charset=utf-16')).map(([raw, type]) => ({ raw, type })),
  },
);

describe('POST /registrations under generated input', () => {
  it(`answers every one of ${RUNS} generated bodies with 201 or a clear 4xx, and stores only the accepted`, async () => {
    const who = { ...STAFF, sub: `fuzz-${Date.now()}` };
    let accepted = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ raw, type }) => {
        const res = await ctx.api.request('POST', '/registrations', { as: who, rawBody: raw, headers: type ? { 'content-type': type } : {} });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 201) {
          accepted += 1;
          return;
        }
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(typeof res.body.detail).toBe('string');
        if (res.status === 400 && res.body.errors) {
          for (const e of res.body.errors) {
            expect(typeof e.path).toBe('string');
            expect(e.path.length).toBeGreaterThan(0);
            expect(typeof e.message).toBe('string');
          }
        }
      }),
      { numRuns: RUNS },
    );
    // Nothing stored for a refused body: the caller owns exactly the accepted registrations.
    let stored = 0;
    let token: string | null = null;
    do {
      const page: { body: { items: unknown[]; nextToken: string | null } } = await ctx.api.request(
        'GET',
        `/registrations?limit=100${token ? `&nextToken=${token}` : ''}`,
        { as: who },
      );
      stored += page.body.items.length;
      token = page.body.nextToken;
    } while (token);
    expect(stored).toBe(accepted);
    expect(statuses.get(500) ?? 0).toBe(0);
    console.log(`generated bodies: ${RUNS}; answers by status: ${JSON.stringify(Object.fromEntries(statuses))}`);
  }, 600_000);
});
