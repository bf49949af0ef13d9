import * as z from 'zod/mini';
import type { Principal } from '../rules/principal';
import { ConflictError, ForbiddenError } from '../errors';
import { parseInput } from '../contracts/parse';
import type { Registration } from '../contracts/registration';
import type { WorkflowStarter } from '../adapters/sfn/workflow-control';
import { assertCanView, isOwner, publicView } from '../rules/access';
import type { RegistrationRepository } from '../adapters/dynamodb/registration-store';

export const CancelInputSchema = z
  .strictObject({ reason: z._default(z.string().check(z.trim(), z.maxLength(2000, 'A reason may be at most 2000 characters')), '') })
  .register(z.globalRegistry, { id: 'CancelInput' });

/**
 * Use case: the owner cancels a registration at any time before the exam. Pending approvals
 * close, the workflow stops, and later decisions get 409.
 */
export const cancelRegistration = async (
  deps: { repo: RegistrationRepository; workflow: WorkflowStarter; now: () => Date },
  principal: Principal,
  id: string,
  body: unknown,
): Promise<Registration> => {
  const input = parseInput(CancelInputSchema, body ?? {});
  const r = assertCanView(principal, await deps.repo.get(id), id);
  if (!isOwner(principal, r)) throw new ForbiddenError('Only the person who submitted the registration may cancel it');
  const now = deps.now();
  if (Date.parse(r.form.exam.start) <= now.getTime()) throw new ConflictError('The exam has started; it can no longer be cancelled');
  if (!['PENDING_APPROVAL', 'CHANGES_REQUESTED', 'APPROVED'].includes(r.status)) {
    throw new ConflictError(`The registration is ${r.status.toLowerCase().replace('_', ' ')}; there is nothing to cancel`);
  }
  const actor = { sub: principal.sub, email: principal.email, name: principal.name };
  const moved = await deps.repo.transition({
    id,
    round: r.round,
    from: ['PENDING_APPROVAL', 'CHANGES_REQUESTED', 'APPROVED'],
    to: 'CANCELLED',
    entry: { at: now.toISOString(), by: actor, action: 'CANCELLED', comment: input.reason || null, details: { round: r.round, from: r.status } },
    pendingApprovals: { groups: r.approvals.filter((a) => a.state === 'PENDING').map((a) => a.group), to: 'CLOSED' },
  });
  if (!moved) throw new ConflictError('The registration changed while you cancelled it; reload and try again');
  await deps.workflow.stopRound(id, r.round, input.reason || 'Cancelled by its owner');
  return publicView((await deps.repo.get(id)) ?? r);
};
