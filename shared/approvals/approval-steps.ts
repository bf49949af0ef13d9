import { type CalendarDeps, capacityOfExams } from '../read-models/capacity';
import { type ApproverGroup, type Registration, SYSTEM_ACTOR } from '../contracts/registration';
import {
  type CloseRoundInput,
  type DecisionResult,
  type ExecutionInput,
  type PlanRoundOutput,
  ROUND_ENDING_ERRORS,
  type RequestDecisionInput,
  type WorkflowFailureInput,
} from '../contracts/workflow';
import { type MailContext, renderApprovalRequest, renderOutcome } from '../mail/render';
import type { ApprovalStore, Clock, MailClaims, MailSender, NoticeStore, OutgoingMail, RegistrationStore, RehearsalStore, TaskCallbacks } from '../ports';
import { type ApprovalTiming, stageLimits, stageTimeouts } from '../rules/approval-timing';
import { ROUND_OUTCOMES, decisionOf, statusesThatMoveTo } from '../rules/lifecycle';
import { personalDataExpiry } from '../rules/retention';
import { rehearsalReminderAt } from '../rules/software-setup';
import { REHEARSAL_NOTICE_ID, mainNoticeId } from '../rules/student-notice';

/**
 * The steps of the approval workflow, as use cases. Each is idempotent: the workflow
 * retries steps, and local mode re-drives unfinished executions after a restart.
 */

export interface StepDeps {
  registrations: RegistrationStore;
  now: Clock;
}

export const planRound = async (deps: StepDeps & { timing: ApprovalTiming }, input: ExecutionInput): Promise<PlanRoundOutput> => {
  const r = await deps.registrations.get(input.registrationId);
  if (!r || r.round !== input.round || r.status !== 'PENDING_APPROVAL') return { groups: [] };
  const timeouts = stageTimeouts(deps.now(), r.derived.studentInfoDueBy, deps.timing);
  const limits = stageLimits(timeouts);
  return {
    groups: r.approvals
      // Approvals kept from the previous round (nothing in their scope changed) are not asked again.
      .filter((a) => a.round === input.round && a.state === 'PENDING')
      .map((a) => ({ registrationId: r.id, round: r.round, group: a.group, timeouts, limits })),
  };
};

/**
 * Sends an e-mail of a registration once per `what`, however often the workflow retries the
 * step: claimed before the send, given back when the send fails (so the retry sends). Only a
 * stop between claim and send loses it; approvers are then reminded at the next stage.
 */
const sendOnce = async (deps: StepDeps & { mailer: MailSender; mailClaims: MailClaims }, id: string, what: string, message: OutgoingMail) => {
  if (!(await deps.mailClaims.claim(id, what, deps.now().toISOString()))) return;
  try {
    await deps.mailer.send(message);
  } catch (error) {
    await deps.mailClaims.release(id, what);
    throw error;
  }
};

export interface RequestDecisionDeps extends StepDeps {
  approvals: ApprovalStore;
  mailClaims: MailClaims;
  mailer: MailSender;
  callbacks: TaskCallbacks;
  mail: MailContext;
  approverAddresses: Record<ApproverGroup, string[]>;
  /** Builds the link in the approver e-mail for this group and round. */
  actionUrl: (r: Registration, group: ApproverGroup, sentTo: readonly string[]) => Promise<string>;
  /** With it, the e-mail tells the group the load it is approving (and says so plainly when overbooked). */
  capacity?: CalendarDeps;
}

/**
 * A group's approval step starts or moves to its next stage: store the task token so the
 * decision API can resume the workflow, and mail the group (once per stage). If the group
 * decided already (a decision raced the stage change, or the step is re-driven), the step
 * completes itself with that decision.
 */
