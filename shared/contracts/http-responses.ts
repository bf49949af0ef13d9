import * as z from 'zod/mini';
import { CapacitySchema } from './calendar';
import { RehearsalSchema } from './catalogue';
import { ApprovalSchema, ApproverGroupSchema, RegistrationSchema } from './registration';
import { LetterLanguageSchema } from './languages';
import { IncidentSchema, LetterStatusSchema, StudentNoticeStateSchema } from './student-notices';

// Each schema below is built inside `/* @__PURE__ */ (() => …)()`: a function's bundle leaves out, and never builds, the
// schemas it does not use (building them was most of a cold start's import time above the SDK's; docs/performance.md).

/**
 * Response bodies of the HTTP routes that are not a registration, an incident or a problem as
 * they are (those are in ./registration, ./student-notices and ./problem). The OpenAPI
 * document and the web app's types come from these; the handlers answer with what the use
 * cases return. Apart from the request schemas (./http) so that a handler validating a request
 * does not carry them.
 */

/** GET /registrations/{id}: a registration with its student-notice state and any incidents. */
export const RegistrationViewSchema = /* @__PURE__ */ (() =>
  z
    .extend(RegistrationSchema, {
      studentNotice: StudentNoticeStateSchema,
      incidents: z.optional(z.array(IncidentSchema)),
      capacity: z.optional(CapacitySchema),
    })
    .register(z.globalRegistry, { id: 'RegistrationView' }))();
export type RegistrationView = z.infer<typeof RegistrationViewSchema>;

/** PUT /registrations/{id}/candidates: the list as stored. */
export const CandidateListResultSchema = /* @__PURE__ */ (() =>
  z
    .object({
      folded: z.number().check(z.int()).register(z.globalRegistry, { description: 'Duplicates removed (same address, any case).' }),
      studentNotice: StudentNoticeStateSchema,
    })
    .register(z.globalRegistry, { id: 'CandidateListResult' }))();
export type CandidateListResult = z.infer<typeof CandidateListResultSchema>;

/** An error in the question set that waits for IT's or ED's decision on extra time, with the registration it is on. */
export const IncidentAwaitingExtraTimeSchema = /* @__PURE__ */ (() =>
  z
    .object({ registration: z.omit(RegistrationSchema, { history: true, approvals: true }), incident: IncidentSchema })
    .register(z.globalRegistry, { id: 'IncidentAwaitingExtraTime' }))();
export type IncidentAwaitingExtraTime = z.infer<typeof IncidentAwaitingExtraTimeSchema>;

/** A software request's rehearsal as a list shows it: its state, its date and the flag. */
export const RehearsalSummarySchema = /* @__PURE__ */ (() =>
  z.pick(RehearsalSchema, { state: true, dueBy: true, flag: true }).register(z.globalRegistry, {
    id: 'RehearsalSummary',
    description:
      'A software request’s rehearsal: `tested`, `failed` or `missing` (not recorded), the local date it is due by, and `flag` when IT and the teacher must act (`failed`, or `missing` from a few days before its date).',
  }))();
export type RehearsalSummary = z.infer<typeof RehearsalSummarySchema>;

