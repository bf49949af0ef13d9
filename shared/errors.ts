import type { FieldError } from './contracts/problem';
import { type ProblemCode, type ProblemCodeFor, defaultProblemCode } from './contracts/problem-codes';

/**
 * Domain errors. Use cases throw these; the HTTP adapter maps them to RFC 9457
 * problem details in one place (functions/lib/http-handler.ts). Anything else that
 * escapes a use case is a bug and becomes a generic 500 with the cause logged.
 * Each carries a machine code from the catalogue in shared/contracts/problem-codes.ts: a default
 * per class, or a specific one where a client needs to tell cases apart.
 */

export type { FieldError };

abstract class DomainError extends Error {
  /**
   * Written out, not taken from the class: the deployed code is minified, and the name is what
   * logs, the Lambda runtime and Step Functions report (`errorType`, a failure's `Error`).
   */
  abstract override readonly name: string;
  abstract readonly status: number;
  abstract readonly title: string;
  abstract readonly code: ProblemCode;
}

/** The request is well-formed JSON but breaks a schema or a domain rule. */
export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';
  readonly status = 400;
  readonly title = 'Your request has invalid fields';
  readonly code = 'VALIDATION_FAILED';
  constructor(
    readonly errors: FieldError[],
    message = errors.map((e) => `${e.path}: ${e.message}`).join('; '),
  ) {
    super(message);
  }
}

/** The body could not be read at all (not JSON, wrong content type, too large). */
export class BadRequestError extends DomainError {
  override readonly name = 'BadRequestError';
  readonly title: string;
  constructor(
    message: string,
    readonly status: 400 | 413 | 415 = 400,
    title = 'The request body could not be read',
    readonly code: ProblemCodeFor<400 | 413 | 415> = defaultProblemCode(status) as ProblemCodeFor<400 | 413 | 415>,
  ) {
    super(message);
    this.title = title;
  }
}

export class UnauthorizedError extends DomainError {
  override readonly name = 'UnauthorizedError';
  readonly status = 401;
  readonly title = 'Sign-in required';
  constructor(
    message: string,
    readonly code: ProblemCodeFor<401> = 'UNAUTHORIZED',
  ) {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  override readonly name = 'ForbiddenError';
  readonly status = 403;
  readonly title = 'Not allowed';
  constructor(
    message: string,
    readonly code: ProblemCodeFor<403> = 'FORBIDDEN',
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
  readonly status = 404;
  readonly title = 'Not found';
  constructor(
    message: string,
    readonly code: ProblemCodeFor<404> = 'NOT_FOUND',
  ) {
    super(message);
  }
}

/** The request conflicts with the current state (already decided, cancelled, idempotency key reuse…). */
export class ConflictError extends DomainError {
  override readonly name = 'ConflictError';
  readonly status = 409;
  readonly title = 'Conflict with the current state';
  constructor(
    message: string,
    readonly code: ProblemCodeFor<409> = 'CONFLICT',
  ) {
    super(message);
  }
}

/** The thing existed but is no longer usable (a used or expired e-mail link). */
export class GoneError extends DomainError {
  override readonly name = 'GoneError';
  readonly status = 410;
  readonly title = 'No longer available';
  constructor(
    message: string,
    readonly code: ProblemCodeFor<410> = 'GONE',
  ) {
    super(message);
  }
}

/** A dependency is throttling or unavailable; the client may retry. */
export class ServiceUnavailableError extends DomainError {
  override readonly name = 'ServiceUnavailableError';
  readonly status = 503;
  readonly title = 'Temporarily unavailable';
  constructor(
    message: string,
    readonly code: ProblemCodeFor<503> = 'SERVICE_UNAVAILABLE',
  ) {
    super(message);
  }
}

/** The caller did this too often; `retryAfterSeconds` says when it may again. */
export class TooManyRequestsError extends DomainError {
  override readonly name = 'TooManyRequestsError';
  readonly status = 429;
  readonly title = 'Too many requests';
  readonly code = 'TOO_MANY_REQUESTS';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export type KnownError =
  | TooManyRequestsError
  | ValidationError
  | BadRequestError
  | UnauthorizedError
  | ForbiddenError
  | NotFoundError
  | ConflictError
  | GoneError
  | ServiceUnavailableError;

export const isKnownError = (error: unknown): error is KnownError => error instanceof DomainError;

/**
 * AWS error names that mean "try again shortly" (throttling, conflicts of the moment, service
 * faults), still failing after the SDK's own retries. One list for the workflow's Retry
 * clauses, the HTTP wrapper's 503 and the mail dispatch's back-off.
 */
export const TRANSIENT_AWS_ERRORS = [
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'TooManyRequestsException',
  'LimitExceededException',
  'InternalServerError',
  // AWS's common 5xx errors (SES v2 answers InternalServiceErrorException or InternalFailure).
  'InternalFailure',
  'InternalServiceErrorException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TimeoutError',
] as const;

/** Whether an error (or, for wrapped errors such as Powertools', one of its causes) is transient. */
export const isTransientAwsError = (error: unknown, extraNames: readonly string[] = [], depth = 0): boolean => {
  if (!(error instanceof Error) || depth > 3) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
  const names: readonly string[] = TRANSIENT_AWS_ERRORS;
  return names.includes(error.name) || extraNames.includes(error.name) || status >= 500 || isTransientAwsError(error.cause, extraNames, depth + 1);
};

/**
 * A page cursor that the store did not issue for this list. Use cases turn it into a
 * validation error on the page token the caller sent.
 */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}