export const requestDecision = async (deps: RequestDecisionDeps, input: RequestDecisionInput): Promise<void> => {
  const { registrationId: id, round, group, stage, taskToken } = input;
  const registered = await deps.approvals.registerTaskToken(id, round, group, stage, taskToken);
  if (!registered.pending) {
    const decision = registered.approval ? decisionOf(registered.approval) : null;
    if (decision) await deps.callbacks.succeed(taskToken, { group, decision } satisfies DecisionResult);
    else await deps.callbacks.fail(taskToken, ROUND_ENDING_ERRORS.superseded, 'This approval is no longer pending');
    return;
  }
  if (registered.alreadyMailed) return;
  const r = await deps.registrations.get(id);
  if (!r) return;
  const capacity = deps.capacity ? (await capacityOfExams(deps.capacity, [{ exam: r, groups: [group] }])).get(id)?.[group] : undefined;
  const mail = renderApprovalRequest(r, group, stage, await deps.actionUrl(r, group, deps.approverAddresses[group]), deps.mail, capacity);
  await sendOnce(deps, id, `approval#${round}#${group}#${stage}`, {
    to: deps.approverAddresses[group],
    ...mail,
    tags: { registration: id, kind: `approval-${stage}` },
  });
  await deps.approvals.markMailed(id, round, group, stage, deps.now().toISOString());
};

export interface CloseRoundDeps extends StepDeps {
  mailClaims: MailClaims;
  mailer: MailSender;
  mail: MailContext;
  notices: NoticeStore;
  /** A software request's rehearsal: the date IT set for it decides when its reminder goes. */
  rehearsals: Pick<RehearsalStore, 'get'>;
  retentionDays: number;
}

export interface ScheduledNotice {
  registrationId: string;
  noticeId: string;
  /** When to send it (the Wait state's timestamp). */
  at: string;
}

/**
 * After approval: a mid-term registration's exam information letter is due 7 days before the
 * exam (R7), at once if that is already past. A software request's notice goes at once to the
 * candidates already known, and again on the due date to those added since; and its rehearsal
 * reminder goes to the teacher and IT a few days before the rehearsal is due (rehearsalReminderAt),
 * unless it was recorded as tested by then (prepareNotice checks). The notices are listed in the
 * order they are due: the workflow sends them one after the other.
 */
const scheduleStudentNotices = async (deps: CloseRoundDeps, r: Registration): Promise<{ notices: ScheduledNotice[]; late: boolean }> => {
  const now = deps.now();
  const due = r.derived.studentInfoDueBy;
  const late = Date.parse(due) <= now.getTime();
  const at = late ? now.toISOString() : new Date(due).toISOString();
  const noticeId = mainNoticeId(r.form.kind);
  const expiresAt = personalDataExpiry(r.form.exam, deps.retentionDays);
  await deps.notices.schedule(r.id, { noticeId, kind: noticeId, scheduledFor: at, expiresAt });
  const notices = [{ registrationId: r.id, noticeId, at }];
  if (r.form.kind === 'software' && !late) notices.unshift({ registrationId: r.id, noticeId, at: now.toISOString() });
  const remindAt = r.form.kind === 'software' ? rehearsalReminderAt(r.form.exam, (await deps.rehearsals.get(r.id))?.dueBy ?? null, now, deps.mail.timeZone) : null;
  if (remindAt) {
    await deps.notices.schedule(r.id, { noticeId: REHEARSAL_NOTICE_ID, kind: 'rehearsal', scheduledFor: remindAt, expiresAt });
    notices.push({ registrationId: r.id, noticeId: REHEARSAL_NOTICE_ID, at: remindAt });
  }
  return { notices: notices.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)), late };
};

/**
 * The round is over: every group approved, one group rejected or asked for changes, or the
 * deadline passed. Records APPROVED or EXPIRED (rejections were recorded by the decision
 * itself, atomically with it) and tells the submitter, with the approver's comment.
 */
