import './locale';
import * as z from 'zod/mini';
import { StudentLetterLanguagesSchema } from './languages';

// Each schema below is built inside `/* @__PURE__ */ (() => …)()`: a function's bundle leaves out, and never builds, the
// schemas it does not use (building them was most of a cold start's import time above the SDK's; docs/performance.md).

/**
 * Configuration is read from the environment once, at module load, and validated.
 * A missing or malformed variable fails the cold start with a message naming it,
 * instead of surfacing later as an `undefined` deep inside a use case.
 */
export class ConfigurationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigurationError';
  }
}

export const parseEnv = <S extends z.core.$ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> => {
  const result = z.safeParse(schema, env);
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigurationError(`Invalid configuration: ${detail}`, { cause: result.error });
  }
  return result.data;
};

/**
 * The environment of a function, written with the names its configuration schema declares:
 * the schemas below are the only place an environment variable is named. The CDK constructs
 * and local mode build environments through this, so a misspelt or removed name fails the
 * type check instead of a cold start.
 */
export const envFor = <S extends z.ZodMiniObject>(_schema: S, values: { [K in keyof z.input<S>]?: string | undefined }): Record<string, string> =>
  Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string'));

const emailList = /* @__PURE__ */ (() =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((s) =>
        s
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean),
      ),
    ),
    z.array(z.email()).check(z.minLength(1)),
  ))();

/** Comma-separated mail domains, lower-cased. */
const domainList = /* @__PURE__ */ (() =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((s) =>
        s
          .split(',')
          .map((d) => d.trim().toLowerCase())
          .filter(Boolean),
      ),
    ),
    z.array(z.string().check(z.regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be mail domains such as example.edu'))).check(z.minLength(1)),
  ))();

const positiveSeconds = /* @__PURE__ */ (() => z.coerce.number().check(z.int(), z.positive()))();

/** A main exam period, recurring every year (`MM-DD`) or for one year only (`YYYY-MM-DD`). */
const ExamPeriodSchema = /* @__PURE__ */ (() =>
  z.object({
    name: z.string().check(z.minLength(1)),
    from: z.string().check(z.regex(/^(\d{4}-)?\d{2}-\d{2}$/)),
    to: z.string().check(z.regex(/^(\d{4}-)?\d{2}-\d{2}$/)),
  }))();
export type ExamPeriod = z.infer<typeof ExamPeriodSchema>;

/** Defaults follow the usual university calendar: autumn exams late Nov–Dec, spring exams May–June. */
export const DEFAULT_EXAM_PERIODS: ExamPeriod[] = [
  { name: 'Autumn main exam period', from: '11-25', to: '12-20' },
  { name: 'Spring main exam period', from: '05-06', to: '06-14' },
];

/** A JSON setting: absent or empty gives the default; malformed JSON names the variable. */
export const jsonSetting = <S extends z.core.$ZodType>(schema: S, fallback: z.input<S>, hint: string) =>
  z.pipe(
    z.pipe(
      z.optional(z.string()),
      z.transform((s, ctx) => {
        if (!s) return fallback;
        try {
          return JSON.parse(s) as unknown;
        } catch {
          ctx.issues.push({ code: 'custom', message: `must be JSON: ${hint}`, input: s });
          return z.NEVER;
        }
      }),
    ),
    schema,
  );

