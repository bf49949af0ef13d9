import * as z from 'zod/mini';
import { FIELD_ERROR_CODES, type FieldErrorCode, PROBLEM_CODES, type ProblemCode } from './problem-codes';

// Each schema below is built inside `/* @__PURE__ */ (() => …)()`: a function's bundle leaves out, and never builds, the
// schemas it does not use (building them was most of a cold start's import time above the SDK's; docs/performance.md).

export * from './problem-codes';

/**
 * Problem details (RFC 9457), the one shape of every error the API answers, and what its
 * machine codes mean (the codes themselves are in ./problem-codes). A client tells errors
 * apart by `code`, and each invalid field by its own `code`; `title`, `detail` and `message`
 * are English for people and may be reworded.
 */

/* ---------- Problem codes ---------- */

/** What each problem code means; documented in the OpenAPI document and the README. */
export const PROBLEM_CODE_MEANINGS: Record<ProblemCode, string> = {
  VALIDATION_FAILED: 'A field breaks a schema or a domain rule; `errors` names each one.',
  BAD_REQUEST: 'The body could not be read: empty, not valid JSON, or a forbidden field name (`__proto__`, `constructor`, `prototype`).',
  UNAUTHORIZED: 'No valid bearer token.',
  FORBIDDEN: 'Your role may not do this.',
  NOT_FOUND: 'No such thing that you can see (ids cannot be probed), or an unknown e-mail link.',
  CONFLICT: 'The current state forbids the request (no more specific code applies).',
  IDEMPOTENCY_KEY_REUSED: 'The Idempotency-Key was used before with another body.',
  IDEMPOTENCY_KEY_IN_USE: 'The first request with this Idempotency-Key is still being processed; retry shortly.',
  ALREADY_DECIDED: 'Your group has already decided in this round, or the extra time has already been decided.',
  NOT_PENDING: 'The registration is not waiting for approval, so it takes no decisions.',
  NOT_ASKED: 'The group is not asked to decide on this registration.',
  STALE_ROUND: 'The decision was for an earlier round; the registration has been resubmitted since.',
  CANCELLED: 'The registration is cancelled.',
  REGISTRATION_CLOSED: 'The registration is rejected or expired: nothing more happens on it.',
  CHANGES_NOT_REQUESTED: 'A registration is resubmitted only after changes were requested.',
  KIND_CHANGED: 'A resubmission cannot change the kind of form; submit a new one.',
  EXAM_STARTED: 'The exam has started: it can no longer be cancelled, nor its candidate list changed.',
  NOT_APPROVED: 'An error during the exam can be reported only on an approved registration.',
  LETTER_SENT: 'The exam information letter has gone out; the candidate list can no longer change.',
  NO_EXTRA_TIME: 'An error found before the exam started needs no extra time.',
  CONCURRENT_CHANGE: 'Someone changed the registration at the same moment; reload and try again.',
  LINK_USED: 'The e-mail link has already been used (409 when another decision with it won a race).',
  GONE: 'No longer available (no more specific code applies).',
  LINK_EXPIRED: 'The e-mail link has expired.',
  ROUND_CLOSED: 'The e-mail link’s round is closed: the registration was decided, resubmitted, cancelled or expired.',
  BODY_TOO_LARGE: 'The body is over 256 KiB.',
  UNSUPPORTED_MEDIA_TYPE: 'The body is not sent as JSON (Content-Type: application/json) in UTF-8.',
  DEADLINE_PASSED: 'The decision deadline (the date the students must be informed by) has passed; the registration expires.',
  TOO_MANY_REQUESTS: 'Too many requests of this kind; `Retry-After` says when to try again.',
  INTERNAL: 'Something went wrong on our side; it has been logged.',
  SERVICE_UNAVAILABLE: 'A service we depend on is busy or failing; retry after the Retry-After header.',
};

const catalogue = (meanings: Record<string, string>) =>
  Object.entries(meanings)
    .map(([code, when]) => `- \`${code}\`: ${when}`)
    .join('\n');

export const ProblemCodeSchema = /* @__PURE__ */ (() =>
  z.enum(Object.keys(PROBLEM_CODES) as [ProblemCode, ...ProblemCode[]]).register(z.globalRegistry, {
    id: 'ProblemCode',
    description: `What went wrong, for programs: stable, unlike the English \`title\` and \`detail\`.\n\n${catalogue(PROBLEM_CODE_MEANINGS)}`,
  }))();

