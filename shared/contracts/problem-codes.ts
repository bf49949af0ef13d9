/**
 * The machine codes of the API's errors: every problem code with the HTTP statuses it comes
 * with, and every code a field error carries. Plain constants, no schemas, so that a handler
 * carries only these; what each code means, the zod enums and the problem details schema are
 * in ./problem. Codes are stable: new ones may be added, none is renamed or given another meaning.
 */

export const PROBLEM_CODES = {
  VALIDATION_FAILED: [400],
  BAD_REQUEST: [400],
  UNAUTHORIZED: [401],
  FORBIDDEN: [403],
  NOT_FOUND: [404],
  CONFLICT: [409],
  IDEMPOTENCY_KEY_REUSED: [409],
  IDEMPOTENCY_KEY_IN_USE: [409],
  ALREADY_DECIDED: [409],
  NOT_PENDING: [409],
  NOT_ASKED: [409],
  STALE_ROUND: [409],
  CANCELLED: [409],
  REGISTRATION_CLOSED: [409],
  CHANGES_NOT_REQUESTED: [409],
  KIND_CHANGED: [409],
  EXAM_STARTED: [409],
  NOT_APPROVED: [409],
  LETTER_SENT: [409],
  NO_EXTRA_TIME: [409],
  CONCURRENT_CHANGE: [409],
  DEADLINE_PASSED: [409],
  LINK_USED: [409, 410],
  GONE: [410],
  LINK_EXPIRED: [410],
  ROUND_CLOSED: [410],
  BODY_TOO_LARGE: [413],
  UNSUPPORTED_MEDIA_TYPE: [415],
  TOO_MANY_REQUESTS: [429],
  INTERNAL: [500],
  SERVICE_UNAVAILABLE: [503],
} as const satisfies Record<string, readonly number[]>;

export type ProblemCode = keyof typeof PROBLEM_CODES;
export type ProblemStatus = (typeof PROBLEM_CODES)[ProblemCode][number];
/** The codes that come with a status (`ProblemCodeFor<409>`: the conflicts). */
export type ProblemCodeFor<S extends ProblemStatus> = {
  [C in ProblemCode]: S extends (typeof PROBLEM_CODES)[C][number] ? C : never;
}[ProblemCode];

/**
 * Every code a field error carries: what the schemas report (lower case, one per kind of zod
 * issue) and what the checks, domain rules and use cases report (upper case, one per rule).
 */
export const FIELD_ERROR_CODES = [
  'required',
  'invalid_type',
  'not_integer',
  'too_small',
  'too_big',
  'invalid_format',
  'invalid_value',
  'unrecognized_key',
  'custom',
  'COMMENT_REQUIRED',
  'WEB_SERVICE_NEEDS_URL',
  'TOO_LATE',
  'TOO_EARLY',
  'OUTSIDE_MAIL_DOMAINS',
  'DATE_PASSED',
  'HOME_EXAM_OVER_6_HOURS',
  'IN_MAIN_EXAM_PERIOD',
  'HAND_DRAWINGS_NEED_UPLOAD',
  'INVALID_PAGE_TOKEN',
  'QUEUE_PENDING_ONLY',
  'INVALID_URL_PATTERN',
  'SEB_PATTERNS_REQUIRED',
  'UNKNOWN_CATALOGUE_ENTRY',
  'CATALOGUE_ENTRY_RETIRED',
] as const;

export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export const isFieldErrorCode = (c: unknown): c is FieldErrorCode => (FIELD_ERROR_CODES as readonly unknown[]).includes(c);

const DEFAULT_CODES: Record<ProblemStatus, ProblemCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  410: 'GONE',
  413: 'BODY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * The code an error answer gets when nothing more specific is known: the general one of its
 * status. Statuses the API itself does not use (a gateway's 429, 502, 504) read as a busy
 * service, other client errors as a bad request.
 */
export const defaultProblemCode = (status: number): ProblemCode =>
  Object.hasOwn(DEFAULT_CODES, status) ? DEFAULT_CODES[status as ProblemStatus] : status >= 500 || status === 429 ? 'SERVICE_UNAVAILABLE' : 'BAD_REQUEST';
