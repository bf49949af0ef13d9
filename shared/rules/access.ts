import { type Principal, hasRole } from './principal';
import { ForbiddenError, NotFoundError } from '../errors';
import type { ApproverGroup, Registration } from '../contracts/registration';

export const isOwner = (p: Principal, r: Pick<Registration, 'owner'>) => r.owner.sub === p.sub;

/** Approver groups of the registration that the caller belongs to. */
export const approverGroupsOf = (p: Principal, r: Pick<Registration, 'derived'>): ApproverGroup[] => r.derived.approvers.filter((g) => hasRole(p, g));

/**
 * Object-level access: the owner and the members of its approver groups may see a
 * registration. Everyone else gets 404, so ids cannot be probed.
 */
export const assertCanView = <R extends Registration>(p: Principal, r: R | null, id: string): R => {
  if (!r || !(isOwner(p, r) || approverGroupsOf(p, r).length > 0)) {
    throw new NotFoundError(`No registration ${id} that you can see`);
  }
  return r;
};

/**
 * R8: "The teacher will, together with the ED, assess the need for any additional time." The
 * groups that handle an IT/ED incident of the registration (IT and ED), whichever groups
 * approved it, that the caller belongs to.
 */
export const incidentHandlerGroupsOf = (p: Principal, r: { incidents?: { route: string }[] }): ApproverGroup[] =>
  r.incidents?.some((i) => i.route === 'IT_ED') ? (['IT', 'ED'] as const).filter((g) => hasRole(p, g)) : [];

/**
 * Reading a registration and recording an incident's extra time: as assertCanView, and also the
 * members of a group that handles one of its incidents. Nothing else is opened to them (deciding,
 * cancelling, candidates and the rest still use assertCanView).
 */
export const assertCanViewOrHandle = <R extends Registration & { incidents?: { route: string }[] }>(p: Principal, r: R | null, id: string): R => {
  if (r && incidentHandlerGroupsOf(p, r).length > 0) return r;
  return assertCanView(p, r, id);
};

export const assertRole = (p: Principal, role: Parameters<typeof hasRole>[1], action: string) => {
  if (!hasRole(p, role)) throw new ForbiddenError(`Only ${role} may ${action}`);
};

/** A registration as callers see it: the stored version counter stays internal. */
export const publicView = (r: Registration & { version?: number }): Registration => {
  const { version: _v, ...rest } = r;
  return rest;
};
