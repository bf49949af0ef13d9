import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { type HttpEvent, httpHandler, parseJsonBody, publicHttpHandler } from '../../functions/lib/http-handler';
import { logger } from '../../functions/lib/observability';
import { buildOpenApiDocument } from '../../shared/api/openapi';
import { RulesConfigSchema } from '../../shared/contracts/env';
import { DecisionInputSchema } from '../../shared/contracts/http';
import { checkInput } from '../../shared/contracts/parse';
import { FIELD_ERROR_CODES, PROBLEM_CODES, type ProblemCode, ProblemSchema, defaultProblemCode } from '../../shared/contracts/problem';
import { RegistrationInputSchema } from '../../shared/contracts/registration';
import { CandidateListInputSchema } from '../../shared/contracts/student-notices';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  ServiceUnavailableError,
  UnauthorizedError,
  ValidationError,
} from '../../shared/errors';
import { ruleViolations } from '../../shared/rules/exam-rules';
import { refusalCode } from '../../shared/rules/lifecycle';
import { midtermBody, softwareBody } from '../support/fixtures';

const statusesOf = (code: ProblemCode): readonly number[] => PROBLEM_CODES[code];

describe('problem codes of the domain errors', () => {
  it.each([
    [new ValidationError([]), 400, 'VALIDATION_FAILED'],
    [new BadRequestError('not JSON'), 400, 'BAD_REQUEST'],
    [new BadRequestError('too big', 413, 'Request body too large'), 413, 'BODY_TOO_LARGE'],
    [new BadRequestError('not JSON', 415, 'Unsupported media type'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [new UnauthorizedError('no token'), 401, 'UNAUTHORIZED'],
    [new ForbiddenError('no'), 403, 'FORBIDDEN'],
    [new NotFoundError('no such'), 404, 'NOT_FOUND'],
    [new ConflictError('state'), 409, 'CONFLICT'],
    [new GoneError('gone'), 410, 'GONE'],
    [new ServiceUnavailableError('busy'), 503, 'SERVICE_UNAVAILABLE'],
  ] as const)('%s has status %i and the default code %s', (error, status, code) => {
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(statusesOf(error.code)).toContain(error.status);
  });

  it('take a specific code where a client tells cases apart', () => {
    expect(new ConflictError('IT has already decided in this round', 'ALREADY_DECIDED').code).toBe('ALREADY_DECIDED');
    expect(new GoneError('This link has expired', 'LINK_EXPIRED').code).toBe('LINK_EXPIRED');
    // The type allows only the codes of the class's status: a conflict cannot say LINK_EXPIRED (410 only).
    // @ts-expect-error LINK_EXPIRED is not a 409 code
    expect(new ConflictError('x', 'LINK_EXPIRED').code).toBe('LINK_EXPIRED');
  });

  it('says CANCELLED for any action a cancelled registration refuses, the action’s own code otherwise', () => {
    expect(refusalCode('CANCELLED', 'NOT_PENDING')).toBe('CANCELLED');
    expect(refusalCode('APPROVED', 'NOT_PENDING')).toBe('NOT_PENDING');
    expect(refusalCode('REJECTED', 'REGISTRATION_CLOSED')).toBe('REGISTRATION_CLOSED');
  });

  it('has a default code for every status the API answers with', () => {
    for (const [status, code] of [
      [400, 'BAD_REQUEST'],
      [401, 'UNAUTHORIZED'],
      [403, 'FORBIDDEN'],
      [404, 'NOT_FOUND'],
      [409, 'CONFLICT'],
      [410, 'GONE'],
      [413, 'BODY_TOO_LARGE'],
      [415, 'UNSUPPORTED_MEDIA_TYPE'],
      [500, 'INTERNAL'],
      [502, 'SERVICE_UNAVAILABLE'],
      [503, 'SERVICE_UNAVAILABLE'],
      [429, 'TOO_MANY_REQUESTS'],
      [418, 'BAD_REQUEST'],
    ] as const) {
      expect(defaultProblemCode(status)).toBe(code);
    }
  });
});

describe('problem+json answers carry the code', () => {
  // The handler logs the unexpected errors these tests throw on purpose.
  const level = logger.getLevelName();
  beforeAll(() => logger.setLogLevel('SILENT'));
  afterAll(() => logger.setLogLevel(level));
  const event = (body?: string): HttpEvent =>
    ({
      rawPath: '/registrations',
      routeKey: 'POST /registrations',
      headers: { 'content-type': 'application/json' },
      body,
      requestContext: { authorizer: { jwt: { claims: { sub: 'kari', groups: '[staff]' } } } },
    }) as unknown as HttpEvent;
  const answer = async (error: unknown) => {
    const res = await httpHandler(async () => {
      throw error;
    })(event(), {} as Context);
    return { status: res.statusCode, body: JSON.parse(res.body as string) };
  };

  it.each([
    [new ValidationError([{ path: 'comment', code: 'COMMENT_REQUIRED', message: 'Give a reason' }]), 400, 'VALIDATION_FAILED'],
    [new NotFoundError('No registration x'), 404, 'NOT_FOUND'],
    [new ConflictError('This Idempotency-Key was already used with a different request body', 'IDEMPOTENCY_KEY_REUSED'), 409, 'IDEMPOTENCY_KEY_REUSED'],
    [new GoneError('This link has already been used', 'LINK_USED'), 410, 'LINK_USED'],
    [new TypeError('a bug'), 500, 'INTERNAL'],
    [Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }), 503, 'SERVICE_UNAVAILABLE'],
  ])('%s → %i %s, valid against the Problem schema', async (error, status, code) => {
    const res = await answer(error);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(ProblemSchema.safeParse(res.body).success).toBe(true);
  });

  it('a field error keeps its path, code and message', async () => {
    const res = await answer(new ValidationError([{ path: 'comment', code: 'COMMENT_REQUIRED', message: 'Give a reason' }]));
    expect(res.body.errors).toEqual([{ path: 'comment', code: 'COMMENT_REQUIRED', message: 'Give a reason' }]);
  });

  it('a missing token is UNAUTHORIZED; unreadable bodies say why', async () => {
    const anonymous = { ...event(), requestContext: {} } as unknown as HttpEvent;
    const res = await httpHandler(async () => ({ statusCode: 200 }))(anonymous);
    expect(JSON.parse(res.body as string)).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    const reasons = (headers: Record<string, string>, body: string) => {
      try {
        parseJsonBody({ headers, body, isBase64Encoded: false });
      } catch (error) {
        return (error as BadRequestError).code;
      }
      return null;
    };
    const json = { 'content-type': 'application/json' };
    expect(reasons({ 'content-type': 'text/plain' }, '{}')).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(reasons(json, `"${'x'.repeat(300 * 1024)}"`)).toBe('BODY_TOO_LARGE');
    expect(reasons(json, '{')).toBe('BAD_REQUEST');
    expect(reasons(json, '{"__proto__":{}}')).toBe('BAD_REQUEST');
    const pub = await publicHttpHandler(async (req) => ({ statusCode: 200, body: JSON.stringify(req.json()) }))({
      ...event('{'),
      requestContext: {},
    } as unknown as HttpEvent);
    expect(JSON.parse(pub.body as string)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });
});

describe('field error codes', () => {
  const errorsOf = (schema: z.core.$ZodType, body: unknown) => {
    const result = checkInput(schema, body);
    return result.success ? [] : result.errors;
  };
  const at = (schema: z.core.$ZodType, body: unknown, path: string) => errorsOf(schema, body).find((e) => e.path === path);
  const form = (overrides: Record<string, unknown>) => ({ ...midtermBody(), ...overrides });
  const exam = (overrides: Record<string, unknown>) => form({ exam: { ...(midtermBody().exam as object), ...overrides } });

  it.each([
    ['a missing field', 'department', 'required', { ...midtermBody(), department: undefined }, undefined],
    ['blank text', 'department', 'required', form({ department: '   ' }), undefined],
    ['a missing group of fields', 'exam', 'required', { ...midtermBody(), exam: undefined }, undefined],
    ['a missing choice', 'exam.type', 'required', exam({ type: undefined }), undefined],
    ['a wrong type', 'contact', 'invalid_type', form({ contact: 'Kari' }), undefined],
    ['a number that is not whole', 'exam.durationMinutes', 'not_integer', exam({ durationMinutes: 90.5 }), undefined],
    ['a number below the minimum', 'exam.durationMinutes', 'too_small', exam({ durationMinutes: 5 }), { minimum: 15, origin: 'number' }],
    ['a number above the maximum', 'exam.candidates', 'too_big', exam({ candidates: 2001 }), { maximum: 2000, origin: 'number' }],
    ['text that is too long', 'notes', 'too_big', form({ notes: 'x'.repeat(4001) }), { maximum: 4000, origin: 'string' }],
    ['text in the wrong format', 'course.code', 'invalid_format', form({ course: { code: 'tdt41', name: 'OOP' } }), { format: 'regex' }],
    ['a malformed date', 'exam.start', 'invalid_format', exam({ start: 'tomorrow' }), { format: 'datetime' }],
    ['an option that does not exist', 'exam.type', 'invalid_value', exam({ type: 'boat' }), undefined],
    ['an unknown kind of form', 'kind', 'invalid_value', form({ kind: 'essay' }), undefined],
    ['an unknown field', 'extra', 'unrecognized_key', form({ extra: 1 }), undefined],
    [
      'a check that names its code',
      'software',
      'WEB_SERVICE_NEEDS_URL',
      softwareBody({ software: [{ name: 'Lovdata', licence: 'free', platforms: ['web'], webService: true }] }),
      undefined,
    ],
  ])('%s at %s is %s', (_what, path, code, body, params) => {
    const error = at(RegistrationInputSchema, body, path);
    expect(error).toBeDefined();
    expect(error?.code).toBe(code);
    expect(error?.params).toEqual(params);
  });

  it('a reject without a comment is COMMENT_REQUIRED; a check without a code of its own is custom', () => {
    expect(at(DecisionInputSchema, { group: 'IT', decision: 'reject', comment: '' }, 'comment')?.code).toBe('COMMENT_REQUIRED');
    const plain = z.object({ a: z.string() }).check(z.refine((v) => v.a !== 'b', { message: 'not b', path: ['a'] }));
    expect(errorsOf(plain, { a: 'b' })).toEqual([{ path: 'a', code: 'custom', message: 'not b' }]);
  });

  it('keeps the messages and paths as they were', () => {
    expect(errorsOf(CandidateListInputSchema, { candidates: [{ email: 'x@' }, { name: 'No address' }] })).toEqual([
      { path: 'candidates.0.email', code: 'invalid_format', params: { format: 'email' }, message: 'Must be a valid e-mail address' },
      { path: 'candidates.1.email', code: 'required', message: 'E-mail address is required' },
    ]);
    expect(errorsOf(RegistrationInputSchema, null)).toEqual([{ path: '(body)', code: 'invalid_type', message: expect.any(String) }]);
  });

  it('every code a field error can carry is in the catalogue', () => {
    const codes = [
      ...errorsOf(RegistrationInputSchema, { kind: 'midterm', contact: 1, exam: { type: 'x', durationMinutes: 1.5 }, questionSet: { extra: 1 } }),
      ...errorsOf(RegistrationInputSchema, form({ notes: 'x'.repeat(4001), course: { code: '1', name: '' } })),
    ].map((e) => e.code);
    for (const code of codes) expect(FIELD_ERROR_CODES).toContain(code);
  });
});

describe('codes of the rule violations (R1, R2, R5 and the lead time)', () => {
  const rules = RulesConfigSchema.parse({});
  const parse = (body: Record<string, unknown>) => RegistrationInputSchema.parse(body);
  const violations = [
    ...ruleViolations(
      parse(midtermBody({ exam: { type: 'home', start: '2027-01-10T09:00:00+01:00', durationMinutes: 420, candidates: 10 } })),
      rules,
      new Date('2027-01-04T12:00:00Z'),
    ),
    ...ruleViolations(
      parse(midtermBody({ exam: { type: 'school', start: '2027-05-20T09:00:00+02:00', durationMinutes: 180, candidates: 10 } })),
      rules,
      new Date('2027-01-04T12:00:00Z'),
    ),
    ...ruleViolations(
      parse(
        midtermBody({
          exam: { type: 'home', start: '2027-03-10T09:00:00+01:00', durationMinutes: 180, candidates: 10 },
          questionSet: { uploadAssignments: 0, handDrawings: true, zipSubmission: false, externalUrls: [] },
        }),
      ),
      rules,
      new Date('2027-01-04T12:00:00Z'),
    ),
  ];

  it('gives each violation its own stable code, in the catalogue', () => {
    const found = violations.map((v) => [v.path, v.code]);
    expect(found).toHaveLength(4);
    expect(found).toEqual(
      expect.arrayContaining([
        ['exam.start', 'TOO_LATE'],
        ['exam.durationMinutes', 'HOME_EXAM_OVER_6_HOURS'],
        ['exam.start', 'IN_MAIN_EXAM_PERIOD'],
        ['questionSet.uploadAssignments', 'HAND_DRAWINGS_NEED_UPLOAD'],
      ]),
    );
    expect(new Set(violations.map((v) => v.code)).size).toBe(violations.length);
    for (const v of violations) expect(FIELD_ERROR_CODES).toContain(v.code);
  });

  it('sends the values a client needs to word them', () => {
    expect(violations.find((v) => v.code === 'TOO_LATE')?.params).toEqual({ days: rules.MIN_LEAD_DAYS });
    expect(violations.find((v) => v.code === 'IN_MAIN_EXAM_PERIOD')?.params).toEqual({ period: 'Spring main exam period', from: '05-06', to: '06-14' });
  });
});

describe('the code catalogue in the OpenAPI document', () => {
  const schemas = buildOpenApiDocument().components?.schemas as Record<string, any>;

  it('lists every problem code, with its meaning, and the field error codes', () => {
    expect(schemas.Problem.properties.code).toEqual({ $ref: '#/components/schemas/ProblemCode' });
    expect(schemas.Problem.required).toContain('code');
    expect(schemas.ProblemCode.enum).toEqual(Object.keys(PROBLEM_CODES));
    for (const code of Object.keys(PROBLEM_CODES)) expect(schemas.ProblemCode.description).toContain(`\`${code}\``);
    expect(schemas.FieldError.required).toEqual(expect.arrayContaining(['path', 'code', 'message']));
    expect(schemas.FieldErrorCode.enum).toEqual(FIELD_ERROR_CODES);
  });

  it('names the codes a route answers with under each status', () => {
    const paths = buildOpenApiDocument().paths as Record<string, any>;
    expect(paths['/registrations/{id}/decisions'].post.responses['409'].description).toContain('`ALREADY_DECIDED`');
    expect(paths['/approval-links/{linkId}'].get.responses['410'].description).toContain('`LINK_EXPIRED`');
  });
});
