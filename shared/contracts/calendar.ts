import './locale';
import * as z from 'zod/mini';
import { jsonSetting } from './env';
import { ActorSchema, type ApproverGroup, ApproverGroupSchema, type ExamType, ExamTypeSchema, RegistrationStatusSchema } from './registration';

// Each schema below is built inside `/* @__PURE__ */ (() => …)()`: a function's bundle leaves out, and never builds, the
// schemas it does not use (building them was most of a cold start's import time above the SDK's; docs/performance.md).

export interface StaffingRule {
  /** One person of the group per this many candidates, by exam type. */
  candidatesPerStaff: Record<ExamType, number>;
  /** People of the group on duty at any time, unless a date has an override. */
  staffOnDuty: number;
}
export type StaffingConfig = Record<ApproverGroup, StaffingRule>;

/**
 * Defaults, after the usual practice: IT supports a school exam (Safe Exam Browser on campus)
 * with one person per 50 candidates and a home exam remotely with one per 150; ED invigilates a
 * school exam with one person per 30 candidates and follows up a home exam with one per 200.
 */
export const DEFAULT_STAFFING: StaffingConfig = {
  IT: { candidatesPerStaff: { school: 50, home: 150 }, staffOnDuty: 6 },
  ED: { candidatesPerStaff: { school: 30, home: 200 }, staffOnDuty: 10 },
};

const DAY = 24 * 60 * 60_000;

/** Whole days from one calendar date (YYYY-MM-DD) to another. */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/**
 * The calendar's boundaries: its query, the staffing override body, the capacity shown on a
 * registration, and the staffing configuration read from the environment.
 */

/** The longest range GET /calendar answers, in days (a quarter). */
export const MAX_CALENDAR_DAYS = 92;

export const calendarDate = (label: string) =>
  z
    .string({ error: `${label} is required, as YYYY-MM-DD` })
    .check(
      z.regex(/^\d{4}-\d{2}-\d{2}$/, { message: `${label} must be a date as YYYY-MM-DD`, abort: true }),
      z.refine((s) => {
        const d = new Date(`${s}T00:00:00Z`);
        return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
      }, `${label} is not a date in the calendar`),
    )
    .register(z.globalRegistry, { description: `${label}, a date in the institution's time zone (YYYY-MM-DD).`, example: '2027-03-10' });

/** GET /calendar */
export const CalendarQuerySchema = /* @__PURE__ */ (() =>
  z
    .strictObject({ from: calendarDate('from'), to: calendarDate('to') })
    .check(
      z.superRefine((q, ctx) => {
        const days = daysBetween(q.from, q.to) + 1;
        if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be on or after from' });
        else if (days > MAX_CALENDAR_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `At most ${MAX_CALENDAR_DAYS} days at a time` });
      }),
    )
    .register(z.globalRegistry, { id: 'CalendarQuery' }))();
export type CalendarQuery = z.infer<typeof CalendarQuerySchema>;

const count = /* @__PURE__ */ (() => z.number().check(z.int(), z.minimum(0)))();

export const CalendarItemSchema = /* @__PURE__ */ (() =>
  z
    .object({
      id: z.string(),
      kind: z.enum(['midterm', 'software']),
      status: RegistrationStatusSchema,
      course: z.object({ code: z.string(), name: z.string() }),
      exam: z.object({
        type: ExamTypeSchema,
        start: z.iso.datetime().register(z.globalRegistry, { description: 'Start, UTC.' }),
        end: z.iso.datetime().register(z.globalRegistry, { description: 'End, UTC, with the extra upload time.' }),
      }),
      candidates: count,
      demand: z.record(z.string(), count).register(z.globalRegistry, { description: 'People each approving group needs while the exam runs.' }),
    })
    .register(z.globalRegistry, { id: 'CalendarItem' }))();
export type CalendarItem = z.infer<typeof CalendarItemSchema>;

export const LoadStepSchema = /* @__PURE__ */ (() =>
  z
    .object({
      group: ApproverGroupSchema,
      from: z.iso.datetime(),
      to: z.iso.datetime(),
      committed: count.register(z.globalRegistry, { description: 'People the APPROVED exams need.' }),
      tentative: count.register(z.globalRegistry, { description: 'People the exams pending approval need.' }),
      staffOnDuty: count,
    })
    .register(z.globalRegistry, { id: 'LoadStep', description: 'The load of a group, constant over [from, to).' }))();

