import * as z from 'zod/mini';
import { type Principal, hasRole } from '../rules/principal';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { parseInput } from '../contracts/parse';
import {
  type Actor,
  type ApproverGroup,
  ApproverGroupSchema,
  type Decision,
  DecisionSchema,
  type Registration,
} from '../contracts/registration';
import type { TaskCallbacks } from '../adapters/sfn/task-callbacks';
import type { DecisionResult } from '../contracts/workflow';
import { assertCanView, publicView } from '../rules/access';
import type { RegistrationRepository } from '../adapters/dynamodb/registration-store';

const needsComment = (d: { decision: Decision; comment: string }, ctx: z.core.$RefinementCtx) => {
  if (d.decision !== 'approve' && d.comment.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['comment'], message: 'Give the submitter a reason when you reject or request changes' });
  }
};

const commentField = z._default(z.string().check(z.trim(), z.maxLength(2000, 'A comment may be at most 2000 characters')), '');

export const DecisionInputSchema = z
  .strictObject({ group: ApproverGroupSchema, decision: DecisionSchema, comment: commentField })
  .check(z.superRefine(needsComment))
  .register(z.globalRegistry, { id: 'DecisionInput' });

/** The body of a decision made from an e-mail link: the link names the group. */
export const LinkDecisionInputSchema = z
  .strictObject({ decision: DecisionSchema, comment: commentField })
  .check(z.superRefine(needsComment))
  .register(z.globalRegistry, { id: 'LinkDecisionInput' });

export interface DecideDeps {
  repo: RegistrationRepository;
  callbacks: TaskCallbacks;
  now: () => Date;
}

const STATE_OF: Record<Decision, 'APPROVED' | 'REJECTED' | 'CHANGES_REQUESTED'> = {
  approve: 'APPROVED',
  reject: 'REJECTED',
  'request-changes': 'CHANGES_REQUESTED',
};

/**
 * Records a group's decision on the current round and resumes the waiting workflow step.
 * The write is conditional (no read-then-write race): of racing decisions exactly one wins,
 * the others get 409. The task token is read after the write, so a step that moved on to a
 * reminder in the meantime is resumed with its new token; if the step timed out at that very
 * moment, the next step finds the decision and completes itself.
 */
export const recordGroupDecision = async (
  deps: DecideDeps,
  args: { id: string; group: ApproverGroup; decision: Decision; comment: string; actor: Actor; linkHash?: string; round?: number },
): Promise<Registration> => {
  const { id, group, decision } = args;
  for (let attempt = 0; attempt < 4; attempt++) {
    const r = await deps.repo.get(id);
    if (!r) throw new NotFoundError(`No registration ${id}`);
    if (args.round !== undefined && r.round !== args.round) throw new ConflictError('This decision was for an earlier round; the registration has been resubmitted since');
    if (r.status !== 'PENDING_APPROVAL') throw new ConflictError(`The registration is ${r.status.toLowerCase().replace('_', ' ')}; it takes no decisions now`);
    const approval = r.approvals.find((a) => a.group === group);
    if (!approval) throw new ConflictError(`${group} is not asked to decide on this registration`);
    if (approval.state !== 'PENDING') throw new ConflictError(`${group} has already decided in this round`);
    const at = deps.now().toISOString();
    const comment = args.comment || null;
    const result = await deps.repo.recordDecision({
      id,
      round: r.round,
      group,
      state: STATE_OF[decision],
      actor: args.actor,
      comment,
      entry: { at, by: args.actor, action: 'DECIDED', comment, details: { group, decision, round: r.round } },
      otherPending: r.approvals.filter((a) => a.group !== group && a.state === 'PENDING').map((a) => a.group),
      linkHash: args.linkHash,
    });
    if (result === true) {
      const token = await deps.repo.currentTaskToken(id, r.round, group);
      if (token) await deps.callbacks.succeed(token, { group, decision } satisfies DecisionResult);
      return publicView((await deps.repo.get(id)) ?? r);
    }
    if (result === 'link-used') throw new ConflictError('This e-mail link has already been used');
    if (result === 'already-decided') throw new ConflictError(`${group} has already decided in this round`);
    if (result === 'round-closed') throw new ConflictError('The round was closed by another decision or a cancellation');
    // 'conflict': someone else wrote at the same moment; read again and re-check.
  }
  throw new ConflictError('Another decision is being recorded right now; reload and try again');
};

/** Use case: a member of an approver group decides (POST /registrations/{id}/decisions). */
export const decideRegistration = async (deps: DecideDeps, principal: Principal, id: string, body: unknown): Promise<Registration> => {
  const input = parseInput(DecisionInputSchema, body);
  const r = await deps.repo.get(id);
  assertCanView(principal, r, id);
  if (!hasRole(principal, input.group)) throw new ForbiddenError(`Only members of ${input.group} may decide for ${input.group}`);
  return recordGroupDecision(deps, {
    id,
    group: input.group,
    decision: input.decision,
    comment: input.comment,
    actor: { sub: principal.sub, email: principal.email, name: principal.name },
  });
};
