import * as z from 'zod/mini';
import { LetterLanguageSchema } from './languages';

// Each schema below is built inside `/* @__PURE__ */ (() => …)()`: a function's bundle leaves out, and never builds, the
// schemas it does not use (building them was most of a cold start's import time above the SDK's; docs/performance.md).

/**
 * The registration forms. These schemas are the single source of truth: the API
 * validates with them, TypeScript types are inferred from them, and the OpenAPI
 * document and the web form are generated from them. Messages are written for the
 * member of staff who fills in the form.
 */

/** One line of text: no line breaks or other control characters (they would reach e-mail subjects and forge lines). */
export const singleLine = (label: string) => z.regex(/^[^\p{Cc}\u2028\u2029]*$/u, `${label} must be one line of text, without line breaks or control characters`);
/** Free text over several lines: line breaks and tabs, no other control characters. */
export const multiLine = (label: string) => z.regex(/^(?:[\t\n\r]|[^\p{Cc}])*$/u, `${label} may not contain control characters other than line breaks and tabs`);

const trimmed = (max: number, label: string) =>
  z
    .string({ error: `${label} is required` })
    .check(z.trim(), z.minLength(1, `${label} is required`), z.maxLength(max, `${label} must be at most ${max} characters`), singleLine(label));

/** A group of fields; when it is missing altogether the message says so in words. */
const section = <S extends z.core.$ZodLooseShape>(label: string, shape: S) =>
  z.strictObject(shape, {
    error: (issue) => (issue.code === 'invalid_type' ? (issue.input === undefined ? `${label} is required` : `${label} must be an object`) : undefined),
  });

/**
 * Bounds of what one form may hold. With them the largest form, and everything made from it (the
 * stored item, the approval e-mail, the student letter with both languages in text and HTML),
 * fits one DynamoDB item (400 KB) with room to spare (`tests/unit/form-bounds.test.ts`).
 */
export const MAX_URL_LENGTH = 500;
export const MAX_EXTERNAL_URLS = 30;
export const MAX_SOFTWARE_ITEMS = 30;
/** The whole form as JSON, in UTF-8 bytes. */
export const MAX_FORM_BYTES = 64 * 1024;
const utf8 = /* @__PURE__ */ new TextEncoder();

const webAddress = () =>
  z
    .url({ protocol: /^https?$/, error: 'Must be a web address starting with http:// or https://' })
    .check(z.maxLength(MAX_URL_LENGTH, `A web address may be at most ${MAX_URL_LENGTH} characters`));

const optionalUrl = /* @__PURE__ */ (() => z._default(z.nullable(webAddress()), null))();

export const ExamTypeSchema = /* @__PURE__ */ (() =>
  z.enum(['home', 'school']).register(z.globalRegistry, {
    description: '`home`: home exam managed by the department; `school`: written school exam on campus (Safe Exam Browser).',
  }))();
export type ExamType = z.infer<typeof ExamTypeSchema>;

export const CourseSchema = /* @__PURE__ */ (() =>
  section('Course', {
    code: z.string({ error: 'Course code is required' }).check(z.trim(), z.toUpperCase(), z.regex(/^[A-ZÆØÅ]{2,5}\d{3,4}[A-Z]?$/, 'Course code looks like TDT4100')),
    name: trimmed(200, 'Course name'),
  }))();

export const ContactSchema = /* @__PURE__ */ (() =>
  section('Contact', {
    name: trimmed(200, 'Contact name'),
    email: z.email({ error: 'Must be a valid e-mail address' }).check(z.maxLength(254)),
    phone: z._default(z.nullable(z.string().check(z.trim(), z.regex(/^\+?[0-9 ()-]{5,20}$/, 'Phone number may contain digits, spaces and a leading +'))), null),
  }))();

