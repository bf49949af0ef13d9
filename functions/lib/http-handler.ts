import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type Principal, principalFromClaims } from '../../shared/rules/principal';
import { AuthConfigSchema, parseEnv } from '../../shared/contracts/env';
import type { ProblemCode, ProblemDetails } from '../../shared/contracts/problem';
import { BadRequestError, ServiceUnavailableError, UnauthorizedError, isKnownError, isTransientAwsError } from '../../shared/errors';
import { logger, logIncomingEvent, publishMetrics } from './observability';
import { refreshSettings } from './settings';
import { withOriginalStack } from './stack-trace';
import { traceInvocation } from './tracing';

/** API Gateway HTTP API (payload 2.0) event with JWT authorizer claims. */
export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResponse = APIGatewayProxyStructuredResultV2;

const { GROUPS_CLAIM, GROUP_ROLES } = parseEnv(AuthConfigSchema);

/**
 * The payload of the bearer token the authorizer verified (API Gateway's JWT authorizer reads
 * the Authorization header). Only its groups claim is used, and only for the same subject: it
 * keeps arrays that the authorizer's claims flatten to an ambiguous "[a b]".
 */
const verifiedTokenPayload = (authorization: string | undefined): Record<string, unknown> | null => {
  const token = /^Bearer ([A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]*)$/.exec(authorization ?? '')?.[2];
  if (!token) return null;
  try {
    const payload = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    return payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/** Bodies above this are refused before parsing (API Gateway's own limit is 10 MB). */
export const MAX_BODY_BYTES = 256 * 1024;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface HttpRequest {
  event: HttpEvent;
  /** The Lambda context (remaining time, request id), when invoked by Lambda. */
  context?: Context;
  principal: Principal;
  path: Record<string, string>;
  query: Record<string, string>;
  header: (name: string) => string | undefined;
  /** The body parsed as JSON; refuses other content types, oversized and malformed bodies. */
  json: () => unknown;
}

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

/**
 * The API's own origin as the caller reached it (its custom domain when it has one): API
 * Gateway names the host in the request context and the scheme in X-Forwarded-Proto.
 */
export const apiOrigin = (req: Pick<HttpRequest, 'event' | 'header'>) =>
  `${req.header('x-forwarded-proto') === 'http' ? 'http' : 'https'}://${req.event.requestContext.domainName}`;

const problem = (
  status: number,
  code: ProblemCode,
  title: string,
  detail: string,
  instance: string,
  extra: Pick<ProblemDetails, 'errors'> = {},
  headers: Record<string, string> = {},
) =>
  ({
    statusCode: status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify({ type: 'about:blank', title, status, code, detail, instance, ...extra } satisfies ProblemDetails),
  }) satisfies HttpResponse;

export const parseJsonBody = (event: Pick<HttpEvent, 'body' | 'isBase64Encoded' | 'headers'>): unknown => {
  const contentType = (event.headers?.['content-type'] ?? '').toLowerCase();
  if (!/^application\/(.+\+)?json\s*(;|$)/.test(contentType)) {
    throw new BadRequestError('Send the body as JSON with Content-Type: application/json', 415, 'Unsupported media type');
  }
  // JSON is UTF-8 (RFC 8259): a body declared in another charset would be read wrongly, so it is refused.
  const charset = contentType
    .split(';')
    .slice(1)
    .map((p) => p.trim().split('='))
    .find(([name]) => name?.trim() === 'charset')?.[1];
  if (charset !== undefined && !['utf-8', 'utf8'].includes(charset.trim().replace(/^"(.*)"$/, '$1'))) {
    throw new BadRequestError('Send the body as UTF-8; no other charset is accepted', 415, 'Unsupported media type');
  }
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) {
    throw new BadRequestError(`The body is larger than ${MAX_BODY_BYTES / 1024} KiB`, 413, 'Request body too large');
  }
  if (raw.trim() === '') throw new BadRequestError('The request body is empty; send a JSON object');
  try {
    return JSON.parse(raw, (key, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw new BadRequestError(`The field name "${key}" is not allowed`);
      return value;
    });
  } catch (error) {
    if (error instanceof BadRequestError) throw error;
    throw new BadRequestError(`The body is not valid JSON: ${(error as Error).message}`);
  }
};

const toResponse = (error: unknown, instance: string): HttpResponse => {
  if (!isKnownError(error) && isTransientAwsError(error)) {
    // A busy or failing dependency: a retryable 503 (the API's 5xx alarm sees it), not a bare 500.
    logger.error('dependency unavailable', { error: withOriginalStack(error as Error) });
    const e = new ServiceUnavailableError('A service we depend on is busy or failing; try again in a moment.');
    return problem(e.status, e.code, e.title, e.message, instance, {}, { 'retry-after': '1' });
  }
  if (isKnownError(error)) {
    const extra = 'errors' in error ? { errors: error.errors } : {};
    if (error.status >= 500) logger.error('request failed', { error: withOriginalStack(error) });
    const retry: Record<string, string> = 'retryAfterSeconds' in error ? { 'retry-after': String(error.retryAfterSeconds) } : {};
    return problem(error.status, error.code, error.title, error.message, instance, extra, retry);
  }
  logger.error('unexpected error', { error: withOriginalStack(error as Error) });
  return problem(500, 'INTERNAL', 'Internal error', 'Something went wrong on our side; it has been logged. Try again later.', instance);
};

const requestOf = (event: HttpEvent, principal: Principal | null, context?: Context): HttpRequest => {
  const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    event,
    context,
    principal: principal as Principal,
    path: (event.pathParameters ?? {}) as Record<string, string>,
    query: (event.queryStringParameters ?? {}) as Record<string, string>,
    header: (name) => headers[name.toLowerCase()],
    json: () => parseJsonBody({ ...event, headers }),
  };
};