export const RulesConfigSchema = /* @__PURE__ */ (() =>
  z.object({
    EXAM_PERIODS: jsonSetting(z.array(ExamPeriodSchema), DEFAULT_EXAM_PERIODS, 'an array of { name, from, to }'),
    /** Local time zone of the institution; exam dates and periods are compared in it. */
    EXAM_TIME_ZONE: z._default(z.string(), 'Europe/Oslo'),
    /** How many days before the exam a mid-term registration must come in (ED and IT need time to staff it). */
    MIN_LEAD_DAYS: z._default(z.coerce.number().check(z.int(), z.minimum(7), z.maximum(120)), 14),
    /**
     * How far ahead an exam may be registered. The approval workflow runs from the submission
     * until the student letter a week before the exam, and a Step Functions Standard execution
     * lasts at most one year: the limit keeps every execution well inside it.
     */
    MAX_LEAD_DAYS: z._default(z.coerce.number().check(z.int(), z.minimum(30), z.maximum(330)), 300),
    /** R7: students are informed no later than this many days before the exam. */
    STUDENT_INFO_DAYS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(60)), 7),
    /** Mail domains of staff (a form's contact address), comma-separated; subdomains count. */
    STAFF_MAIL_DOMAINS: z._default(domainList, ['example.edu']),
    /** Mail domains of students (candidate addresses), comma-separated; subdomains count. */
    STUDENT_MAIL_DOMAINS: z._default(domainList, ['stud.example.edu']),
    HELP_PHONE_GENERAL: z._default(z.string(), '73 59 66 00'),
    HELP_PHONE_DURING_EXAM: z._default(z.string(), '73 59 66 01'),
  }))();
export type RulesConfig = z.infer<typeof RulesConfigSchema>;

export const TableConfigSchema = /* @__PURE__ */ (() => z.object({ TABLE_NAME: z.string().check(z.minLength(1)) }))();
export const WorkflowConfigSchema = /* @__PURE__ */ (() =>
  z.object({
    STATE_MACHINE_ARN: z.string().check(z.minLength(1)),
    /**
     * The alias new executions start on (deployed: the published version behind `live`), so a
     * deploy shifts new executions while waiting ones finish on the version they started with.
     * Unset (local mode): the state machine itself.
     */
    STATE_MACHINE_ALIAS_ARN: z.optional(z.string().check(z.minLength(1))),
  }))();

export const MailConfigSchema = /* @__PURE__ */ (() =>
  z.object({
    MAIL_FROM: z.email(),
    MAIL_CONFIGURATION_SET: z.optional(z.string()),
    APPROVERS_IT: emailList,
    APPROVERS_ED: emailList,
    /** Base URL of the web front end, used for links in e-mails. */
    APP_BASE_URL: z.url(),
  }))();
export type MailConfig = z.infer<typeof MailConfigSchema>;

/**
 * R8: the department's planner (administrative staff) updates the test when the teacher finds
 * an error in the question set before the exam. `PLANNERS` is a JSON object department →
 * mailbox (e.g. {"IDI":"planner-idi@example.edu"}); `PLANNER_DEFAULT` serves every other
 * department.
 */
export const PlannerConfigSchema = /* @__PURE__ */ (() =>
  z.object({
    PLANNERS: jsonSetting(z.record(z.string(), z.email()), {}, 'an object of department → e-mail address'),
    PLANNER_DEFAULT: z.email(),
  }))();
export type PlannerConfig = z.infer<typeof PlannerConfigSchema>;

/** The planner mailbox of a department: its own, else the default. Department names are compared without case. */
export const plannerMailbox = (config: PlannerConfig, department: string): string => {
  const key = Object.keys(config.PLANNERS).find((d) => d.trim().toLowerCase() === department.trim().toLowerCase());
  return key ? (config.PLANNERS[key] as string) : config.PLANNER_DEFAULT;
};

export const ApprovalTimingSchema = /* @__PURE__ */ (() =>
  z.object({
    /** A pending approval gets a reminder after this long… */
    REMINDER_AFTER_SECONDS: z._default(positiveSeconds, 2 * 24 * 3600),
    /** …and an escalation e-mail after this long. */
    ESCALATION_AFTER_SECONDS: z._default(positiveSeconds, 4 * 24 * 3600),
  }))();

export const AuthConfigSchema = /* @__PURE__ */ (() =>
  z.object({
    /** The JWT claim that carries the user's groups. */
    GROUPS_CLAIM: z._default(z.string().check(z.minLength(1)), 'groups'),
    /** The identity provider's group names (matched whole) and the role each grants. */
    GROUP_ROLES: jsonSetting(
      z.record(z.string().check(z.minLength(1)), z.enum(['staff', 'IT', 'ED'])),
      { staff: 'staff', IT: 'IT', ED: 'ED' },
      'an object { "<group name>": "staff" | "IT" | "ED" }',
    ),
  }))();

