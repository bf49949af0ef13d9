import './locale';
import * as z from 'zod/mini';
import { MAX_SEB_PATTERN_LENGTH, isSebUrlPattern } from './seb-patterns';
import { ActorSchema, LicenceKindSchema, MAX_SOFTWARE_ITEMS, MAX_URL_LENGTH, PlatformSchema, multiLine, singleLine } from './registration';

// Each schema below is built inside `/* @__PURE__ */ (() => …)()`: a function's bundle leaves out, and never builds, the
// schemas it does not use (building them was most of a cold start's import time above the SDK's; docs/performance.md).

/**
 * The software catalogue: exam set-ups IT has approved (a program or a web service, its
 * platforms, licence and seats, the students' install-and-test instructions in both languages,
 * and for a web service the address patterns Safe Exam Browser must allow). Every change is a
 * new revision of the entry; old revisions stay readable, so a registration that names an entry
 * and a revision always shows what was approved, also after the entry is edited or retired.
 */

export const MAX_SEB_PATTERNS = 30;
export const MAX_INSTRUCTIONS_LENGTH = 4000;

const line = (max: number, label: string) =>
  z
    .string({ error: `${label} is required` })
    .check(z.trim(), z.minLength(1, `${label} is required`), z.maxLength(max, `${label} must be at most ${max} characters`), singleLine(label));
const optionalLine = (max: number, label: string) =>
  z._default(z.nullable(z.string().check(z.trim(), z.maxLength(max, `${label} must be at most ${max} characters`), singleLine(label))), null);
const instructions = (label: string) =>
  z
    .string({ error: `${label} are required` })
    .check(
      z.trim(),
      z.minLength(1, `${label} are required`),
      z.maxLength(MAX_INSTRUCTIONS_LENGTH, `${label} must be at most ${MAX_INSTRUCTIONS_LENGTH} characters`),
      multiLine(label),
    );

export const CatalogueEntryKindSchema = /* @__PURE__ */ (() =>
  z.enum(['installed', 'web-service']).register(z.globalRegistry, {
    description: '`installed`: a program students install; `web-service`: a service used in the browser, which Safe Exam Browser must allow.',
  }))();
export type CatalogueEntryKind = z.infer<typeof CatalogueEntryKindSchema>;

export const SebUrlPatternSchema = /* @__PURE__ */ (() =>
  z
    .string({ error: 'An address pattern is required' })
    .check(
      z.trim(),
      z.refine(isSebUrlPattern, {
        message: `Must be a Safe Exam Browser address pattern such as https://*.lovdata.no/* (a host, * for any text, at most ${MAX_SEB_PATTERN_LENGTH} characters)`,
        params: { code: 'INVALID_URL_PATTERN' },
      }),
    )
    .register(z.globalRegistry, { description: 'A Safe Exam Browser URL filter expression: `scheme://host:port/path`, `*` for any text; a host is required.' }))();

const entryShape = /* @__PURE__ */ (() => ({
  name: line(120, 'Name'),
  version: optionalLine(60, 'Version'),
  vendor: optionalLine(120, 'Vendor'),
  platforms: z.array(PlatformSchema).check(z.minLength(1, 'Name at least one platform'), z.maxLength(4)),
  kind: CatalogueEntryKindSchema,
  url: z
    ._default(
      z.nullable(
        z
          .url({ protocol: /^https?$/, error: 'Must be a web address starting with http:// or https://' })
          .check(z.maxLength(MAX_URL_LENGTH, `A web address may be at most ${MAX_URL_LENGTH} characters`)),
      ),
      null,
    )
    .register(z.globalRegistry, { description: 'Where students find it: the service itself, or the download page of a program.' }),
  licence: z.strictObject({
    kind: LicenceKindSchema,
    seats: z
      ._default(
        z.nullable(
          z
            .number({ error: 'Seats must be a number' })
            .check(z.int('Seats must be a whole number'), z.minimum(1, 'At least one seat'), z.maximum(100_000, 'At most 100000 seats')),
        ),
        null,
      )
      .register(z.globalRegistry, { description: 'How many candidates may use it at the same time; null when there is no limit.' }),
  }),
  instructions: z.strictObject({ en: instructions('Instructions in English'), nb: instructions('Instructions in Bokmål') }),
  sebUrlPatterns: z._default(z.array(SebUrlPatternSchema).check(z.maxLength(MAX_SEB_PATTERNS, `At most ${MAX_SEB_PATTERNS} address patterns`)), []),
}))();

