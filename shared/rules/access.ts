import { type Principal, hasRole } from './principal';
import { ForbiddenError, NotFoundError } from '../errors';
import type { ApproverGroup, Registration } from '../contracts/registration';

export const isOwner = (p: Principal, r: Pick<Registration, 'owner'>) => r.owner.sub === p.sub;

/** Approver groups of the registration that the caller belongs to. */
export const approverGroupsOf = (p: Principal, r: Pick<Registration, 'derived'>): ApproverGroup[] =>
  r.derived.approvers.filter((g) => hasRole(p, g));

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

export const assertRole = (p: Principal, role: Parameters<typeof hasRole>[1], action: string) => {
  if (!hasRole(p, role)) throw new ForbiddenError(`Only ${role} may ${action}`);
};

/** A registration as callers see it: the stored version counter stays internal. */
export const publicView = (r: Registration & { version?: number }): Registration => {
  const { version: _v, ...rest } = r;
  return rest;
};
