import * as z from 'zod/mini';
import { type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, createDocument } from 'zod-openapi';
import { CalendarQuerySchema, CalendarSchema, StaffingInputSchema, StaffingOverrideSchema } from '../contracts/calendar';
import {
  AllowListQuerySchema,
  RehearsalInputSchema,
  RehearsalSchema,
  SoftwareSetupSchema,
  CatalogueEditInputSchema,
  CatalogueEntryInputSchema,
  CatalogueEntrySchema,
  CatalogueEntryViewSchema,
  CatalogueListSchema,
  CatalogueQuerySchema,
  CatalogueRetireInputSchema,
  CatalogueRevisionSchema,
} from '../contracts/catalogue';
import {
  CreatedFeedSchema,
  FEED_DAYS_AFTER,
  FEED_DAYS_BEFORE,
  FEED_REQUESTS_PER_WINDOW,
  FEED_WINDOW_SECONDS,
  FeedInputSchema,
  FeedListSchema,
} from '../contracts/calendar-feeds';
import { CancelInputSchema, DecisionInputSchema, ExtraTimeInputSchema, LinkDecisionInputSchema, ListQuerySchema } from '../contracts/http';
import { ApprovalLinkViewSchema, CandidateListResultSchema, ListResponseSchema, RegistrationViewSchema, StudentLetterViewSchema } from '../contracts/http-responses';
import { type ProblemCode, ProblemSchema } from '../contracts/problem';
import { ApproverGroupSchema, RegistrationInputSchema, RegistrationSchema } from '../contracts/registration';
import { CandidateListInputSchema, IncidentInputSchema, IncidentSchema } from '../contracts/student-notices';

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests.
 * Every route of functions/http/routes.ts has an operation here (a test checks both lists).
 */