export const CatalogueEntryInputSchema = /* @__PURE__ */ (() =>
  z
    .strictObject(entryShape)
    .check(
      z.refine((e) => e.kind !== 'web-service' || e.sebUrlPatterns.length > 0, {
        message: 'A web service needs the address patterns Safe Exam Browser must allow',
        path: ['sebUrlPatterns'],
        params: { code: 'SEB_PATTERNS_REQUIRED' },
      }),
      z.refine((e) => e.kind !== 'web-service' || e.url !== null, {
        message: 'A web service needs its address',
        path: ['url'],
        params: { code: 'WEB_SERVICE_NEEDS_URL' },
      }),
    )
    .register(z.globalRegistry, { id: 'CatalogueEntryInput' }))();
export type CatalogueEntryInput = z.infer<typeof CatalogueEntryInputSchema>;

const revisionNumber = /* @__PURE__ */ (() =>
  z
    .number({ error: 'The revision you edited is required' })
    .check(z.int('A revision is a whole number'), z.minimum(1, 'Revisions start at 1'))
    .register(z.globalRegistry, { description: 'The revision the change is based on: a change to an older one is refused with 409 (CONCURRENT_CHANGE).' }))();
const changeComment = /* @__PURE__ */ (() =>
  z._default(z.string().check(z.trim(), z.maxLength(1000, 'A comment may be at most 1000 characters'), multiLine('Comment')), ''))();

/** PUT /catalogue/{entryId}: a new revision of the entry. */
export const CatalogueEditInputSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({ basedOnRevision: revisionNumber, entry: CatalogueEntryInputSchema, comment: changeComment })
    .register(z.globalRegistry, { id: 'CatalogueEditInput' }))();
export type CatalogueEditInput = z.infer<typeof CatalogueEditInputSchema>;

/** POST /catalogue/{entryId}/retire: no new requests may pick it; registrations that did keep it. */
export const CatalogueRetireInputSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      basedOnRevision: revisionNumber,
      comment: z
        .string({ error: 'Say why the entry is retired' })
        .check(z.trim(), z.minLength(1, 'Say why the entry is retired'), z.maxLength(1000, 'A comment may be at most 1000 characters'), multiLine('Comment')),
    })
    .register(z.globalRegistry, { id: 'CatalogueRetireInput' }))();
export type CatalogueRetireInput = z.infer<typeof CatalogueRetireInputSchema>;

export const CATALOGUE_ACTIONS = ['CREATED', 'EDITED', 'RETIRED'] as const;
export const CatalogueActionSchema = /* @__PURE__ */ (() => z.enum(CATALOGUE_ACTIONS))();
export type CatalogueAction = z.infer<typeof CatalogueActionSchema>;

export const CatalogueEntrySchema = /* @__PURE__ */ (() =>
  z
    .object({
      ...entryShape,
      id: z.string(),
      revision: z.number().check(z.int(), z.minimum(1)),
      retired: z.boolean(),
      createdAt: z.iso.datetime(),
      updatedAt: z.iso.datetime(),
      updatedBy: ActorSchema,
    })
    .register(z.globalRegistry, { id: 'CatalogueEntry', description: 'An entry as of one revision.' }))();
export type CatalogueEntry = z.infer<typeof CatalogueEntrySchema>;