export const CalendarSchema = /* @__PURE__ */ (() =>
  z.object({ items: z.array(CalendarItemSchema), load: z.array(LoadStepSchema) }).register(z.globalRegistry, { id: 'Calendar' }))();
export type Calendar = z.infer<typeof CalendarSchema>;

/** PUT /calendar/staffing/{group}/{date} */
export const StaffingInputSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      staffOnDuty: z
        .number({ error: 'Give the people on duty as a whole number' })
        .check(z.int('A whole number of people'), z.minimum(0, 'Cannot be negative'), z.maximum(1000, 'At most 1000 people')),
      comment: z._default(z.string().check(z.trim(), z.maxLength(500, 'A comment may be at most 500 characters')), ''),
    })
    .register(z.globalRegistry, { id: 'StaffingInput' }))();
export type StaffingInput = z.infer<typeof StaffingInputSchema>;

export const StaffingPathSchema = /* @__PURE__ */ (() => z.strictObject({ group: ApproverGroupSchema, date: calendarDate('date') }))();

export const StaffingOverrideSchema = /* @__PURE__ */ (() =>
  z
    .object({
      group: ApproverGroupSchema,
      date: z.string(),
      staffOnDuty: count,
      comment: z.nullable(z.string()),
      updatedAt: z.iso.datetime(),
      updatedBy: ActorSchema,
    })
    .register(z.globalRegistry, { id: 'StaffingOverride' }))();
export type StaffingOverride = z.infer<typeof StaffingOverrideSchema>;

export const GroupCapacitySchema = /* @__PURE__ */ (() =>
  z
    .object({
      demand: count,
      committedPeak: count,
      tentativePeak: count,
      staffOnDuty: count,
      overbooked: z.boolean(),
      peak: z
        .object({ from: z.iso.datetime(), to: z.iso.datetime(), otherExams: count })
        .register(z.globalRegistry, { description: 'Where the committed peak is: its first stretch, and how many other approved exams run then.' }),
      summary: z.nullable(z.string()).register(z.globalRegistry, {
        description: 'In plain English words when overbooked, or when the pending exams would overbook; other languages word it from the figures.',
      }),
    })
    .register(z.globalRegistry, { id: 'GroupCapacity' }))();
export const CapacitySchema = /* @__PURE__ */ (() =>
  z
    .record(z.string(), GroupCapacitySchema)
    .register(z.globalRegistry, { id: 'Capacity', description: 'Per approving group of yours: this exam against the load and the people on duty.' }))();
export type Capacity = z.infer<typeof CapacitySchema>;

/* ---------- Configuration ---------- */

const positive = /* @__PURE__ */ (() => z.number().check(z.int(), z.positive()))();
const StaffingRulePatchSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    candidatesPerStaff: z.optional(z.strictObject({ home: z.optional(positive), school: z.optional(positive) })),
    staffOnDuty: z.optional(z.number().check(z.int(), z.minimum(0))),
  }))();

/**
 * `STAFFING`: JSON over the defaults, e.g. `{"IT":{"staffOnDuty":8,"candidatesPerStaff":{"school":40}}}`.
 * Unset: DEFAULT_STAFFING (above).
 */
export const StaffingConfigSchema = /* @__PURE__ */ (() =>
  z.object({
    STAFFING: jsonSetting(
      z.pipe(
        z.strictObject({ IT: z.optional(StaffingRulePatchSchema), ED: z.optional(StaffingRulePatchSchema) }),
        z.transform((patch): StaffingConfig => ({
          IT: {
            staffOnDuty: patch.IT?.staffOnDuty ?? DEFAULT_STAFFING.IT.staffOnDuty,
            candidatesPerStaff: { ...DEFAULT_STAFFING.IT.candidatesPerStaff, ...patch.IT?.candidatesPerStaff },
          },
          ED: {
            staffOnDuty: patch.ED?.staffOnDuty ?? DEFAULT_STAFFING.ED.staffOnDuty,
            candidatesPerStaff: { ...DEFAULT_STAFFING.ED.candidatesPerStaff, ...patch.ED?.candidatesPerStaff },
          },
        })),
      ),
      {},
      'an object like {"IT":{"staffOnDuty":8}}',
    ),
  }))();
