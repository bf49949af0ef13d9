import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../shared/rules/principal';
import type { Identity } from '../support/api-client';
import { midtermBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { submitAndWaitForApprovers } from '../support/workflow';

/**
 * Roles (issue 17, items 7 and 8): a role comes from a whole group name, through the configured
 * mapping of the identity provider's groups (GROUP_ROLES), never from words or comma-separated
 * parts of a group; and nobody decides on a registration they submitted.
 */
let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem({
    env: { GROUP_ROLES: JSON.stringify({ staff: 'staff', IT: 'IT', ED: 'ED', 'Exam IT approvers': 'IT' }) },
  });
});
afterAll(async () => ctx?.system.stop());

const who = (sub: string, groups: string[]): Identity => ({ sub, email: `${sub}@example.edu`, groups });
const tokenOf = (id: Identity) => ctx.system.auth.issue(id as never);
const as = async (id: Identity) => ({ authorization: `Bearer ${await tokenOf(id)}` });

describe('roles from whole group names (item 7)', () => {
  it('"Former IT staff" grants neither IT nor staff; "alumni,ED" does not grant ED', async () => {
    const former = who('former', ['Former IT staff']);
    expect((await ctx.api.request('POST', '/registrations', { headers: await as(former), body: midtermBody() })).status).toBe(403);
    expect((await ctx.api.request('GET', '/registrations?view=queue', { headers: await as(former) })).status).toBe(403);
    const alumni = who('alumni', ['alumni,ED']);
    expect((await ctx.api.request('GET', '/registrations?view=queue', { headers: await as(alumni) })).status).toBe(403);
    expect((await ctx.api.request('GET', '/registrations?view=queue&group=ED', { headers: await as(alumni) })).status).toBe(403);
  });

  it('a group mapped in GROUP_ROLES grants its role, matched whole (also with spaces in its name)', async () => {
    const it = who('mapped-it', ['Exam IT approvers', 'Former IT staff']);
    expect((await ctx.api.request('GET', '/registrations?view=queue&group=IT', { headers: await as(it) })).status).toBe(200);
    expect((await ctx.api.request('GET', '/registrations?view=queue&group=ED', { headers: await as(it) })).status).toBe(403);
    expect((await ctx.api.request('POST', '/registrations', { headers: await as(it), body: midtermBody() })).status).toBe(403);
  });

  it('API Gateway’s flattened "[a b]" form yields roles only when every word is a known group', () => {
    const map = { staff: 'staff', IT: 'IT', ED: 'ED' } as const;
    expect(principalFromClaims({ sub: 'a', groups: '[Former IT staff]' }, 'groups', map)?.roles).toEqual([]);
    expect(principalFromClaims({ sub: 'a', groups: '[alumni,ED]' }, 'groups', map)?.roles).toEqual([]);
    expect(principalFromClaims({ sub: 'a', groups: '[staff ED]' }, 'groups', map)?.roles).toEqual(['staff', 'ED']);
    // The verified token's own array is preferred, for the same subject only.
    const token = { sub: 'a', groups: ['Former IT staff', 'staff'] };
    expect(principalFromClaims({ sub: 'a', groups: '[Former IT staff staff]' }, 'groups', map, token)?.roles).toEqual(['staff']);
    expect(principalFromClaims({ sub: 'b', groups: '[staff]' }, 'groups', map, { sub: 'a', groups: ['IT'] })?.roles).toEqual(['staff']);
  });
});

describe('separation of duties (item 8)', () => {
  it('a user who is staff, IT and ED cannot decide on their own registration (403), and nothing changes', async () => {
    const all = who('all-roles', ['staff', 'IT', 'ED']);
    const r = await submitAndWaitForApprovers(ctx, all, midtermBody());
    for (const group of ['IT', 'ED']) {
      const res = await ctx.api.request('POST', `/registrations/${r.id}/decisions`, { as: all, body: { group, decision: 'approve', comment: '' } });
      expect(res.status).toBe(403);
      expect(res.body.detail).toMatch(/submitted/);
    }
    const after = await ctx.api.request('GET', `/registrations/${r.id}`, { as: all });
    expect(after.body.status).toBe('PENDING_APPROVAL');
    expect(after.body.approvals.map((a: { state: string }) => a.state)).toEqual(['PENDING', 'PENDING']);
  });
});
