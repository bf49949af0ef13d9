import * as z from 'zod/mini';
import { ApproverGroupSchema } from './registration';

// Each schema below is built inside `/* @__PURE__ */ (() => …)()`: a function's bundle leaves out, and never builds, the
// schemas it does not use (building them was most of a cold start's import time above the SDK's; docs/performance.md).

/**
 * The contract between the state machine and its task functions. The CDK definition
 * (infra/constructs/approval-workflow.ts) builds its payloads with these field names;
 * every task function parses its input with these schemas.
 *
 * Versioned by one rule: executions wait for weeks on the definition they started on while
 * deploys change the functions behind the `live` alias, so a field is never removed or renamed,
 * a new field is optional, and unknown fields are ignored (`z.object`, not `strictObject`).
 * `tests/infra/workflow-payloads.test.ts` keeps the payloads of every definition version.
 */
export const ExecutionInputSchema = /* @__PURE__ */ (() =>
  z.object({
    registrationId: z.string().check(z.minLength(1)),
    round: z.number().check(z.int(), z.minimum(1)),
  }))();
export type ExecutionInput = z.infer<typeof ExecutionInputSchema>;

export const StageSchema = /* @__PURE__ */ (() => z.enum(['initial', 'reminder', 'escalation']))();

/** A whole number of seconds, at least `min`. */
const seconds = (min: number) => z.number().check(z.int(), z.minimum(min));

export const PlanRoundOutputSchema = /* @__PURE__ */ (() =>
  z.object({
    groups: z.array(
      z.object({
        registrationId: z.string(),
        round: z.number().check(z.int()),
        group: ApproverGroupSchema,
        /**
         * Seconds each stage waits for a decision before the next (reminder, escalation, expiry):
         * the stage's heartbeat interval. `limits` are the stages' hard timeouts, a little later.
         */
        timeouts: z.object({ initial: seconds(1), reminder: seconds(1), escalation: seconds(1) }),
        limits: z.object({ initial: seconds(2), reminder: seconds(2), escalation: seconds(2) }),
      }),
    ),
  }))();
export type PlanRoundOutput = z.infer<typeof PlanRoundOutputSchema>;

export const RequestDecisionInputSchema = /* @__PURE__ */ (() =>
  z.object({
    registrationId: z.string().check(z.minLength(1)),
    round: z.number().check(z.int(), z.minimum(1)),
    group: ApproverGroupSchema,
    stage: StageSchema,
    taskToken: z.string().check(z.minLength(1)),
  }))();
export type RequestDecisionInput = z.infer<typeof RequestDecisionInputSchema>;

/** What the decision API sends back through SendTaskSuccess. */
export const DecisionResultSchema = /* @__PURE__ */ (() =>
  z.object({
    group: ApproverGroupSchema,
    decision: z.enum(['approve', 'reject', 'request-changes']),
  }))();
export type DecisionResult = z.infer<typeof DecisionResultSchema>;

export const CloseRoundInputSchema = /* @__PURE__ */ (() =>
  z.object({
    registrationId: z.string().check(z.minLength(1)),
    round: z.number().check(z.int(), z.minimum(1)),
    /** Set when the round ended early: a rejection, a change request or an expiry. */
    failure: z.optional(z.object({ Error: z.string(), Cause: z.optional(z.string()) })),
  }))();
export type CloseRoundInput = z.infer<typeof CloseRoundInputSchema>;

/** Error names the approval branches end with; the workflow catches them to close the round. */
export const ROUND_ENDING_ERRORS = {
  rejected: 'Approval.Rejected',
  changesRequested: 'Approval.ChangesRequested',
  expired: 'Approval.Expired',
  superseded: 'Approval.Superseded',
} as const;

export const executionName = (registrationId: string, round: number) => `${registrationId}-r${round}`;

export const WorkflowFailureInputSchema = /* @__PURE__ */ (() =>
  z.object({
    registrationId: z.string().check(z.minLength(1)),
    /** Absent in executions that only send notices. */
    round: z.optional(z.number().check(z.int(), z.minimum(1))),
    error: z.object({ Error: z.string(), Cause: z.optional(z.string()) }),
  }))();
export type WorkflowFailureInput = z.infer<typeof WorkflowFailureInputSchema>;

/** Input of the notice steps (prepare, dispatch): one notice of one registration. */
export const NoticeStepInputSchema = /* @__PURE__ */ (() =>
  z.object({
    registrationId: z.string().check(z.minLength(1)),
    noticeId: z.string().check(z.minLength(1), z.maxLength(80)),
  }))();
export type NoticeStepInput = z.infer<typeof NoticeStepInputSchema>;
