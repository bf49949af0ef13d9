import * as z from 'zod';

/**
 * The registration forms. These schemas are the single source of truth: the API
 * validates with them, TypeScript types are inferred from them, and the OpenAPI
 * document and the web form are generated from them. Messages are written for the
 * member of staff who fills in the form.
 */

const trimmed = (max: number, label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);

/** A group of fields; when it is missing altogether the message says so in words. */
const section = <S extends z.core.$ZodLooseShape>(label: string, shape: S) =>
  z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'invalid_type' ? (issue.input === undefined ? `${label} is required` : `${label} must be an object`) : undefined,
  });

const optionalUrl = z
  .url({ protocol: /^https?$/, error: 'Must be a web address starting with http:// or https://' })
  .max(2000)
  .nullable()
  .default(null);

export const ExamTypeSchema = z.enum(['home', 'school']).meta({
  description: '`home`: home exam managed by the department; `school`: written school exam on campus (Safe Exam Browser).',
});
export type ExamType = z.infer<typeof ExamTypeSchema>;

export const CourseSchema = section('Course', {
  code: z
    .string({ error: 'Course code is required' })
    .trim()
    .toUpperCase()
    .regex(/^[A-ZÆØÅ]{2,5}\d{3,4}[A-Z]?$/, 'Course code looks like TDT4100'),
  name: trimmed(200, 'Course name'),
});

export const ContactSchema = section('Contact', {
  name: trimmed(200, 'Contact name'),
  email: z.email({ error: 'Must be a valid e-mail address' }).max(254),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{5,20}$/, 'Phone number may contain digits, spaces and a leading +')
    .nullable()
    .default(null),
});

export const ExamSchema = section('Exam', {
  type: ExamTypeSchema,
  start: z.iso
    .datetime({ offset: true, error: 'Start must be a date and time with a time zone, e.g. 2027-03-10T09:00:00+01:00' })
    .meta({ description: 'Start of the exam, ISO 8601 with offset.' }),
  durationMinutes: z
    .number({ error: 'Duration is required, in minutes' })
    .int('Duration must be a whole number of minutes')
    .min(15, 'An exam lasts at least 15 minutes')
    .max(14 * 24 * 60, 'An exam lasts at most 14 days'),
  candidates: z
    .number({ error: 'Expected number of candidates is required' })
    .int('Number of candidates must be a whole number')
    .min(1, 'At least one candidate')
    .max(2000, 'At most 2000 candidates per exam'),
});

export const QuestionSetSchema = section('Question set', {
  uploadAssignments: z
    .number({ error: 'Number of upload assignments is required' })
    .int('Must be a whole number')
    .min(0, 'Cannot be negative')
    .max(100, 'At most 100 upload assignments'),
  handDrawings: z.boolean().default(false),
  zipSubmission: z.boolean().default(false),
  externalUrls: z
    .array(z.url({ protocol: /^https?$/, error: 'Must be a web address starting with http:// or https://' }).max(2000))
    .max(50, 'At most 50 external addresses')
    .default([]),
});

export const StudentInfoSchema = section('Student information', {
  citationRules: z.string().trim().max(500, 'At most 500 characters').nullable().default(null),
  demoTestUrl: optionalUrl,
  coverPageUrl: optionalUrl,
});

export const PlatformSchema = z.enum(['windows', 'macos', 'linux', 'web']);

export const SoftwareItemSchema = section('Each software entry', {
  name: trimmed(120, 'Software name'),
  version: z.string().trim().max(60).nullable().default(null),
  licence: z.enum(['campus', 'free', 'student-purchase', 'other']).meta({
    description: 'How students get the licence.',
  }),
  webService: z.boolean().default(false).meta({
    description: 'A service used in the browser (Git, Lovdata, GIS, ChemDraw, any website) counts as software (R6).',
  }),
  url: optionalUrl,
  platforms: z.array(PlatformSchema).min(1, 'Name at least one platform').max(4),
});


const commonFields = {
  course: CourseSchema,
  department: trimmed(100, 'Department'),
  contact: ContactSchema,
  exam: ExamSchema,
  questionSet: QuestionSetSchema,
  studentInfo: StudentInfoSchema.default({ citationRules: null, demoTestUrl: null, coverPageUrl: null }),
  notes: z.string().trim().max(4000, 'Notes may be at most 4000 characters').default(''),
};