/** Settings for student e-mail, validated at start-up like the rest of the configuration. */
export const NoticeConfigSchema = /* @__PURE__ */ (() =>
  z.object({
    /** Candidate lists and recipient states are deleted (TTL) this many days after the exam. */
    CANDIDATE_RETENTION_DAYS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(365)), 30),
    /** Messages per second to SES (the account's sending quota). */
    MAIL_SEND_RATE: z._default(z.coerce.number().check(z.positive(), z.maximum(1000)), 10),
    /** Sends in flight at once. */
    MAIL_SEND_CONCURRENCY: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50)), 8),
    /** A claim older than this is taken to belong to a sender that died, and is sent again. */
    STALE_CLAIM_SECONDS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(3600)), 120),
    /** How long one dispatch invocation sends before handing over to the next (Lambda time limit). */
    DISPATCH_BUDGET_SECONDS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(600)), 240),
    /**
     * When SES stops taking mail from the account (its 24-hour quota used, sending paused or the
     * account suspended), a notice waits this long and tries again, as often as it takes.
     */
    SENDING_STOPPED_WAIT_SECONDS: z._default(z.coerce.number().check(z.int(), z.minimum(60), z.maximum(86_400)), 3600),
    STUDENT_LETTER_LANGUAGES: StudentLetterLanguagesSchema,
  }))();
export type NoticeConfig = z.infer<typeof NoticeConfigSchema>;

export const PageTokenConfigSchema = /* @__PURE__ */ (() =>
  z.object({
    /**
     * Key of the HMAC that seals page tokens (at least 32 characters; from a secret when deployed).
     * Absent: a random key per instance, so tokens work only within one instance (local mode).
     */
    PAGE_TOKEN_KEY: z.optional(z.string().check(z.minLength(32, 'must be at least 32 characters'))),
  }))();

/** How often incidents may be reported: per registration and per user, in a fixed window. */
export const IncidentLimitSchema = /* @__PURE__ */ (() =>
  z.object({
    INCIDENT_LIMIT_PER_REGISTRATION: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000)), 5),
    INCIDENT_LIMIT_PER_USER: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000)), 20),
    INCIDENT_LIMIT_WINDOW_SECONDS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(7 * 24 * 3600)), 3600),
  }))();
export type IncidentLimits = z.infer<typeof IncidentLimitSchema>;

/**
 * Settings that change without a deploy: the Parameter Store name of each (under
 * CONFIG_PARAMETERS_PATH), read with the same schema as the environment variable of its name.
 */
export const PARAMETER_NAMES = { APPROVERS_IT: 'approvers/IT', APPROVERS_ED: 'approvers/ED', EXAM_PERIODS: 'exam-periods' } as const;
export const RuntimeSettingsSchema = /* @__PURE__ */ (() =>
  z.object({
    APPROVERS_IT: MailConfigSchema.shape.APPROVERS_IT,
    APPROVERS_ED: MailConfigSchema.shape.APPROVERS_ED,
    EXAM_PERIODS: RulesConfigSchema.shape.EXAM_PERIODS,
  }))();
export type RuntimeSettings = z.infer<typeof RuntimeSettingsSchema>;

export const ParameterConfigSchema = /* @__PURE__ */ (() =>
  z.object({
    /** Where those settings sit in Parameter Store (`/exam-forms/<stage>/`). Unset (local mode, tests): the environment's values only. */
    CONFIG_PARAMETERS_PATH: z.optional(z.string().check(z.regex(/^\/([\w.-]+\/)+$/, 'must be a path such as /exam-forms/dev/'))),
    /** How long a value read from Parameter Store is kept before it is read again. */
    CONFIG_PARAMETERS_MAX_AGE_SECONDS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(3600)), 300),
  }))();