/* ---------- Field error codes ---------- */

/** What each field error code means. */
export const FIELD_ERROR_CODE_MEANINGS: Record<FieldErrorCode, string> = {
  required: 'Missing, or empty text.',
  invalid_type: 'A value of the wrong type (text for a number, a list for an object…).',
  not_integer: 'Not a whole number.',
  too_small: 'Below the minimum (`params.minimum`; `params.origin`: number, string length or list size).',
  too_big: 'Above the maximum (`params.maximum`; `params.origin`: number, string length or list size).',
  invalid_format: 'Text not in the expected format (`params.format`: email, url, datetime, regex…).',
  invalid_value: 'Not one of the allowed values.',
  unrecognized_key: 'A field the schema does not know (the path names it).',
  custom: 'Another check of the schema.',
  COMMENT_REQUIRED: 'A rejection or change request needs a comment for the submitter.',
  WEB_SERVICE_NEEDS_URL: 'A software entry that is a web service needs its address.',
  TOO_LATE: 'The exam must be registered at least `params.days` days before it starts.',
  TOO_EARLY: 'The exam can be registered at most `params.days` days before it starts.',
  OUTSIDE_MAIL_DOMAINS: 'The address is not in one of the allowed mail domains (`params.domains`).',
  DATE_PASSED: 'The date has passed and can no longer be changed.',
  HOME_EXAM_OVER_6_HOURS: 'R1: home exams over 6 hours are run by the department and are not registered here.',
  IN_MAIN_EXAM_PERIOD: 'R2: a mid-term exam falls in a main exam period (`params.period`, `params.from`, `params.to`).',
  HAND_DRAWINGS_NEED_UPLOAD: 'R5: a home exam with hand drawings needs at least one upload assignment.',
  INVALID_PAGE_TOKEN: 'The page token was not issued for this list; start from the first page.',
  QUEUE_PENDING_ONLY: 'The approval queue holds registrations pending approval only.',
  INVALID_URL_PATTERN: 'Not a Safe Exam Browser address pattern (`scheme://host:port/path`, `*` for any text, a host required).',
  SEB_PATTERNS_REQUIRED: 'A web service in the catalogue needs the address patterns Safe Exam Browser must allow.',
  UNKNOWN_CATALOGUE_ENTRY: 'The software names a catalogue entry or revision that does not exist.',
  CATALOGUE_ENTRY_RETIRED: 'The software names a retired catalogue entry; pick another or propose it anew.',
};

export const FieldErrorCodeSchema = /* @__PURE__ */ (() =>
  z.enum(FIELD_ERROR_CODES).register(z.globalRegistry, {
    id: 'FieldErrorCode',
    description: `Why the field is wrong, for programs.\n\n${catalogue(FIELD_ERROR_CODE_MEANINGS)}`,
  }))();

export const FieldErrorSchema = /* @__PURE__ */ (() =>
  z
    .object({
      path: z.string().register(z.globalRegistry, {
        description: 'Dotted path of the offending field, e.g. `exam.durationMinutes` or `candidates.1.email`; `(body)` for the body as a whole.',
        example: 'exam.durationMinutes',
      }),
      code: FieldErrorCodeSchema,
      message: z.string().register(z.globalRegistry, { description: 'The error in English, for people.' }),
      params: z
        .optional(z.record(z.string(), z.union([z.string(), z.number()])))
        .register(z.globalRegistry, { description: 'Values a client needs to word the error itself (a limit, a number of days, a period).' }),
    })
    .register(z.globalRegistry, { id: 'FieldError' }))();
export type FieldError = z.infer<typeof FieldErrorSchema>;

/* ---------- Problem details ---------- */

export const ProblemSchema = /* @__PURE__ */ (() =>
  z
    .object({
      type: z.string(),
      title: z.string(),
      status: z.number().check(z.int()),
      code: ProblemCodeSchema,
      detail: z.string(),
      instance: z.optional(z.string()),
      errors: z.optional(z.array(FieldErrorSchema)),
    })
    .register(z.globalRegistry, {
      id: 'Problem',
      description: 'RFC 9457 problem details. `code` says what went wrong; `errors` names each invalid field by its dotted path, with its own `code`.',
    }))();
export type ProblemDetails = z.infer<typeof ProblemSchema>;
