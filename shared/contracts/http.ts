import * as z from 'zod/mini';
import { calendarDate } from './calendar';
import { AddToCatalogueSchema } from './catalogue';
import { ApproverGroupSchema, DecisionSchema, ExamTypeSchema, RegistrationStatusSchema } from './registration';

// Each schema below is built inside `/* @__PURE__ */ (() => …)()`: a function's bundle leaves out, and never builds, the
// schemas it does not use (building them was most of a cold start's import time above the SDK's; docs/performance.md).

/**
 * Request bodies and queries of the HTTP routes that are not forms (the registration form is
 * in ./registration, candidate lists and incidents in ./student-notices; response bodies in
 * ./http-responses, problem details in ./problem). Validation, the TypeScript types, the
 * OpenAPI document and the web app all come from these schemas.
 */

const needsComment = (d: { decision: z.infer<typeof DecisionSchema>; comment: string }, ctx: z.core.$RefinementCtx) => {
  if (d.decision !== 'approve' && d.comment.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['comment'],
      message: 'Give the submitter a reason when you reject or request changes',
      params: { code: 'COMMENT_REQUIRED' },
    });
  }
};

const commentField = /* @__PURE__ */ (() => z._default(z.string().check(z.trim(), z.maxLength(2000, 'A comment may be at most 2000 characters')), ''))();

/** POST /registrations/{id}/decisions */
export const DecisionInputSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      group: ApproverGroupSchema,
      decision: DecisionSchema,
      comment: commentField,
      linkId: z.optional(z.string().check(z.maxLength(64))).register(z.globalRegistry, {
        description:
          'The id of the e-mail link the decision is made from, when a signed-in approver confirms on the page it opened: the decision is theirs, for the link’s round, and the link is used up with it.',
      }),
      round: z.optional(z.number().check(z.int(), z.minimum(1))).register(z.globalRegistry, {
        description:
          'The round you saw: if the registration has been resubmitted since, the decision is refused (409 STALE_ROUND) rather than applied to a form you have not seen.',
      }),
      addToCatalogue: z.optional(AddToCatalogueSchema),
    })
    .check(z.superRefine(needsComment))
    .register(z.globalRegistry, { id: 'DecisionInput' }))();
export type DecisionInput = z.infer<typeof DecisionInputSchema>;

/** POST /approval-links/{id}: the body of a decision made from an e-mail link (the link names the group). */
export const LinkDecisionInputSchema = /* @__PURE__ */ (() =>
  z.strictObject({ decision: DecisionSchema, comment: commentField }).check(z.superRefine(needsComment)).register(z.globalRegistry, { id: 'LinkDecisionInput' }))();
export type LinkDecisionInput = z.infer<typeof LinkDecisionInputSchema>;

/** POST /registrations/{id}/cancel */
export const CancelInputSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({ reason: z._default(z.string().check(z.trim(), z.maxLength(2000, 'A reason may be at most 2000 characters')), '') })
    .register(z.globalRegistry, { id: 'CancelInput' }))();
export type CancelInput = z.infer<typeof CancelInputSchema>;

/** GET /registrations */
export const ListQuerySchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      view: z.optional(z.enum(['mine', 'queue', 'decided'])).register(z.globalRegistry, {
        description:
          "mine: your own registrations (staff); queue: what waits for your groups, most urgent first (approvers); decided: your group's decisions, newest first (approvers).",
      }),
      status: z.optional(RegistrationStatusSchema),
      kind: z.optional(z.enum(['midterm', 'software'])),
      group: z
        .optional(ApproverGroupSchema)
        .register(z.globalRegistry, { description: 'queue and decided views: one of your groups only (decided: your first group unless told).' }),
      examType: z.optional(ExamTypeSchema).register(z.globalRegistry, { description: 'queue view: exams of this type only.' }),
      from: z.optional(calendarDate('from')).register(z.globalRegistry, { description: 'queue view: exams starting on or after this local date.' }),
      to: z.optional(calendarDate('to')).register(z.globalRegistry, { description: 'queue view: exams starting on or before this local date.' }),
      resubmitted: z
        .optional(z.enum(['true', 'false']))
        .register(z.globalRegistry, { description: 'queue view: only registrations in a later round (true) or in their first (false).' }),
      q: z
        .optional(z.string().check(z.trim(), z.maxLength(100, 'Search for at most 100 characters')))
        .register(z.globalRegistry, { description: 'queue view: course code or name containing this (any case).' }),
      limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20),
      nextToken: z.optional(z.string().check(z.maxLength(4096))),
    })
    .check(
      z.superRefine((q, ctx) => {
        if (q.from && q.to && q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be on or after from' });
      }),
    )
    .register(z.globalRegistry, { id: 'ListQuery' }))();
export type ListQuery = z.infer<typeof ListQuerySchema>;

/** POST /registrations/{id}/incidents/{incidentId}/extra-time: the extra time after an error during the exam (R8), recorded once. */
export const ExtraTimeInputSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      minutes: z
        .number({ error: 'Give the extra time in whole minutes (0 for none)' })
        .check(z.int('Whole minutes'), z.minimum(0), z.maximum(240, 'At most 240 minutes')),
      comment: z._default(z.string().check(z.trim(), z.maxLength(2000)), ''),
    })
    .register(z.globalRegistry, { id: 'ExtraTimeInput' }))();
export type ExtraTimeInput = z.infer<typeof ExtraTimeInputSchema>;