export const MidtermRegistrationInputSchema = z
  .strictObject({ kind: z.literal('midterm'), ...commonFields })
  .meta({ id: 'MidtermRegistrationInput', title: 'Mid-term exam registration' });

export const SoftwareRegistrationInputSchema = z
  .strictObject({
    kind: z.literal('software'),
    ...commonFields,
    software: z
      .array(SoftwareItemSchema)
      .min(1, 'Name at least one program or web service')
      .max(30, 'At most 30 programs per request'),
  })
  .refine((r) => r.software.every((s) => !s.webService || s.url !== null), {
    message: 'A web service needs its address',
    path: ['software'],
  })
  .meta({ id: 'SoftwareRegistrationInput', title: 'Exam with software request' });

export const RegistrationInputSchema = z
  .discriminatedUnion('kind', [MidtermRegistrationInputSchema, SoftwareRegistrationInputSchema], {
    error: 'kind must be "midterm" or "software"',
  })
  .meta({ id: 'RegistrationInput' });

export type RegistrationInput = z.infer<typeof RegistrationInputSchema>;
export type MidtermRegistrationInput = z.infer<typeof MidtermRegistrationInputSchema>;
export type SoftwareRegistrationInput = z.infer<typeof SoftwareRegistrationInputSchema>;
export type SoftwareItem = z.infer<typeof SoftwareItemSchema>;

export const ApproverGroupSchema = z.enum(['IT', 'ED']);
export type ApproverGroup = z.infer<typeof ApproverGroupSchema>;

export const RegistrationStatusSchema = z.enum([
  'PENDING_APPROVAL',
  'APPROVED',
  'REJECTED',
  'CHANGES_REQUESTED',
  'CANCELLED',
  'EXPIRED',
]);
export type RegistrationStatus = z.infer<typeof RegistrationStatusSchema>;

export const DerivedSchema = z
  .object({
    additionalMinutes: z.number().int().meta({ description: 'R4: extra time for uploads, not part of the exam time on the cover page.' }),
    testTemplate: z.enum(['standard', 'inspera-scan']),
    approvers: z.array(ApproverGroupSchema),
    studentInfoDueBy: z.iso.datetime({ offset: true }),
    warnings: z.array(z.object({ code: z.string(), message: z.string() })),
  })
  .meta({ id: 'Derived' });
export type Derived = z.infer<typeof DerivedSchema>;
export type Warning = Derived['warnings'][number];

/* ---------- Stored registration, as the API returns it ---------- */

export const DecisionSchema = z.enum(['approve', 'reject', 'request-changes']);
export type Decision = z.infer<typeof DecisionSchema>;

export const ActorSchema = z
  .object({ sub: z.string(), email: z.string().nullable(), name: z.string().nullable() })
  .meta({ id: 'Actor' });
export type Actor = z.infer<typeof ActorSchema>;
export const SYSTEM_ACTOR: Actor = { sub: 'system', email: null, name: 'exam-forms' };

export const ApprovalStateSchema = z.enum(['PENDING', 'APPROVED', 'REJECTED', 'CHANGES_REQUESTED', 'EXPIRED', 'CLOSED']);
export type ApprovalState = z.infer<typeof ApprovalStateSchema>;

export const ApprovalSchema = z
  .object({
    group: ApproverGroupSchema,
    round: z.number().int(),
    state: ApprovalStateSchema,
    requestedAt: z.iso.datetime(),
    stage: z.enum(['initial', 'reminder', 'escalation']),
    decidedAt: z.iso.datetime().nullable(),
    decidedBy: ActorSchema.nullable(),
    comment: z.string().nullable(),
  })
  .meta({ id: 'Approval' });
export type Approval = z.infer<typeof ApprovalSchema>;

export const HistoryEntrySchema = z
  .object({
    at: z.iso.datetime(),
    by: ActorSchema,
    action: z.string().meta({ description: 'SUBMITTED, DECIDED, RESUBMITTED, CANCELLED, APPROVED, REJECTED, …' }),
    comment: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'HistoryEntry' });
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const RegistrationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['midterm', 'software']),
    form: RegistrationInputSchema,
    status: RegistrationStatusSchema,
    round: z.number().int().min(1),
    derived: DerivedSchema,
    owner: ActorSchema,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    approvals: z.array(ApprovalSchema),
    history: z.array(HistoryEntrySchema),
  })
  .meta({ id: 'Registration' });
export type Registration = z.infer<typeof RegistrationSchema>;