export const ExamSchema = /* @__PURE__ */ (() =>
  section('Exam', {
    type: ExamTypeSchema,
    start: z.iso
      .datetime({ offset: true, error: 'Start must be a date and time with a time zone, e.g. 2027-03-10T09:00:00+01:00' })
      .register(z.globalRegistry, { description: 'Start of the exam, ISO 8601 with offset.' }),
    durationMinutes: z
      .number({ error: 'Duration is required, in minutes' })
      .check(
        z.int('Duration must be a whole number of minutes'),
        z.minimum(15, 'An exam lasts at least 15 minutes'),
        z.maximum(14 * 24 * 60, 'An exam lasts at most 14 days'),
      ),
    candidates: z
      .number({ error: 'Expected number of candidates is required' })
      .check(z.int('Number of candidates must be a whole number'), z.minimum(1, 'At least one candidate'), z.maximum(2000, 'At most 2000 candidates per exam')),
  }))();

export const QuestionSetSchema = /* @__PURE__ */ (() =>
  section('Question set', {
    uploadAssignments: z
      .number({ error: 'Number of upload assignments is required' })
      .check(z.int('Must be a whole number'), z.minimum(0, 'Cannot be negative'), z.maximum(100, 'At most 100 upload assignments')),
    handDrawings: z._default(z.boolean(), false),
    zipSubmission: z._default(z.boolean(), false),
    externalUrls: z._default(z.array(webAddress()).check(z.maxLength(MAX_EXTERNAL_URLS, `At most ${MAX_EXTERNAL_URLS} external addresses`)), []),
  }))();

export const StudentInfoSchema = /* @__PURE__ */ (() =>
  section('Student information', {
    citationRules: z._default(z.nullable(z.string().check(z.trim(), z.maxLength(500, 'At most 500 characters'), singleLine('Citation rules'))), null),
    demoTestUrl: optionalUrl,
    coverPageUrl: optionalUrl,
  }))();

export const PlatformSchema = /* @__PURE__ */ (() => z.enum(['windows', 'macos', 'linux', 'web']))();
export type Platform = z.infer<typeof PlatformSchema>;

export const LicenceKindSchema = /* @__PURE__ */ (() =>
  z.enum(['campus', 'free', 'student-purchase', 'other']).register(z.globalRegistry, {
    description: 'How students get the licence.',
  }))();
export type LicenceKind = z.infer<typeof LicenceKindSchema>;

/**
 * A program picked from the software catalogue: the entry and the revision the request names
 * (the registration keeps it, so it shows what was approved after the entry changes). The item's
 * other fields are filled in from that revision when the form is stored. Without it, the item is
 * a proposal, which IT may add to the catalogue when it approves.
 */
export const CatalogueChoiceSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      entryId: z.string({ error: 'The catalogue entry is required' }).check(z.regex(/^[0-9a-zA-Z-]{1,64}$/, 'Not a catalogue entry id')),
      revision: z.number({ error: 'The catalogue revision is required' }).check(z.int('A revision is a whole number'), z.minimum(1, 'Revisions start at 1')),
    })
    .register(z.globalRegistry, { id: 'CatalogueChoice' }))();
export type CatalogueChoice = z.infer<typeof CatalogueChoiceSchema>;

export const SoftwareItemSchema = /* @__PURE__ */ (() =>
  section('Each software entry', {
    name: trimmed(120, 'Software name'),
    version: z._default(z.nullable(z.string().check(z.trim(), z.maxLength(60), singleLine('Version'))), null),
    licence: LicenceKindSchema,
    webService: z._default(z.boolean(), false).register(z.globalRegistry, {
      description: 'A service used in the browser (Git, Lovdata, GIS, ChemDraw, any website) counts as software (R6).',
    }),
    url: optionalUrl,
    platforms: z.array(PlatformSchema).check(z.minLength(1, 'Name at least one platform'), z.maxLength(4)),
    catalogue: z.optional(CatalogueChoiceSchema),
  }))();

const commonFields = /* @__PURE__ */ (() => ({
  course: CourseSchema,
  department: trimmed(100, 'Department'),
  contact: ContactSchema,
  exam: ExamSchema,
  questionSet: QuestionSetSchema,
  studentInfo: z._default(StudentInfoSchema, { citationRules: null, demoTestUrl: null, coverPageUrl: null }),
  notes: z._default(z.string().check(z.trim(), z.maxLength(4000, 'Notes may be at most 4000 characters'), multiLine('Notes')), ''),
}))();