export const closeRound = async (deps: CloseRoundDeps, input: CloseRoundInput): Promise<{ status: string; notices: ScheduledNotice[] }> => {
  const { registrationId: id, round } = input;
  const r = await deps.registrations.get(id);
  if (!r || r.round !== round) return { status: 'SUPERSEDED', notices: [] };
  const error = input.failure?.Error;
  let status = r.status;
  let current: typeof r | null = r;
  // A decision may land while the round closes: the move is conditional, so read again and re-decide.
  for (let attempt = 0; attempt < 4 && current?.status === 'PENDING_APPROVAL' && current.round === round; attempt++) {
    const pendingGroups = current.approvals.filter((a) => a.state === 'PENDING').map((a) => a.group);
    const to = !error || pendingGroups.length === 0 ? 'APPROVED' : error === ROUND_ENDING_ERRORS.expired ? 'EXPIRED' : null;
    if (!to) break;
    const at = deps.now().toISOString();
    const moved = await deps.registrations.transition({
      id,
      round,
      from: statusesThatMoveTo(to),
      to,
      entry:
        to === 'APPROVED'
          ? { at, by: SYSTEM_ACTOR, action: 'APPROVED', comment: null, details: { round } }
          : { at, by: SYSTEM_ACTOR, action: 'EXPIRED', comment: 'No decision before the deadline', details: { round, waitingFor: pendingGroups } },
      ...(to === 'EXPIRED' ? { pendingApprovals: { groups: pendingGroups, to: 'EXPIRED' as const } } : {}),
    });
    if (moved) {
      status = to;
      break;
    }
    current = await deps.registrations.get(id);
    status = current?.status ?? status;
  }
  if (!ROUND_OUTCOMES.includes(status)) return { status, notices: [] };

  const fresh = (await deps.registrations.get(id)) ?? r;
  const { notices, late } = status === 'APPROVED' ? await scheduleStudentNotices(deps, fresh) : { notices: [], late: false };
  if (fresh.history.some((h) => h.action === 'OUTCOME_MAILED' && h.details?.round === round)) return { status, notices };
  // The comment quoted is the one of the decision that ended the round (the group that rejected or
  // asked for changes), whatever order the groups decided in. An approval or an expiry quotes none.
  const decisive = status === 'REJECTED' || status === 'CHANGES_REQUESTED' ? (fresh.approvals.find((a) => a.state === status) ?? null) : null;
  const mail = renderOutcome(
    fresh,
    status,
    { comment: decisive?.comment ?? null, by: decisive?.decidedBy ? (decisive.decidedBy.name ?? decisive.decidedBy.email) : null, group: decisive?.group ?? null },
    deps.mail,
    late,
  );
  await sendOnce(deps, id, `outcome#${round}`, { to: [fresh.form.contact.email], ...mail, tags: { registration: id, kind: 'outcome' } });
  await deps.registrations.appendHistory(id, {
    at: deps.now().toISOString(),
    by: SYSTEM_ACTOR,
    action: 'OUTCOME_MAILED',
    comment: null,
    details: { round, status },
  });
  return { status, notices };
};

/**
 * Keeps an unexpected workflow failure visible on the registration (its history) instead of losing it.
 * Owner and approvers read a plain sentence; the AWS error name and message stay in the logs and the
 * execution's history, where the operations team looks (`failureDetail` gives them to the handler's log).
 */
export const recordWorkflowFailure = async (deps: StepDeps, input: WorkflowFailureInput): Promise<void> => {
  await deps.registrations.appendHistory(input.registrationId, {
    at: deps.now().toISOString(),
    by: SYSTEM_ACTOR,
    action: 'WORKFLOW_FAILED',
    comment: 'The approval workflow stopped because of an internal error; the operations team has been alerted.',
    details: { round: input.round },
  });
};

/** The error name and a short cause of a workflow failure, for the operator's log line (never for users). */
export const failureDetail = (input: WorkflowFailureInput): { error: string; cause: string } => {
  let cause = input.error.Cause ?? '';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: string };
    cause = parsed.errorMessage ?? cause;
  } catch {
    // The cause is plain text already.
  }
  return { error: input.error.Error, cause: cause.slice(0, 500) };
};
