import { DecisionInputSchema } from '../contracts/http';
import { parseInput } from '../contracts/parse';
import type { Actor, ApproverGroup, Decision, Registration } from '../contracts/registration';
import type { DecisionResult } from '../contracts/workflow';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import type { ApprovalLinkStore, ApprovalStore, Clock, RegistrationStore, TaskCallbacks } from '../ports';
import { assertCanView, isOwner, publicView } from '../rules/access';
import { DECISION_STATE, decisionDeadlinePassed, permits, refusalCode, statusInWords } from '../rules/lifecycle';
import { type Principal, hasRole } from '../rules/principal';
import { openLink } from './link-access';

export interface DecideDeps {
  registrations: RegistrationStore;
  approvals: ApprovalStore;
  callbacks: TaskCallbacks;
  now: Clock;
  /** With it, a signed-in approver may decide through an e-mail link (the decision is theirs, the link used up). */
  links?: ApprovalLinkStore;
}

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
    const r = await deps.registrations.get(id);
    if (!r) throw new NotFoundError(`No registration ${id}`);
    if (args.round !== undefined && r.round !== args.round)
      throw new ConflictError('This decision was for an earlier round; the registration has been resubmitted since', 'STALE_ROUND');
    if (!permits.decisions(r.status))
      throw new ConflictError(`The registration is ${statusInWords(r.status)}; it takes no decisions now`, refusalCode(r.status, 'NOT_PENDING'));
    if (decisionDeadlinePassed(r, deps.now()))
      throw new ConflictError('The deadline for a decision (the date the students must be informed by) has passed; the registration expires', 'DEADLINE_PASSED');
    const approval = r.approvals.find((a) => a.group === group);
    if (!approval) throw new ConflictError(`${group} is not asked to decide on this registration`, 'NOT_ASKED');
    if (approval.state !== 'PENDING') throw new ConflictError(`${group} has already decided in this round`, 'ALREADY_DECIDED');
    const at = deps.now().toISOString();
    const comment = args.comment || null;
    const result = await deps.approvals.recordDecision({
      id,
      round: r.round,
      group,
      state: DECISION_STATE[decision],
      actor: args.actor,
      comment,
      entry: { at, by: args.actor, action: 'DECIDED', comment, details: { group, decision, round: r.round, ...(args.linkHash ? { via: 'email-link' } : {}) } },
      otherPending: r.approvals.filter((a) => a.group !== group && a.state === 'PENDING').map((a) => a.group),
      linkHash: args.linkHash,
    });
    if (result === true) {
      const token = await deps.approvals.currentTaskToken(id, r.round, group);
      if (token) await deps.callbacks.succeed(token, { group, decision } satisfies DecisionResult);
      return publicView((await deps.registrations.get(id)) ?? r);
    }
    if (result === 'link-used') throw new ConflictError('This e-mail link has already been used', 'LINK_USED');
    // 'already-decided', 'round-closed' or 'conflict': someone else wrote first; read again, and
    // the checks above say what happened (decided, cancelled, closed by another group).
  }
  throw new ConflictError('Another decision is being recorded right now; reload and try again', 'CONCURRENT_CHANGE');
};

/** Use case: a member of an approver group decides (POST /registrations/{id}/decisions). */
export const decideRegistration = async (deps: DecideDeps, principal: Principal, id: string, body: unknown): Promise<Registration> => {
  const input = parseInput(DecisionInputSchema, body);
  const r = assertCanView(principal, await deps.registrations.get(id), id);
  if (!hasRole(principal, input.group)) throw new ForbiddenError(`Only members of ${input.group} may decide for ${input.group}`);
  // Separation of duties: another member of the group decides on what one submitted.
  if (isOwner(principal, r)) throw new ForbiddenError(`You submitted this registration; another member of ${input.group} must decide on it`);
  // Through an e-mail link: the link must be this registration's and group's, open; the decision is for its round.
  const link = input.linkId !== undefined ? await linkFor(deps, input.linkId, id, input.group) : undefined;
  return recordGroupDecision(deps, {
    id,
    group: input.group,
    decision: input.decision,
    comment: input.comment,
    actor: { sub: principal.sub, email: principal.email, name: principal.name },
    round: link?.round ?? input.round,
    ...(link ? { linkHash: link.hash } : {}),
  });
};

/** An open e-mail link of this registration and group; any other is "not valid" alike, so links cannot be probed. */
const linkFor = async (deps: DecideDeps, linkId: string, id: string, group: ApproverGroup) => {
  if (!deps.links) throw new NotFoundError('This link is not valid');
  const { hash, link } = await openLink({ registrations: deps.registrations, links: deps.links, now: deps.now }, linkId);
  if (link.registrationId !== id || link.group !== group) throw new NotFoundError('This link is not valid');
  return { hash, round: link.round };
};
