import * as z from 'zod/mini';

/** Who is calling, as established by the JWT authorizer (deployed) or the dev-token verifier (local). */
export const RoleSchema = z.enum(['staff', 'IT', 'ED']);
export type Role = z.infer<typeof RoleSchema>;

export interface Principal {
  sub: string;
  email: string | null;
  name: string | null;
  roles: Role[];
}

/**
 * API Gateway's JWT authorizer hands claims to the function as strings: an array claim
 * arrives as `"[staff IT]"`. Local mode passes real arrays. Accept both, plus comma lists.
 */
export const parseGroupsClaim = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  const inner = value.trim().replace(/^\[/, '').replace(/\]$/, '');
  return inner
    .split(/[\s,]+/)
    .map((g) => g.replace(/^"|"$/g, ''))
    .filter(Boolean);
};

export const principalFromClaims = (claims: Record<string, unknown>, groupsClaim: string): Principal | null => {
  const sub = typeof claims.sub === 'string' && claims.sub.length > 0 ? claims.sub : null;
  if (!sub) return null;
  const roles = parseGroupsClaim(claims[groupsClaim]).filter((g): g is Role => RoleSchema.safeParse(g).success);
  return {
    sub,
    email: typeof claims.email === 'string' ? claims.email : null,
    name: typeof claims.name === 'string' ? claims.name : null,
    roles: [...new Set(roles)],
  };
};

export const hasRole = (p: Principal, role: Role) => p.roles.includes(role);
export const isApprover = (p: Principal) => hasRole(p, 'IT') || hasRole(p, 'ED');