export const MidtermRegistrationInputSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({ kind: z.literal('midterm'), ...commonFields })
    .register(z.globalRegistry, { id: 'MidtermRegistrationInput', title: 'Mid-term exam registration' }))();

export const SoftwareRegistrationInputSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      kind: z.literal('software'),
      ...commonFields,
      software: z
        .array(SoftwareItemSchema)
        .check(z.minLength(1, 'Name at least one program or web service'), z.maxLength(MAX_SOFTWARE_ITEMS, `At most ${MAX_SOFTWARE_ITEMS} programs per request`)),
    })
    .check(
      z.refine((r) => r.software.every((s) => !s.webService || s.url !== null), {
        message: 'A web service needs its address',
        path: ['software'],
        params: { code: 'WEB_SERVICE_NEEDS_URL' },
      }),
    )
    .register(z.globalRegistry, { id: 'SoftwareRegistrationInput', title: 'Exam with software request' }))();

export const RegistrationInputSchema = /* @__PURE__ */ (() =>
  z
    .discriminatedUnion('kind', [MidtermRegistrationInputSchema, SoftwareRegistrationInputSchema], {
      error: 'kind must be "midterm" or "software"',
    })
    .check(
      // Every field is bounded; this keeps the whole bounded too when a field is added. (TextEncoder: the web form runs it too.)
      z.refine((form) => utf8.encode(JSON.stringify(form)).length <= MAX_FORM_BYTES, {
        message: `The form may be at most ${MAX_FORM_BYTES / 1024} KB`,
        params: { code: 'FORM_TOO_LARGE' },
      }),
    )
    .register(z.globalRegistry, { id: 'RegistrationInput' }))();

export type RegistrationInput = z.infer<typeof RegistrationInputSchema>;
export type MidtermRegistrationInput = z.infer<typeof MidtermRegistrationInputSchema>;
export type SoftwareRegistrationInput = z.infer<typeof SoftwareRegistrationInputSchema>;
export type SoftwareItem = z.infer<typeof SoftwareItemSchema>;

export const ApproverGroupSchema = /* @__PURE__ */ (() => z.enum(['IT', 'ED']))();
export type ApproverGroup = z.infer<typeof ApproverGroupSchema>;