/** GET /registrations: one page; an item is a registration without its history. */
export const ListResponseSchema = /* @__PURE__ */ (() =>
  z
    .object({
      items: z.array(
        z.extend(z.omit(RegistrationSchema, { history: true, changes: true }), {
          capacity: z.optional(CapacitySchema),
          changedFields: z.optional(z.array(z.string())).register(z.globalRegistry, {
            description: 'A resubmission: the fields of the form that differ from the previous round (the registration itself gives their values).',
          }),
          decision: z.optional(ApprovalSchema).register(z.globalRegistry, {
            description: "The decided view: the group's decision (its round, who, when, comment); the registration is as it is now.",
          }),
          rehearsal: z.optional(RehearsalSummarySchema).register(z.globalRegistry, {
            description: 'A software request that is pending or approved, until its exam day: its rehearsal (absent otherwise).',
          }),
        }),
      ),
      nextToken: z.nullable(z.string()),
      total: z.optional(z.number().check(z.int(), z.minimum(0))).register(z.globalRegistry, {
        description: 'The queue view: how many registrations wait for your groups and match the filters (on every page).',
      }),
      partial: z.optional(z.boolean()).register(z.globalRegistry, {
        description: 'The queue view: true when a group has more waiting than the queue reads at once (3,000); the oldest 3,000 are sorted and counted.',
      }),
      incidentsAwaitingExtraTime: z.optional(z.array(IncidentAwaitingExtraTimeSchema)).register(z.globalRegistry, {
        description:
          'The queue view, first page only: errors in the question set reported during an exam that IT or ED handle (R8) and whose extra time is not recorded yet, oldest first (at most 50), whichever groups approved the registration.',
      }),
    })
    .register(z.globalRegistry, { id: 'RegistrationList' }))();
export type RegistrationList = z.infer<typeof ListResponseSchema>;
export type RegistrationSummary = RegistrationList['items'][number];

/** GET /approval-links/{linkId}: what an e-mail link is about. */
export const ApprovalLinkViewSchema = /* @__PURE__ */ (() =>
  z
    .object({
      registration: RegistrationSchema,
      group: ApproverGroupSchema,
      round: z.number().check(z.int()),
      expiresAt: z.iso.datetime(),
      sentTo: z.array(z.string()).register(z.globalRegistry, {
        description:
          'The mailbox the link was sent to. A decision made on this route is recorded as it; a signed-in member of the group decides with `linkId` on POST /registrations/{id}/decisions to be recorded by name.',
      }),
    })
    .register(z.globalRegistry, { id: 'ApprovalLinkView' }))();
export type ApprovalLinkView = z.infer<typeof ApprovalLinkViewSchema>;

const count = /* @__PURE__ */ (() => z.number().check(z.int(), z.minimum(0)))();

/**
 * GET /registrations/{id}/letter: the student letter of a registration as the students get it,
 * rendered by the same templates as the mail: the exam information letter of a mid-term exam,
 * or the software notice of a software request. Before it is prepared it is rendered from the
 * registration now (a preview); from then on it is the content that was fixed for sending.
 */
export const StudentLetterViewSchema = /* @__PURE__ */ (() =>
  z
    .object({
      notice: z.enum(['letter', 'software']).register(z.globalRegistry, {
        description: '`letter`: the exam information letter (R7, a mid-term exam); `software`: what to install and test (a software request).',
      }),
      status: LetterStatusSchema,
      sendsAt: z.nullable(z.iso.datetime({ offset: true })).register(z.globalRegistry, {
        description:
          'When it goes (or went) out: as scheduled after approval, else the date the students must be informed by; `null` when the registration will send nothing (rejected, cancelled, expired).',
      }),
      source: z.enum(['preview', 'as-sent']).register(z.globalRegistry, {
        description: '`preview`: rendered from the registration now; `as-sent`: the content fixed when sending began.',
      }),
      languages: z.array(LetterLanguageSchema).register(z.globalRegistry, { description: 'The languages of the letter, in the order they appear in it.' }),
      subject: z.string(),
      text: z.string(),
      html: z.string().register(z.globalRegistry, { description: 'A whole HTML document; user-written text in it is escaped.' }),
      delivery: z.nullable(z.object({ pending: count, sent: count, bounced: count, complained: count, failed: count })).register(z.globalRegistry, {
        description: 'Recipients by delivery state, once sending has begun; `null` before.',
      }),
      failedRecipients: z
        .optional(z.array(z.object({ email: z.string(), name: z.nullable(z.string()), status: z.enum(['bounced', 'complained', 'failed']) })))
        .register(z.globalRegistry, { description: 'The owner only, once sending has begun: the addresses the letter did not reach, and why.' }),
    })
    .register(z.globalRegistry, { id: 'StudentLetterView' }))();
export type StudentLetterView = z.infer<typeof StudentLetterViewSchema>;