/** One revision as kept: the entry as it was then, and who changed it, how and why. */
export const CatalogueRevisionSchema = /* @__PURE__ */ (() =>
  z.extend(CatalogueEntrySchema, { action: CatalogueActionSchema, comment: z.nullable(z.string()) }).register(z.globalRegistry, { id: 'CatalogueRevision' }))();
export type CatalogueRevision = z.infer<typeof CatalogueRevisionSchema>;

export const CatalogueEntryViewSchema = /* @__PURE__ */ (() =>
  z
    .object({
      entry: CatalogueEntrySchema,
      revisions: z.array(z.object({ revision: z.number(), action: CatalogueActionSchema, at: z.iso.datetime(), by: ActorSchema, comment: z.nullable(z.string()) })),
    })
    .register(z.globalRegistry, { id: 'CatalogueEntryView', description: 'The entry’s newest revision and its audit trail, oldest first.' }))();
export type CatalogueEntryView = z.infer<typeof CatalogueEntryViewSchema>;

export const CatalogueQuerySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    q: z._default(z.string().check(z.trim(), z.maxLength(100, 'A search may be at most 100 characters'), singleLine('Search')), ''),
    retired: z._default(z.enum(['exclude', 'include']), 'exclude').register(z.globalRegistry, { description: 'Also list retired entries.' }),
  }))();
export type CatalogueQuery = z.infer<typeof CatalogueQuerySchema>;

export const CatalogueListSchema = /* @__PURE__ */ (() =>
  z
    .object({ items: z.array(CatalogueEntrySchema) })
    .register(z.globalRegistry, { id: 'CatalogueList', description: 'Entries by name, each at its newest revision.' }))();
export type CatalogueList = z.infer<typeof CatalogueListSchema>;

/**
 * The option of an IT approval (POST /registrations/{id}/decisions, `addToCatalogue`): programs the
 * request proposed (software items that name no catalogue entry), each by its index in the
 * request's `software`, with the entry IT adds for it.
 */
export const AddToCatalogueSchema = /* @__PURE__ */ (() =>
  z
    .array(
      z.strictObject({
        software: z
          .number({ error: 'The index of the proposed program is required' })
          .check(z.int('An index is a whole number'), z.minimum(0, 'Indexes start at 0'), z.maximum(MAX_SOFTWARE_ITEMS - 1)),
        entry: CatalogueEntryInputSchema,
      }),
    )
    .check(z.maxLength(MAX_SOFTWARE_ITEMS, `At most ${MAX_SOFTWARE_ITEMS} programs`))
    .register(z.globalRegistry, {
      id: 'AddToCatalogue',
      description: 'With an IT approval only: adds proposed programs (by their index in `software`) to the catalogue.',
    }))();
export type AddToCatalogue = z.infer<typeof AddToCatalogueSchema>;

/** Entry ids are UUIDs; anything else names no entry. */
export const CATALOGUE_ENTRY_ID = /^[0-9a-zA-Z-]{1,64}$/;

/* ---------- Rehearsal of a software exam ---------- */

/** Days before the exam by which the set-up is rehearsed, unless IT sets another date. */
export const REHEARSAL_DAYS_BEFORE = 7;
/** A rehearsal not recorded this many days before its date is flagged. */
export const REHEARSAL_WARNING_DAYS = 3;

export const RehearsalInputSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      result: z.enum(['tested', 'failed'], { error: 'Say whether the set-up was tested or failed' }),
      comment: z._default(z.string().check(z.trim(), z.maxLength(2000, 'A comment may be at most 2000 characters'), multiLine('Comment')), ''),
      dueBy: z
        .optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD')))
        .register(z.globalRegistry, { description: 'Moves the date the rehearsal is due by (local date; default a week before the exam).' }),
    })
    .check(
      z.refine((r) => r.result !== 'failed' || r.comment.length > 0, {
        message: 'Say what failed',
        path: ['comment'],
        params: { code: 'COMMENT_REQUIRED' },
      }),
    )
    .register(z.globalRegistry, { id: 'RehearsalInput' }))();
