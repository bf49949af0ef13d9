import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_AUDIENCE, DEV_ISSUER, DevAuth } from '../../local/dev-auth';
import { principalFromClaims } from '../../shared/rules/principal';
import { STAFF, midtermBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';

/**
 * Authentication (OWASP API2). Local mode verifies its dev tokens as API Gateway's JWT
 * authorizer does (signature, issuer, audience, expiry, not-before) and hands the handlers the
 * same claims; the handlers then take the roles from the configured claim, in both modes.
 * A refused token is 401 from the gateway: the function never runs.
 */

let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem();
});
afterAll(async () => ctx?.system.stop());

const now = () => Math.floor(Date.now() / 1000);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()) as Record<string, unknown>;

const submitWith = (token: string | null, scheme = 'Bearer') =>
  ctx.api.request('POST', '/registrations', { body: midtermBody(), headers: token === null ? {} : { authorization: `${scheme} ${token}` } });
const readWith = (token: string) => ctx.api.request('GET', '/registrations?limit=1', { headers: { authorization: `Bearer ${token}` } });

const expectGatewayRefusal = (res: { status: number; headers: Headers; body: unknown }) => {
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toBe('Bearer');
  expect(res.body).toEqual({ message: 'Unauthorized' });
};

describe('a valid dev token', () => {
  it('is accepted, and carries issuer, audience, expiry and the groups claim', async () => {
    const token = await ctx.system.auth.issue(STAFF as never);
    expect(claimsOf(token)).toMatchObject({ iss: DEV_ISSUER, aud: DEV_AUDIENCE, sub: STAFF.sub, groups: ['staff'], exp: expect.any(Number) });
    expect((await submitWith(token)).status).toBe(201);
  });
});

describe('tokens the gateway refuses (401, the function never runs)', () => {
  const staff = { sub: 'intruder', email: 'intruder@example.edu', groups: ['staff'] as ['staff'] };

  it.each([
    ['expired a minute ago', () => ctx.system.auth.issue(staff, { expiresIn: now() - 60 })],
    ['not valid for another hour (nbf)', () => ctx.system.auth.issue(staff, { notBefore: now() + 3600 })],
    ['from another issuer', () => ctx.system.auth.issue(staff, { issuer: 'https://evil.example.com' })],
    ['for another audience', () => ctx.system.auth.issue(staff, { audience: 'another-app' })],
    ['signed with another key', async () => (await DevAuth.create(null)).issue(staff)],
  ])('%s', async (_what, make) => {
    const token = await make();
    const before = ctx.system.sfn.listExecutions().length;
    expectGatewayRefusal(await submitWith(token));
    expectGatewayRefusal(await readWith(token));
    expect(ctx.system.sfn.listExecutions().length).toBe(before);
  });

  it('with its claims changed after signing (staff → IT)', async () => {
    const [header, , signature] = (await ctx.system.auth.issue(staff)).split('.');
    const forged = `${header}.${b64({ ...claimsOf(await ctx.system.auth.issue(staff)), groups: ['IT', 'ED', 'staff'] })}.${signature}`;
    expectGatewayRefusal(await readWith(forged));
  });

  it('unsigned (alg none), or HMAC-signed with the public key as secret (algorithm confusion)', async () => {
    const claims = claimsOf(await ctx.system.auth.issue(staff));
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    expectGatewayRefusal(await readWith(none));
    const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
    const hs256 = `${head}.${createHmac('sha256', 'public-key-material').update(head).digest('base64url')}`;
    expectGatewayRefusal(await readWith(hs256));
  });

  it('missing, empty, not a JWT, or sent with another scheme', async () => {
    expectGatewayRefusal(await submitWith(null));
    expectGatewayRefusal(await submitWith(''));
    expectGatewayRefusal(await submitWith('not-a-jwt'));
    expectGatewayRefusal(await submitWith(await ctx.system.auth.issue(staff), 'Basic'));
  });
});

describe('tokens that authenticate but grant nothing', () => {
  it('a token without a subject is refused by the handler (401 problem+json)', async () => {
    const res = await readWith(await ctx.system.auth.issue({ ...STAFF, sub: '' } as never));
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('a token with no role, or only roles the system does not know, may not submit (403)', async () => {
    for (const groups of [[], ['admin', 'root'], ['Staff']]) {
      const token = await ctx.system.auth.issue({ sub: `norole-${groups.length}`, email: 'x@example.edu', groups: groups as never });
      const res = await submitWith(token);
      expect({ groups, status: res.status }).toEqual({ groups, status: 403 });
    }
  });
});

describe('roles come from the configured claim only (the code path both modes share)', () => {
  it('reads API Gateway’s flattened array claim "[staff IT]" and a real array; a comma list is one (unknown) group', () => {
    expect(principalFromClaims({ sub: 'a', groups: '[staff IT]' }, 'groups')?.roles).toEqual(['staff', 'IT']);
    expect(principalFromClaims({ sub: 'a', groups: ['ED'] }, 'groups')?.roles).toEqual(['ED']);
    expect(principalFromClaims({ sub: 'a', groups: 'staff,ED' }, 'groups')?.roles).toEqual([]);
  });

  it('ignores roles in any other claim, unknown roles and case variants', () => {
    const claims = { sub: 'a', groups: '[staff]', roles: '[IT ED]', 'cognito:groups': '[IT]', scope: 'IT ED' };
    expect(principalFromClaims(claims, 'groups')?.roles).toEqual(['staff']);
    expect(principalFromClaims(claims, 'cognito:groups')?.roles).toEqual(['IT']);
    expect(principalFromClaims({ sub: 'a', groups: ['admin', 'it', 'Ed', 'staff'] }, 'groups')?.roles).toEqual(['staff']);
  });

  it('establishes nobody without a subject', () => {
    expect(principalFromClaims({ groups: '[staff]' }, 'groups')).toBeNull();
    expect(principalFromClaims({ sub: '', groups: '[staff]' }, 'groups')).toBeNull();
    expect(principalFromClaims({ sub: 42, groups: '[staff]' }, 'groups')).toBeNull();
  });
});
