import { CancelInputSchema } from '../contracts/http';
import { parseInput } from '../contracts/parse';
import type { Registration } from '../contracts/registration';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import type { Clock, RegistrationStore, WorkflowControl } from '../ports';
import { assertCanView, isOwner, publicView } from '../rules/access';
import { permits, refusalCode, statusInWords, statusesThatMoveTo } from '../rules/lifecycle';
import type { Principal } from '../rules/principal';

export interface CancelDeps {
  registrations: RegistrationStore;
  workflow: WorkflowControl;
  now: Clock;
}

/**
 * Use case: the owner cancels a registration at any time before the exam. Pending approvals
 * close (only those still pending: a decision that won the race keeps its state), the
 * workflow stops, and later decisions get 409. A decision landing at the same moment makes
 * the cancel read again and retry, so the answer says what the registration became.
 */
export const cancelRegistration = async (deps: CancelDeps, principal: Principal, id: string, body: unknown): Promise<Registration> => {
  const input = parseInput(CancelInputSchema, body ?? {});
  let r = assertCanView(principal, await deps.registrations.get(id), id);
  if (!isOwner(principal, r)) throw new ForbiddenError('Only the person who submitted the registration may cancel it');
  if (Date.parse(r.form.exam.start) <= deps.now().getTime()) throw new ConflictError('The exam has started; it can no longer be cancelled', 'EXAM_STARTED');
  const actor = { sub: principal.sub, email: principal.email, name: principal.name };
  for (let attempt = 0; attempt < 4; attempt++) {
    if (!permits.cancel(r.status))
      throw new ConflictError(`The registration is ${statusInWords(r.status)}; there is nothing to cancel`, refusalCode(r.status, 'REGISTRATION_CLOSED'));
    // Taken after each read: a decision that came first sorts before the cancellation in the history.
    const now = deps.now();
    const moved = await deps.registrations.transition({
      id,
      round: r.round,
      from: statusesThatMoveTo('CANCELLED'),
      to: 'CANCELLED',
      entry: { at: now.toISOString(), by: actor, action: 'CANCELLED', comment: input.reason || null, details: { round: r.round, from: r.status } },
      pendingApprovals: { groups: r.approvals.filter((a) => a.state === 'PENDING').map((a) => a.group), to: 'CLOSED' },
    });
    if (moved) {
      await deps.workflow.stopRound(id, r.round, input.reason || 'Cancelled by its owner');
      return publicView((await deps.registrations.get(id)) ?? r);
    }
    // A decision, an expiry or another cancel came first: read what it is now and try again.
    const fresh = await deps.registrations.get(id);
    if (!fresh) throw new NotFoundError(`No registration ${id} that you can see`);
    r = fresh;
  }
  throw new ConflictError('The registration changed while you cancelled it; reload and try again', 'CONCURRENT_CHANGE');
};
