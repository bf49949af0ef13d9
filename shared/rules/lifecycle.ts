import type { ProblemCode } from '../contracts/problem-codes';
import type { Approval, ApprovalState, ApproverGroup, Decision, RegistrationStatus } from '../contracts/registration';

/**
 * The life of a registration, in one place: its statuses, the moves between them, and what
 * each status permits. Use cases ask these functions instead of keeping lists of their own.
 *
 * PENDING_APPROVAL → APPROVED | REJECTED | CHANGES_REQUESTED | EXPIRED | CANCELLED
 * CHANGES_REQUESTED → PENDING_APPROVAL (resubmitted) | CANCELLED
 * APPROVED → CANCELLED
 * REJECTED, CANCELLED, EXPIRED: final
 */
export const TRANSITIONS: Readonly<Record<RegistrationStatus, readonly RegistrationStatus[]>> = {
  PENDING_APPROVAL: ['APPROVED', 'REJECTED', 'CHANGES_REQUESTED', 'EXPIRED', 'CANCELLED'],
  CHANGES_REQUESTED: ['PENDING_APPROVAL', 'CANCELLED'],
  APPROVED: ['CANCELLED'],
  REJECTED: [],
  CANCELLED: [],
  EXPIRED: [],
};

export const canMove = (from: RegistrationStatus, to: RegistrationStatus) => TRANSITIONS[from].includes(to);
/** The statuses a move to `to` may start from (the condition of the conditional write). */
export const statusesThatMoveTo = (to: RegistrationStatus): RegistrationStatus[] =>
  (Object.keys(TRANSITIONS) as RegistrationStatus[]).filter((from) => canMove(from, to));

/** Final statuses that end a registration without an approved exam: nothing more happens on it. */
export const isClosed = (s: RegistrationStatus) => TRANSITIONS[s].length === 0 && s !== 'APPROVED';

/** What each status permits its owner and approvers. */
export const permits = {
  /** Approver groups decide only while the round is pending. */
  decisions: (s: RegistrationStatus) => s === 'PENDING_APPROVAL',
  /** The owner cancels any time before the exam, while a cancellation is still a move. */
  cancel: (s: RegistrationStatus) => canMove(s, 'CANCELLED'),
  /** The owner resubmits only after changes were requested. */
  resubmit: (s: RegistrationStatus) => s === 'CHANGES_REQUESTED',
  /** A candidate list is taken until the registration is closed (and the letter is out, which the store checks). */
  candidates: (s: RegistrationStatus) => !isClosed(s),
  /** Errors in the question set: before the start on any open registration, during the exam only on an approved one. */
  incident: (s: RegistrationStatus, phase: 'before-start' | 'during') => !isClosed(s) && (phase === 'before-start' || s === 'APPROVED'),
} as const;

/** The problem code when a status forbids an action: `CANCELLED` on a cancelled registration, the action's own code otherwise. */
export const refusalCode = <C extends ProblemCode>(s: RegistrationStatus, otherwise: C): C | 'CANCELLED' => (s === 'CANCELLED' ? 'CANCELLED' : otherwise);

/**
 * The decision deadline: the date the students must be informed by (R7). After it, nobody decides,
 * by the API or by an e-mail link; the workflow then records the expiry.
 */
export const decisionDeadlinePassed = (r: { derived: { studentInfoDueBy: string } }, now: Date) => Date.parse(r.derived.studentInfoDueBy) <= now.getTime();

/** The outcomes of a round the submitter is told about. */
export const ROUND_OUTCOMES: readonly RegistrationStatus[] = ['APPROVED', 'REJECTED', 'CHANGES_REQUESTED', 'EXPIRED'];

/** A status in words, for messages ("changes requested"). */
export const statusInWords = (s: RegistrationStatus) => s.toLowerCase().replace('_', ' ');

/** The approval state a group's decision leads to. */
export const DECISION_STATE: Readonly<Record<Decision, 'APPROVED' | 'REJECTED' | 'CHANGES_REQUESTED'>> = {
  approve: 'APPROVED',
  reject: 'REJECTED',
  'request-changes': 'CHANGES_REQUESTED',
};

/** The decision an approval holds, if it was decided by its group. */
export const decisionOf = (a: Pick<Approval, 'state'>): Decision | null =>
  (Object.entries(DECISION_STATE) as [Decision, ApprovalState][]).find(([, state]) => state === a.state)?.[0] ?? null;

/** A decision other than approval ends the round for every group. */
export const endsRound = (d: Decision) => d !== 'approve';

/** A new, pending approval of a group in a round. */
export const pendingApproval = (group: ApproverGroup, round: number, at: string): Approval => ({
  group,
  round,
  state: 'PENDING',
  requestedAt: at,
  stage: 'initial',
  decidedAt: null,
  decidedBy: null,
  comment: null,
});