/** A problem response; `codes` lists the problem codes the route answers with under this status (the catalogue is in the Problem schema). */
const problem = (description: string, codes: readonly ProblemCode[] = []) => ({
  description: codes.length > 0 ? `${description}. \`code\`: ${codes.map((c) => `\`${c}\``).join(', ')}` : description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});
const ok = (description: string, schema: z.core.$ZodType) => ({ description, content: { 'application/json': { schema } } });
const body = (schema: z.core.$ZodType, required = true) => ({ required, content: { 'application/json': { schema } } });

const idPath = z.object({ id: z.string().register(z.globalRegistry, { description: 'Registration id' }) });
const incidentPath = z.extend(idPath, { incidentId: z.string().register(z.globalRegistry, { description: 'Incident id' }) });

const staffingPath = z.object({
  group: ApproverGroupSchema,
  date: z.string().register(z.globalRegistry, { description: 'A local date, today or later (YYYY-MM-DD)', example: '2027-03-10' }),
});
const linkPath = z.object({ linkId: z.string().register(z.globalRegistry, { description: 'The opaque id from the e-mail link' }) });
const feedIdPath = z.object({ feedId: z.string().register(z.globalRegistry, { description: 'Feed id, as POST /calendar/feeds gave it' }) });
const cataloguePath = z.object({ entryId: z.string().register(z.globalRegistry, { description: 'Catalogue entry id' }) });
const feedSecretPath = z.object({ secret: z.string().register(z.globalRegistry, { description: 'The secret of the subscription URL' }) });
const idempotencyHeader = z.object({
  'idempotency-key': z
    .optional(z.string().check(z.minLength(1), z.maxLength(255)))
    .register(z.globalRegistry, { description: 'Same key and body: the same answer, nothing stored twice. Same key, another body: 409.' }),
});

const invalid = problem('Invalid input: `errors` names each wrong field, each with its own `code`', ['VALIDATION_FAILED', 'BAD_REQUEST']);
const common = {
  '401': problem('No valid bearer token', ['UNAUTHORIZED']),
  '403': problem('Not allowed for your role', ['FORBIDDEN']),
};
const notFound = (description = 'Not found') => problem(description, ['NOT_FOUND']);
const IDEMPOTENCY = ['IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_KEY_IN_USE'] as const;
const LINK_GONE = ['LINK_USED', 'LINK_EXPIRED', 'ROUND_CLOSED'] as const;

export const OPERATIONS: Record<string, ZodOpenApiOperationObject> = {
  'POST /registrations': {
    summary: 'Submit a mid-term exam registration or an exam-with-software request',
    tags: ['Registrations'],
    requestParams: { header: idempotencyHeader },
    requestBody: body(RegistrationInputSchema),
    responses: {
      '201': ok('The stored registration; its approval workflow has started', RegistrationSchema),
      '400': invalid,
      ...common,
      '409': problem('Idempotency key reused with another body, or the first request is still in progress', IDEMPOTENCY),
      '413': problem('Body too large', ['BODY_TOO_LARGE']),
      '415': problem('Not JSON', ['UNSUPPORTED_MEDIA_TYPE']),
    },
  },
  'GET /registrations': {
    summary: 'List your registrations (staff, newest first) or your groups’ queue (approvers, oldest first)',
    tags: ['Registrations'],
    requestParams: { query: ListQuerySchema },
    responses: { '200': ok('One page', ListResponseSchema), '400': invalid, ...common },
  },
  'GET /registrations/{id}': {
    summary: 'A registration with its status, approvals, derived facts and history',
    tags: ['Registrations'],
    requestParams: { path: idPath },
    responses: { '200': ok('The registration', RegistrationViewSchema), ...common, '404': notFound('No such registration that you can see') },
  },
  'PUT /registrations/{id}': {
    summary: 'Resubmit after changes were requested (owner)',
    tags: ['Registrations'],
    requestParams: { path: idPath },
    requestBody: body(RegistrationInputSchema),
    responses: {
      '200': ok('The registration in its new round', RegistrationSchema),
      '400': invalid,
      ...common,
      '404': notFound(),
      '409': problem('Changes were not requested', ['CHANGES_NOT_REQUESTED', 'CANCELLED', 'KIND_CHANGED', 'CONCURRENT_CHANGE']),
    },
  },
  'POST /registrations/{id}/decisions': {
    summary: 'Approve, reject or request changes for your group',
    tags: ['Approvals'],
    requestParams: { path: idPath, header: idempotencyHeader },
    requestBody: body(DecisionInputSchema),
    responses: {
      '200': ok('The registration after the decision', RegistrationSchema),
      '400': invalid,
      ...common,
      '404': notFound(),
      '409': problem('Already decided, round closed, or cancelled', [
        'ALREADY_DECIDED',
        'NOT_PENDING',
        'CANCELLED',
        'NOT_ASKED',
        'CONCURRENT_CHANGE',
        ...IDEMPOTENCY,
      ]),
    },
  },
  'POST /registrations/{id}/cancel': {
    summary: 'Cancel a registration before the exam (owner)',
    tags: ['Registrations'],
    requestParams: { path: idPath, header: idempotencyHeader },
    requestBody: body(CancelInputSchema, false),
    responses: {
      '200': ok('The cancelled registration', RegistrationSchema),
      '400': invalid,
      ...common,
      '404': notFound(),
      '409': problem('Already decided against, cancelled, or the exam has started', [
        'CANCELLED',
        'REGISTRATION_CLOSED',
        'EXAM_STARTED',
        'CONCURRENT_CHANGE',
        ...IDEMPOTENCY,
      ]),
    },
  },
  'GET /registrations/{id}/letter': {
    summary: 'The student letter as the students get it, when it goes out and how it was delivered (owner and approvers)',
    description:
      'Rendered by the same templates as the mail, in every configured language: the exam information letter of a mid-term exam, the software notice of a software request. Once sending has begun: the content sent and the delivery counts, and for the owner the addresses it did not reach.',
    tags: ['Students'],
    requestParams: { path: idPath },
    responses: { '200': ok('The letter', StudentLetterViewSchema), ...common, '404': notFound('No such registration that you can see') },
  },
  'PUT /registrations/{id}/candidates': {
    summary: 'Supply or replace the candidate list (owner), until the exam information letter has gone out',
    tags: ['Students'],
    requestParams: { path: idPath },
    requestBody: body(CandidateListInputSchema),
    responses: {
      '200': ok('The list as stored', CandidateListResultSchema),
      '400': invalid,
      ...common,
      '404': notFound(),
      '409': problem('The letter has gone out, or the registration is closed', [
        'LETTER_SENT',
        'EXAM_STARTED',
        'CANCELLED',
        'REGISTRATION_CLOSED',
        'CONCURRENT_CHANGE',
      ]),
    },
  },
  'POST /registrations/{id}/incidents': {
    summary: 'Report an error in the question set (owner); routed by R8, candidates notified at once during the exam',
    tags: ['Students'],
    requestParams: { path: idPath, header: idempotencyHeader },
    requestBody: body(IncidentInputSchema),
    responses: {
      '201': ok('The incident with its route', IncidentSchema),
      '400': invalid,
      ...common,
      '404': notFound(),
      '409': problem('The registration is closed, or not approved for an error during the exam', [
        'NOT_APPROVED',
        'CANCELLED',
        'REGISTRATION_CLOSED',
        ...IDEMPOTENCY,
      ]),
    },
  },
  'POST /registrations/{id}/incidents/{incidentId}/extra-time': {
    summary: 'Record the extra time decided after an error in the question set (IT/ED, or the teacher for department-run exams)',
    tags: ['Students'],
    requestParams: { path: incidentPath },
    requestBody: body(ExtraTimeInputSchema),
    responses: {
      '200': ok('The incident with its decision', IncidentSchema),
      '400': invalid,
      ...common,
      '404': notFound(),
      '409': problem('Already decided, or no extra time applies', ['ALREADY_DECIDED', 'NO_EXTRA_TIME']),
    },
  },
  'GET /approval-links/{linkId}': {
    summary: 'What an e-mail action link is about; opening it changes nothing',
    tags: ['Approvals'],
    security: [],
    requestParams: { path: linkPath },
    responses: {
      '200': ok('The registration and the group asked', ApprovalLinkViewSchema),
      '404': notFound('Unknown link'),
      '410': problem('Used, expired, or the round is closed', LINK_GONE),
    },
  },
  'POST /approval-links/{linkId}': {
    summary: 'Decide from the confirmation page an e-mail link opened (single use)',
    tags: ['Approvals'],
    security: [],
    requestParams: { path: linkPath },
    requestBody: body(LinkDecisionInputSchema),
    responses: {
      '200': ok('The registration after the decision', RegistrationSchema),
      '400': invalid,
      '404': notFound('Unknown link'),
      '409': problem('Already decided', ['ALREADY_DECIDED', 'NOT_PENDING', 'CANCELLED', 'STALE_ROUND', 'LINK_USED', 'CONCURRENT_CHANGE', ...IDEMPOTENCY]),
      '410': problem('Used, expired, or the round is closed', LINK_GONE),
    },
  },
  'GET /calendar': {
    summary: 'Exams and load between two local dates (at most 92 days): approvers see their groups’ exams and load, staff their own exams',
    tags: ['Calendar'],
    requestParams: { query: CalendarQuerySchema },
    responses: { '200': ok('The exams that run in the range, and each of your groups’ load as steps', CalendarSchema), '400': invalid, ...common },
  },
  'PUT /calendar/staffing/{group}/{date}': {
    summary: 'Set how many of your group’s people are on duty on a date (approvers of the group); audited',
    tags: ['Calendar'],
    requestParams: { path: staffingPath },
    requestBody: body(StaffingInputSchema),
    responses: { '200': ok('The people on duty as stored', StaffingOverrideSchema), '400': invalid, ...common },
  },
  'POST /calendar/feeds': {
    summary: 'Create an iCalendar feed of your calendar (staff and approvers): a subscription URL with a secret, shown once',
    description:
      'The feed shows what you may see on GET /calendar when you create it (approvers: the exams their groups decide on; staff: their own exams), from ' +
      `${FEED_DAYS_BEFORE} days ago to ${FEED_DAYS_AFTER} days ahead. Only the SHA-256 of the secret is stored; revoke the feed if the URL leaks.`,
    tags: ['Calendar'],
    requestBody: body(FeedInputSchema, false),
    responses: { '201': ok('The feed and its subscription URL', CreatedFeedSchema), '400': invalid, ...common },
  },
  'GET /calendar/feeds': {
    summary: 'Your iCalendar feeds (without their URLs, which are not stored)',
    tags: ['Calendar'],
    responses: { '200': ok('Your feeds, oldest first', FeedListSchema), ...common },
  },
  'DELETE /calendar/feeds/{feedId}': {
    summary: 'Revoke one of your iCalendar feeds; its URL answers 404 from then on',
    tags: ['Calendar'],
    requestParams: { path: feedIdPath },
    responses: { '204': { description: 'Revoked' }, ...common, '404': notFound('You have no feed with this id') },
  },
  'GET /calendar/ics/{secret}': {
    summary: 'An iCalendar feed (RFC 5545), for calendar apps: the secret in the URL is the credential',
    description:
      'One VEVENT per exam: a stable UID per registration, STATUS TENTATIVE / CONFIRMED / CANCELLED, a SEQUENCE that grows with every change, times in UTC (the end with the extra upload time), the course code and name in SUMMARY. ' +
      `Each feed answers at most ${FEED_REQUESTS_PER_WINDOW} requests per ${FEED_WINDOW_SECONDS / 60} minutes.`,
    tags: ['Calendar'],
    security: [],
    requestParams: { path: feedSecretPath },
    responses: {
      '200': { description: 'The feed', content: { 'text/calendar': { schema: z.string() } } },
      '404': notFound('Unknown or revoked feed'),
      '429': problem('The feed was fetched too often (`Retry-After` says when to try again)', ['TOO_MANY_REQUESTS']),
    },
  },
  'GET /registrations/{id}/software-setup': {
    summary: 'A registration’s software set-up: the catalogue revisions it named, licence seats (its IT approvers) and the Safe Exam Browser allow-list',
    tags: ['Catalogue'],
    requestParams: { path: idPath },
    responses: { '200': ok('The set-up', SoftwareSetupSchema), ...common, '404': notFound('No such registration that you can see') },
  },
  'PUT /registrations/{id}/rehearsal': {
    summary: 'Record the rehearsal of a software exam’s set-up (its IT approvers): tested, or failed with a comment; audited',
    tags: ['Catalogue'],
    requestParams: { path: idPath },
    requestBody: body(RehearsalInputSchema),
    responses: {
      '200': ok('The rehearsal as shown', RehearsalSchema),
      '400': invalid,
      ...common,
      '404': notFound('No such registration that you can see'),
      '409': problem('Not a software request, or closed', ['CONFLICT']),
    },
  },
  'GET /registrations/{id}/seb-allow-list': {
    summary: 'Download a school exam’s Safe Exam Browser allow-list: its approvers any time, its owner once approved',
    tags: ['Catalogue'],
    requestParams: { path: idPath, query: AllowListQuerySchema },
    responses: {
      '200': {
        description: 'The allow-list as text, or as an SEB configuration fragment',
        content: { 'text/plain': { schema: z.string() }, 'application/xml': { schema: z.string() } },
      },
      '400': invalid,
      ...common,
      '404': notFound('No such registration that you can see'),
      '409': problem('A home exam, or not approved yet (owner)', ['CONFLICT', 'NOT_APPROVED']),
    },
  },
  'GET /catalogue': {
    summary: 'The software catalogue: exam set-ups IT has approved, searched by name, version and vendor (everyone with a role)',
    tags: ['Catalogue'],
    requestParams: { query: CatalogueQuerySchema },
    responses: { '200': ok('Entries by name, each at its newest revision', CatalogueListSchema), '400': invalid, ...common },
  },
  'POST /catalogue': {
    summary: 'Add an entry to the catalogue (IT); audited as revision 1',
    tags: ['Catalogue'],
    requestBody: body(CatalogueEntryInputSchema),
    responses: { '201': ok('The new entry', CatalogueEntrySchema), '400': invalid, ...common },
  },
  'GET /catalogue/{entryId}': {
    summary: 'An entry at its newest revision, with every revision’s who, when, what and why',
    tags: ['Catalogue'],
    requestParams: { path: cataloguePath },
    responses: { '200': ok('The entry and its audit trail', CatalogueEntryViewSchema), ...common, '404': notFound('No such entry') },
  },
  'PUT /catalogue/{entryId}': {
    summary: 'Edit an entry (IT): a new revision; the older ones stay readable',
    tags: ['Catalogue'],
    requestParams: { path: cataloguePath },
    requestBody: body(CatalogueEditInputSchema),
    responses: {
      '200': ok('The entry at its new revision', CatalogueEntrySchema),
      '400': invalid,
      ...common,
      '404': notFound('No such entry'),
      '409': problem('The entry is no longer at the revision the edit was based on', ['CONCURRENT_CHANGE']),
    },
  },
  'POST /catalogue/{entryId}/retire': {
    summary: 'Retire an entry (IT): new requests can no longer pick it; registrations that named it keep their revision',
    tags: ['Catalogue'],
    requestParams: { path: cataloguePath },
    requestBody: body(CatalogueRetireInputSchema),
    responses: {
      '200': ok('The entry at its retired revision', CatalogueEntrySchema),
      '400': invalid,
      ...common,
      '404': notFound('No such entry'),
      '409': problem('Retired already, or no longer at the revision the change was based on', ['CONFLICT', 'CONCURRENT_CHANGE']),
    },
  },
  'GET /catalogue/{entryId}/revisions/{revision}': {
    summary: 'One revision of an entry, also after it was edited or retired',
    tags: ['Catalogue'],
    requestParams: { path: z.extend(cataloguePath, { revision: z.string().register(z.globalRegistry, { description: 'Revision number, from 1' }) }) },
    responses: { '200': ok('The revision', CatalogueRevisionSchema), ...common, '404': notFound('No such entry or revision') },
  },
  'GET /openapi.json': {
    summary: 'This document',
    tags: ['Meta'],
    security: [],
    responses: { '200': { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } } },
  },
};

export const buildOpenApiDocument = (serverUrl?: string) => {
  const paths: ZodOpenApiPathsObject = {};
  for (const [key, operation] of Object.entries(OPERATIONS)) {
    const [method, path] = key.split(' ') as [string, string];
    paths[path] = { ...paths[path], [method.toLowerCase()]: operation };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'exam-forms API',
      version: '1.0.0',
      description:
        'Mid-term exam registrations and exam-with-software requests, approved by the IT department and the Education Division. Errors are RFC 9457 problem details with a stable machine `code` (the catalogue is in the ProblemCode schema), and a `code` per invalid field (FieldErrorCode).',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearerAuth: [] }],
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  });
};