const wrap =
  (authenticated: boolean, route: (req: HttpRequest) => Promise<HttpResponse>) =>
  async (event: HttpEvent, context?: Context): Promise<HttpResponse> => {
    if (context) logger.addContext(context);
    logIncomingEvent(event);
    const started = Date.now();
    await refreshSettings();
    const response = await traceInvocation(
      event.routeKey ?? 'request',
      async () => {
        try {
          let principal: Principal | null = null;
          if (authenticated) {
            const claims = (event.requestContext?.authorizer?.jwt?.claims ?? {}) as Record<string, unknown>;
            const authorization = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
            principal = principalFromClaims(claims, GROUPS_CLAIM, GROUP_ROLES, verifiedTokenPayload(authorization));
            if (!principal) throw new UnauthorizedError('A valid bearer token is required');
          }
          return await route(requestOf(event, principal, context));
        } catch (error) {
          return toResponse(error, event.rawPath ?? '');
        }
      },
      // The route and status are indexed, so traces of one route's failures can be found.
      (r) => ({ route: event.routeKey ?? '', status: r.statusCode ?? 200 }),
    );
    // One structured line per request; bodies and tokens are never logged.
    logger.info('request', { route: event.routeKey, status: response.statusCode, ms: Date.now() - started });
    logger.resetKeys();
    await publishMetrics();
    return response;
  };

/**
 * Wraps a route's logic: establishes the caller, gives lazy access to the body, and maps
 * every outcome to a response in one place. Known domain errors become problem+json with
 * their status; anything else is logged with its cause and answered with a generic 500.
 */
export const httpHandler = (route: (req: HttpRequest) => Promise<HttpResponse>) => wrap(true, route);

/** The same, for the few routes that need no token (the OpenAPI document, e-mail action links). */
export const publicHttpHandler = (route: (req: Omit<HttpRequest, 'principal'>) => Promise<HttpResponse>) => wrap(false, route);
