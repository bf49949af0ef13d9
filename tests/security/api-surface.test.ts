import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../functions/lib/http-handler';
import { IT_APPROVER, STAFF, midtermBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { synthWith } from '../support/synth';
import { submitAndWaitForApprovers } from '../support/workflow';

/**
 * What callers may set and see (OWASP API3), how much they may ask for (API4), and what the
 * deployed API exposes at all (API8, API9). Object- and function-level access is
 * tests/security/access-matrix.test.ts; tokens are tests/security/tokens.test.ts.
 */
let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem({ logLevel: 'SILENT' });
});
afterAll(async () => ctx?.system.stop());

/** Attributes that belong to storage or the workflow and must never reach a caller. */
const INTERNAL = /^(pk|sk|gsi\d+(pk|sk)|taskToken|version|linkHash|expiresAt)$/;
const keysDeep = (v: unknown, path = ''): string[] =>
  Array.isArray(v)
    ? v.flatMap((x, i) => keysDeep(x, `${path}${i}.`))
    : v && typeof v === 'object'
      ? Object.entries(v).flatMap(([k, x]) => [`${path}${k}`, ...keysDeep(x, `${path}${k}.`)])
      : [];

describe('object properties (API3): no mass assignment, no internal data out', () => {
  it('a submission cannot set what the server owns: every such field is refused by name, nothing stored', async () => {
    const who = { sub: `mass-${Date.now()}`, email: 'm@example.edu', groups: ['staff'] as const };
    const owned = {
      id: 'chosen-id',
      status: 'APPROVED',
      owner: { sub: 'someone-else' },
      round: 7,
      derived: { approvers: [] },
      approvals: [],
      history: [],
      version: 99,
    };
    const res = await ctx.api.request('POST', '/registrations', { as: who, body: { ...midtermBody(), ...owned } });
    expect(res.status).toBe(400);
    const named = (res.body.errors as { path: string }[]).map((e) => e.path).join(', ');
    for (const field of Object.keys(owned)) expect(named).toContain(field);
    expect((await ctx.api.request('GET', '/registrations', { as: who })).body.items).toEqual([]);
  });

  it('a decision cannot name who decided or when', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    const res = await ctx.api.request('POST', `/registrations/${r.id}/decisions`, {
      as: IT_APPROVER,
      body: { group: 'IT', decision: 'approve', decidedBy: { sub: 'the-dean' }, decidedAt: '2020-01-01T00:00:00Z' },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toMatch(/decidedBy/);
  });

  it('what callers read carries no storage keys, task tokens, version counters or link secrets', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    const reads = [
      await ctx.api.request('GET', `/registrations/${r.id}`, { as: STAFF }),
      await ctx.api.request('GET', `/registrations/${r.id}`, { as: IT_APPROVER }),
      await ctx.api.request('GET', '/registrations?limit=5', { as: STAFF }),
      await ctx.api.request('GET', '/registrations?view=queue&limit=5', { as: IT_APPROVER }),
    ];
    for (const read of reads) {
      expect(read.status).toBe(200);
      expect(keysDeep(read.body).filter((k) => INTERNAL.test(k.split('.').pop() as string))).toEqual([]);
    }
  });
});

describe('resource consumption (API4)', () => {
  it(`refuses a body over ${MAX_BODY_BYTES / 1024} KiB before parsing it (413), and a list page over 100 (400)`, async () => {
    const big = await ctx.api.request('POST', '/registrations', {
      as: STAFF,
      rawBody: JSON.stringify({ ...midtermBody(), notes: 'x'.repeat(MAX_BODY_BYTES) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBe(413);
    expect((await ctx.api.request('GET', '/registrations?limit=101', { as: STAFF })).status).toBe(400);
  });

  it('the deployed stage throttles every route; every function has a timeout and a memory size', () => {
    const { api: t } = synthWith();
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 } });
    for (const f of Object.values(t.findResources('AWS::Lambda::Function'))) {
      expect(f.Properties.Timeout).toBeLessThanOrEqual(900);
      expect(f.Properties.MemorySize).toBeGreaterThan(0);
    }
  });
});

describe('what the deployed API exposes (API8, API9)', () => {
  it('only the routes of the route table: the local-only /dev routes are not deployed; CORS allows only the web site', () => {
    const { api: t } = synthWith();
    const keys = Object.values(t.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey as string);
    expect(keys.filter((k) => k.includes('/dev'))).toEqual([]);
    const api = Object.values(t.findResources('AWS::ApiGatewayV2::Api'))[0];
    const origins = api?.Properties.CorsConfiguration.AllowOrigins as unknown[];
    expect(origins).toHaveLength(1);
    expect(JSON.stringify(origins)).not.toContain('*');
  });

  it('an unexpected error answers a generic problem, never a stack trace or the cause', async () => {
    const res = await ctx.api.request('POST', '/registrations', { as: STAFF, rawBody: '{"kind":', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+|node_modules/);
  });
});