export type RehearsalInput = z.infer<typeof RehearsalInputSchema>;

export const RehearsalSchema = /* @__PURE__ */ (() =>
  z
    .object({
      dueBy: z.string().register(z.globalRegistry, { description: 'Local date the set-up must be rehearsed by.' }),
      state: z.enum(['missing', 'tested', 'failed']),
      comment: z.nullable(z.string()),
      recordedAt: z.nullable(z.iso.datetime()),
      recordedBy: z.nullable(ActorSchema),
      flag: z
        .nullable(z.enum(['failed', 'missing']))
        .register(z.globalRegistry, { description: '`failed`, or `missing` from a few days before its date: IT and the teacher must act.' }),
    })
    .register(z.globalRegistry, { id: 'Rehearsal' }))();
export type Rehearsal = z.infer<typeof RehearsalSchema>;

/* ---------- A registration's software set-up ---------- */

export const AllowRuleSchema = /* @__PURE__ */ (() =>
  z
    .object({
      expression: z.string().register(z.globalRegistry, { description: 'A Safe Exam Browser URL filter expression (allow).' }),
      source: z.string().register(z.globalRegistry, { description: 'The program it is for, or `external` for an address of the question set.' }),
    })
    .register(z.globalRegistry, { id: 'AllowRule' }))();

export const SeatWarningSchema = /* @__PURE__ */ (() =>
  z
    .object({
      entryId: z.string(),
      name: z.string(),
      seats: z.number(),
      demand: z.number().register(z.globalRegistry, { description: 'This exam’s candidates.' }),
      committedPeak: z.number().register(z.globalRegistry, { description: 'Most candidates using the entry at once during the exam: approved exams and this one.' }),
      tentativePeak: z.number().register(z.globalRegistry, { description: 'The same, with pending exams.' }),
      overlapping: z.number().register(z.globalRegistry, { description: 'Other approved or pending exams that overlap this one and use the entry.' }),
      overbooked: z.boolean().register(z.globalRegistry, { description: '`committedPeak > seats`: approving this exam would run out of seats.' }),
      summary: z.nullable(z.string()),
    })
    .register(z.globalRegistry, { id: 'SeatCount' }))();
export type SeatWarning = z.infer<typeof SeatWarningSchema>;

export const SoftwareSetupSchema = /* @__PURE__ */ (() =>
  z
    .object({
      items: z.array(
        z.object({
          software: z.number().register(z.globalRegistry, { description: 'Index in the request’s `software`.' }),
          name: z.string(),
          entry: z
            .nullable(CatalogueEntrySchema)
            .register(z.globalRegistry, { description: 'The catalogue revision the request named, as it was then; null for a proposal.' }),
          addedToCatalogue: z.nullable(z.object({ entryId: z.string(), revision: z.number() })),
        }),
      ),
      seats: z
        .optional(z.array(SeatWarningSchema))
        .register(z.globalRegistry, { description: 'For the registration’s IT approvers: the licence seats of each entry with a seat count.' }),
      rehearsal: z.nullable(RehearsalSchema).register(z.globalRegistry, { description: 'The software exam’s rehearsal; null for a mid-term registration.' }),
      allowList: z
        .nullable(z.array(AllowRuleSchema))
        .register(z.globalRegistry, { description: 'What Safe Exam Browser must allow on a school exam; null on a home exam.' }),
    })
    .register(z.globalRegistry, { id: 'SoftwareSetup' }))();
export type SoftwareSetup = z.infer<typeof SoftwareSetupSchema>;

export const AllowListQuerySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    format: z._default(z.enum(['text', 'seb']), 'text').register(z.globalRegistry, {
      description: '`text`: one expression a line; `seb`: a Safe Exam Browser configuration fragment (property list with URLFilterRules).',
    }),
  }))();
