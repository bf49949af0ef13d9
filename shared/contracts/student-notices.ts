import * as z from 'zod/mini';
import { ActorSchema, multiLine, singleLine } from './registration';

// Each schema below is built inside `/* @__PURE__ */ (() => …)()`: a function's bundle leaves out, and never builds, the
// schemas it does not use (building them was most of a cold start's import time above the SDK's; docs/performance.md).

/**
 * What staff send and get back about the students of an exam: the candidate list that the
 * exam information letter goes to (R7), errors in the question set reported by the teacher
 * (R8), and the delivery state of the letter. Messages are written for the member of staff.
 */

/** Matches the most candidates an exam registration may expect (`exam.candidates`). */
export const MAX_CANDIDATES = 2000;

/* ---------- PUT /registrations/{id}/candidates ---------- */

export const CandidateSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      email: z
        .pipe(
          z.string({ error: 'E-mail address is required' }).check(z.trim()),
          z.email({ error: 'Must be a valid e-mail address' }).check(z.maxLength(254, 'An e-mail address is at most 254 characters')),
        )
        .register(z.globalRegistry, { format: 'email' }),
      name: z.optional(z.string({ error: 'Name must be text' }).check(z.trim(), z.maxLength(200, 'Name must be at most 200 characters'), singleLine('Name'))),
    })
    .register(z.globalRegistry, { id: 'Candidate' }))();
export type Candidate = z.infer<typeof CandidateSchema>;

export const CandidateListInputSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      candidates: z
        .array(CandidateSchema, { error: 'candidates must be a list of { email, name }' })
        .check(z.maxLength(MAX_CANDIDATES, `At most ${MAX_CANDIDATES} candidates per exam`)),
    })
    .register(z.globalRegistry, {
      id: 'CandidateListInput',
      title: 'Candidates of an exam',
      description: 'Replaces the candidate list. Addresses that differ only in upper and lower case count as one: the first is kept.',
    }))();
export type CandidateListInput = z.infer<typeof CandidateListInputSchema>;

/**
 * Folds addresses that differ only in case into the first one given, keeping the order.
 * Mailbox names are case-sensitive in theory, but no university mail system treats them so,
 * and one student should not get the letter twice.
 */
export const foldCandidates = (candidates: readonly Candidate[]): { candidates: Candidate[]; folded: number } => {
  const seen = new Set<string>();
  const kept = candidates.filter((c) => {
    const key = c.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { candidates: kept, folded: candidates.length - kept.length };
};

/* ---------- POST /registrations/{id}/incidents ---------- */

export const IncidentPhaseSchema = /* @__PURE__ */ (() =>
  z
    .enum(['before-start', 'during'], { error: 'phase must be "before-start" or "during"' })
    .register(z.globalRegistry, { description: 'When the error was found, as the teacher declares it: before the exam started or during it (R8).' }))();
export type IncidentPhase = z.infer<typeof IncidentPhaseSchema>;

export const IncidentInputSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      message: z
        .string({ error: 'Write the notice the candidates should get' })
        .check(
          z.trim(),
          z.minLength(1, 'Write the notice the candidates should get'),
          z.maxLength(5000, 'The notice may be at most 5000 characters'),
          multiLine('The notice'),
        )
        .register(z.globalRegistry, { description: 'The written notice to the candidates, sent to them word for word when the exam is under way.' }),
      phase: IncidentPhaseSchema,
    })
    .register(z.globalRegistry, { id: 'IncidentInput', title: 'Error in the question set' }))();
export type IncidentInput = z.infer<typeof IncidentInputSchema>;

/* ---------- Responses ---------- */

const INCIDENT_ROUTES = ['PLANNER', 'IT_ED', 'DEPARTMENT'] as const;
export type IncidentRoute = (typeof INCIDENT_ROUTES)[number];
export const IncidentRouteSchema = /* @__PURE__ */ (() =>
  z.enum(INCIDENT_ROUTES).register(z.globalRegistry, {
    description:
      '`PLANNER`: before the start, the planner updates the test; `IT_ED`: during a school exam or a home exam of at most 6 hours; `DEPARTMENT`: during a home exam over 6 hours.',
  }))();

export const ExtraTimeDecisionSchema = /* @__PURE__ */ (() =>
  z
    .object({
      minutes: z.number().check(z.int(), z.minimum(0)),
      decidedBy: ActorSchema,
      decidedAt: z.iso.datetime(),
      comment: z.nullable(z.string()),
    })
    .register(z.globalRegistry, { id: 'ExtraTimeDecision', description: 'The extra time decided for the candidates after an error in the question set.' }))();
export type ExtraTimeDecision = z.infer<typeof ExtraTimeDecisionSchema>;

export const IncidentSchema = /* @__PURE__ */ (() =>
  z
    .object({
      id: z.string(),
      route: IncidentRouteSchema,
      phase: IncidentPhaseSchema,
      message: z.string(),
      createdAt: z.iso.datetime(),
      createdBy: ActorSchema,
      notifiedCandidates: z.number().check(z.int(), z.minimum(0)).register(z.globalRegistry, { description: 'How many candidates the notice was sent to.' }),
      extraTime: z.nullable(ExtraTimeDecisionSchema).register(z.globalRegistry, { description: '`null` until the need for extra time is decided.' }),
    })
    .register(z.globalRegistry, { id: 'Incident' }))();
export type Incident = z.infer<typeof IncidentSchema>;

export const LetterStatusSchema = /* @__PURE__ */ (() => z.enum(['NOT_SCHEDULED', 'SCHEDULED', 'SENDING', 'SENT']))();
export type LetterStatus = z.infer<typeof LetterStatusSchema>;

const count = /* @__PURE__ */ (() => z.number().check(z.int(), z.minimum(0)))();

export const StudentNoticeStateSchema = /* @__PURE__ */ (() =>
  z
    .object({
      letter: z.object({
        status: LetterStatusSchema,
        scheduledFor: z.nullable(z.iso.datetime({ offset: true })),
        counts: z
          .object({ pending: count, sent: count, bounced: count, complained: count, failed: count })
          .register(z.globalRegistry, { description: 'Recipients of the exam information letter by delivery state.' }),
      }),
      // a copy: `count` itself, in `counts`, carries no description
      candidates: z.clone(count).register(z.globalRegistry, { description: 'Candidates on the list.' }),
    })
    .register(z.globalRegistry, { id: 'StudentNoticeState', title: 'Student notices of a registration' }))();
export type StudentNoticeState = z.infer<typeof StudentNoticeStateSchema>;
