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

/** Which of the identity provider's group names grant which role (configuration: GROUP_ROLES). */
export type GroupRoles = Readonly<Record<string, Role>>;
/** The default: groups named exactly like the roles. */
export const DEFAULT_GROUP_ROLES: GroupRoles = { staff: 'staff', IT: 'IT', ED: 'ED' };

/**
 * The group names a claim carries, each one whole: a group is never split into words or at
 * commas ("Former IT staff" is one group, and so is "alumni,ED"). A real array (local mode, a
 * decoded token) gives its elements; any other string is one name.
 *
 * API Gateway's JWT authorizer flattens an array claim to `"[a b]"`, which cannot tell
 * `["Former IT staff"]` from `["Former", "IT", "staff"]`. Such a string is read as words only
 * when every word is a group name in `known`; otherwise it yields nothing (the HTTP handler
 * reads the groups from the verified token itself in that case).
 */
export const parseGroupsClaim = (value: unknown, known: Iterable<string> = Object.keys(DEFAULT_GROUP_ROLES)): string[] => {
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  if (typeof value !== 'string' || value === '') return [];
  const flattened = /^\[(.*)\]$/s.exec(value);
  if (!flattened) return [value];
  const inner = flattened[1] as string;
  const names = new Set(known);
  if (names.has(inner)) return [inner];
  const words = inner.split(' ').filter(Boolean);
  return words.every((w) => names.has(w)) ? words : [];
};

/** The roles that whole group names grant under a mapping; unknown names grant nothing. */
export const rolesOfGroups = (groups: readonly string[], groupRoles: GroupRoles = DEFAULT_GROUP_ROLES): Role[] => [
  ...new Set(groups.flatMap((g) => (Object.hasOwn(groupRoles, g) ? [groupRoles[g] as Role] : []))),
];

/**
 * The caller from the authorizer's claims. `token` is the payload of the bearer token the
 * authorizer verified, when available: its groups claim keeps real arrays, so it is preferred
 * when it belongs to the same subject.
 */
export const principalFromClaims = (
  claims: Record<string, unknown>,
  groupsClaim: string,
  groupRoles: GroupRoles = DEFAULT_GROUP_ROLES,
  token?: Record<string, unknown> | null,
): Principal | null => {
  const sub = typeof claims.sub === 'string' && claims.sub.length > 0 ? claims.sub : null;
  if (!sub) return null;
  const source = token && token.sub === sub && groupsClaim in token ? token[groupsClaim] : claims[groupsClaim];
  return {
    sub,
    email: typeof claims.email === 'string' ? claims.email : null,
    name: typeof claims.name === 'string' ? claims.name : null,
    roles: rolesOfGroups(parseGroupsClaim(source, Object.keys(groupRoles)), groupRoles),
  };
};

export const hasRole = (p: Principal, role: Role) => p.roles.includes(role);
export const isApprover = (p: Principal) => hasRole(p, 'IT') || hasRole(p, 'ED');