export const RegistrationStatusSchema = /* @__PURE__ */ (() => z.enum(['PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'CHANGES_REQUESTED', 'CANCELLED', 'EXPIRED']))();
export type RegistrationStatus = z.infer<typeof RegistrationStatusSchema>;

export const DerivedSchema = /* @__PURE__ */ (() =>
  z
    .object({
      additionalMinutes: z
        .number()
        .check(z.int())
        .register(z.globalRegistry, { description: 'R4: extra time for uploads, not part of the exam time on the cover page.' }),
      testTemplate: z.enum(['standard', 'inspera-scan']),
      approvers: z.array(ApproverGroupSchema),
      studentInfoDueBy: z.iso.datetime({ offset: true }),
      warnings: z.array(z.object({ code: z.string(), message: z.string() })),
    })
    .register(z.globalRegistry, { id: 'Derived' }))();
export type Derived = z.infer<typeof DerivedSchema>;
export type Warning = Derived['warnings'][number];

/* ---------- Stored registration, as the API returns it ---------- */

export const DecisionSchema = /* @__PURE__ */ (() => z.enum(['approve', 'reject', 'request-changes']))();
export type Decision = z.infer<typeof DecisionSchema>;

export const ActorSchema = /* @__PURE__ */ (() =>
  z.object({ sub: z.string(), email: z.nullable(z.string()), name: z.nullable(z.string()) }).register(z.globalRegistry, { id: 'Actor' }))();
export type Actor = z.infer<typeof ActorSchema>;
export const SYSTEM_ACTOR: Actor = { sub: 'system', email: null, name: 'exam-forms' };

export const ApprovalStateSchema = /* @__PURE__ */ (() => z.enum(['PENDING', 'APPROVED', 'REJECTED', 'CHANGES_REQUESTED', 'EXPIRED', 'CLOSED']))();
export type ApprovalState = z.infer<typeof ApprovalStateSchema>;

export const ApprovalSchema = /* @__PURE__ */ (() =>
  z
    .object({
      group: ApproverGroupSchema,
      round: z.number().check(z.int()),
      state: ApprovalStateSchema,
      requestedAt: z.iso.datetime(),
      stage: z.enum(['initial', 'reminder', 'escalation']),
      decidedAt: z.nullable(z.iso.datetime()),
      decidedBy: z.nullable(ActorSchema),
      comment: z.nullable(z.string()),
    })
    .register(z.globalRegistry, { id: 'Approval' }))();
export type Approval = z.infer<typeof ApprovalSchema>;

/**
 * Every action a history entry records, in one list: the use cases can write only these, and
 * the web app words each one (a map over this union, so a new action fails its type check
 * until it is worded in every language). Clients should still show an unknown value as it is.
 */
export const HISTORY_ACTIONS = [
  'SUBMITTED',
  'RESUBMITTED',
  'DECIDED',
  'APPROVED',
  'EXPIRED',
  'CANCELLED',
  'OUTCOME_MAILED',
  'WORKFLOW_FAILED',
  'CANDIDATES_REPLACED',
  'LETTER_WITHOUT_CANDIDATES',
  'NOTICE_SENT',
  'NOTICE_WAITING',
  'INCIDENT_REPORTED',
  'EXTRA_TIME_DECIDED',
  'ADDED_TO_CATALOGUE',
  'REHEARSAL_RECORDED',
] as const;
export const HistoryActionSchema = /* @__PURE__ */ (() =>
  z.enum(HISTORY_ACTIONS).register(z.globalRegistry, {
    id: 'HistoryAction',
    description: 'What happened. New actions may be added: show an unknown one as it is.',
  }))();
export type HistoryAction = z.infer<typeof HistoryActionSchema>;

export const HistoryEntrySchema = /* @__PURE__ */ (() =>
  z
    .object({
      at: z.iso.datetime(),
      by: ActorSchema,
      action: HistoryActionSchema,
      comment: z.nullable(z.string()),
      details: z.optional(z.record(z.string(), z.unknown())),
    })
    .register(z.globalRegistry, { id: 'HistoryEntry' }))();
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

/** One field of the form that differs from the previous round (shared/rules/form-changes.ts). */
export const FormChangeSchema = /* @__PURE__ */ (() =>
  z
    .object({
      field: z
        .string()
        .register(z.globalRegistry, { description: 'Dotted path in the form: `exam.start`, `software.1.platforms`; `software.2` for a program added or removed.' }),
      before: z.unknown().register(z.globalRegistry, { description: 'The value in the previous round (`null` for a program added).' }),
      after: z.unknown().register(z.globalRegistry, { description: 'The value now (`null` for a program removed).' }),
      truncated: z.optional(z.literal(true)).register(z.globalRegistry, {
        description: 'The values are left out (both `null`) to keep the changes of a very large resubmission bounded; the field did change.',
      }),
    })
    .register(z.globalRegistry, { id: 'FormChange' }))();

export const RegistrationSchema = /* @__PURE__ */ (() =>
  z
    .object({
      id: z.string(),
      kind: z.enum(['midterm', 'software']),
      form: RegistrationInputSchema,
      status: RegistrationStatusSchema,
      round: z.number().check(z.int(), z.minimum(1)),
      derived: DerivedSchema,
      owner: ActorSchema,
      language: z.optional(LetterLanguageSchema).register(z.globalRegistry, {
        description: 'The submitter’s language (from Accept-Language when submitted): their e-mails are written in it.',
      }),
      createdAt: z.iso.datetime(),
      updatedAt: z.iso.datetime(),
      approvals: z.array(ApprovalSchema),
      history: z.array(HistoryEntrySchema),
      changes: z.optional(z.array(FormChangeSchema)).register(z.globalRegistry, {
        description: 'A resubmission: each field of the form that differs from the previous round, with both values. Absent in round 1.',
      }),
    })
    .register(z.globalRegistry, { id: 'Registration' }))();
export type Registration = z.infer<typeof RegistrationSchema>;
