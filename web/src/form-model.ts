import type { RulesConfig } from '../../shared/contracts/env';
import { checkInput } from '../../shared/contracts/parse';
import type { FieldError } from '../../shared/contracts/problem';
import { parseDuration } from '../../shared/rules/duration';
import { deriveRegistration } from '../../shared/rules/exam-rules';
import { registrationViolations } from '../../shared/rules/registration-checks';
import {
  ContactSchema,
  type Derived,
  ExamSchema,
  QuestionSetSchema,
  type CatalogueChoice,
  type RegistrationInput,
  RegistrationInputSchema,
  SoftwareItemSchema,
} from '../../shared/contracts/registration';

/**
 * The registration form as the browser holds it: every input's raw text, shaped like the
 * API body so that a field's name is its dotted path (`exam.durationMinutes`). Converting a
 * draft gives the body the API expects; the shared schemas and rules then judge it exactly
 * as the API will.
 */
export interface SoftwareDraft {
  name: string;
  version: string;
  licence: string;
  webService: boolean;
  url: string;
  platforms: string[];
  /** The catalogue entry and revision the program was added from; absent for a program typed by hand (a proposal). */
  catalogue?: CatalogueChoice;
}

export interface Draft {
  kind: RegistrationInput['kind'];
  course: { code: string; name: string };
  department: string;
  contact: { name: string; email: string; phone: string };
  exam: { type: string; start: string; durationMinutes: string; candidates: string };
  questionSet: { uploadAssignments: string; handDrawings: boolean; zipSubmission: boolean; externalUrls: string };
  studentInfo: { citationRules: string; demoTestUrl: string; coverPageUrl: string };
  notes: string;
  software: SoftwareDraft[];
}

export type DraftValue = string | boolean | string[];

export const emptySoftware = (): SoftwareDraft => ({ name: '', version: '', licence: '', webService: false, url: '', platforms: [] });

export const emptyDraft = (kind: Draft['kind'], contact: { name?: string | null; email?: string | null } = {}): Draft => ({
  kind,
  course: { code: '', name: '' },
  department: '',
  contact: { name: contact.name ?? '', email: contact.email ?? '', phone: '' },
  exam: { type: '', start: '', durationMinutes: '', candidates: '' },
  questionSet: { uploadAssignments: '', handDrawings: false, zipSubmission: false, externalUrls: '' },
  studentInfo: { citationRules: '', demoTestUrl: '', coverPageUrl: '' },
  notes: '',
  software: kind === 'software' ? [emptySoftware()] : [],
});

/* ---------- Paths ---------- */

export const getAt = (draft: Draft, path: string): DraftValue => {
  let node: unknown = draft;
  for (const key of path.split('.')) node = (node as Record<string, unknown>)?.[key];
  return node as DraftValue;
};

/** A copy of the draft with one value replaced. */
export const setAt = (draft: Draft, path: string, value: DraftValue | SoftwareDraft[]): Draft => {
  const [head, ...rest] = path.split('.');
  const put = (node: unknown, keys: string[]): unknown => {
    const [key, ...more] = keys;
    if (key === undefined) return value;
    const copy: Record<string, unknown> | unknown[] = Array.isArray(node) ? [...(node as unknown[])] : { ...(node as Record<string, unknown>) };
    (copy as Record<string, unknown>)[key] = put((node as Record<string, unknown>)[key], more);
    return copy;
  };
  return put(draft, [head as string, ...rest]) as Draft;
};

/** The id of the input for a field path; `exam.durationMinutes` → `f-exam-durationMinutes`. */
export const fieldId = (path: string) => `f-${path.replace(/\./g, '-')}`;

const COMMON_PATHS = [
  'course.code',
  'course.name',
  'department',
  'contact.name',
  'contact.email',
  'contact.phone',
  'exam.type',
  'exam.start',
  'exam.durationMinutes',
  'exam.candidates',
  'questionSet.uploadAssignments',
  'questionSet.handDrawings',
  'questionSet.zipSubmission',
  'questionSet.externalUrls',
  'studentInfo.citationRules',
  'studentInfo.demoTestUrl',
  'studentInfo.coverPageUrl',
  'notes',
];
const SOFTWARE_FIELDS = ['catalogue', 'name', 'version', 'licence', 'webService', 'url', 'platforms'];

/** Every path that has a place on the form, in the order the form shows them. */
export const fieldPaths = (draft: Draft): string[] => {
  const paths = [...COMMON_PATHS];
  if (draft.kind === 'software') {
    const at = paths.indexOf('notes');
    const software = ['software', ...draft.software.flatMap((_s, i) => SOFTWARE_FIELDS.map((f) => `software.${i}.${f}`))];
    paths.splice(at, 0, ...software);
  }
  return paths;
};

/**
 * Assigns each error to the nearest field on the form: `questionSet.externalUrls.2` belongs
 * to the external-addresses field, `software` to the software section. Errors with no place
 * (e.g. `(body)`) are returned apart, for the summary only. The same error twice at a field
 * (the same code and message) is shown once.
 */
export const placeErrors = <E extends Pick<FieldError, 'path' | 'message'> & Partial<Pick<FieldError, 'code'>>>(errors: E[], paths: readonly string[]) => {
  const known = new Set(paths);
  const byField = new Map<string, E[]>();
  const unplaced: E[] = [];
  for (const error of errors) {
    const segments = error.path.split('.');
    let field: string | undefined;
    while (segments.length > 0 && !field) {
      const candidate = segments.join('.');
      if (known.has(candidate)) field = candidate;
      segments.pop();
    }
    if (!field) {
      unplaced.push(error);
      continue;
    }
    const list = byField.get(field) ?? [];
    if (!list.some((e) => e.code === error.code && e.message === error.message)) list.push(error);
    byField.set(field, list);
  }
  const ordered = paths.filter((p) => byField.has(p)).map((p) => ({ path: p, errors: byField.get(p) as E[] }));
  return { byField, ordered, unplaced };
};

/* ---------- Exam start in the institution's time zone ---------- */

/** The UTC offset of a time zone at an instant, in minutes (Oslo: 60 in winter, 120 in summer). */
const offsetMinutes = (instant: number, timeZone: string): number => {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date(instant)).find((p) => p.type === 'timeZoneName')?.value ??
    'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
};

const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');

/**
 * `2027-03-10T09:00` (what a datetime-local input gives) read as wall-clock time in the time
 * zone → `2027-03-10T09:00:00+01:00`; '' when the input is empty or malformed.
 */
export const zonedToIso = (local: string, timeZone: string): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return '';
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  // The offset at the guessed instant, then again at the corrected one (they differ only near a DST change).
  let offset = offsetMinutes(asUtc - offsetMinutes(asUtc, timeZone) * 60_000, timeZone);
  offset = offsetMinutes(asUtc - offset * 60_000, timeZone);
  const sign = offset < 0 ? '-' : '+';
  return `${local}:00${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
};

/** The reverse: an instant as the value of a datetime-local input in the time zone. */
export const isoToZoned = (iso: string, timeZone: string): string => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
};

/* ---------- Draft ⇄ API body ---------- */

const numberOrUndefined = (s: string) => (s.trim() === '' ? undefined : Number(s.trim()));
/** A duration as typed (`150`, `2:30`, `2 h 30 min`) in minutes; text that is no duration stays text, which the schema refuses. */
const durationOrText = (s: string) => (s.trim() === '' ? undefined : (parseDuration(s) ?? s.trim()));
const textOrNull = (s: string) => (s.trim() === '' ? null : s.trim());
const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** The API body for a draft, unvalidated: the shared schema judges it. */
export const toInput = (draft: Draft, timeZone: string): Record<string, unknown> => ({
  kind: draft.kind,
  course: { code: draft.course.code, name: draft.course.name },
  department: draft.department,
  contact: { name: draft.contact.name, email: draft.contact.email.trim(), phone: textOrNull(draft.contact.phone) },
  exam: {
    type: draft.exam.type || undefined,
    start: zonedToIso(draft.exam.start, timeZone) || undefined,
    durationMinutes: durationOrText(draft.exam.durationMinutes),
    candidates: numberOrUndefined(draft.exam.candidates),
  },
  questionSet: {
    uploadAssignments: numberOrUndefined(draft.questionSet.uploadAssignments),
    handDrawings: draft.questionSet.handDrawings,
    zipSubmission: draft.questionSet.zipSubmission,
    externalUrls: lines(draft.questionSet.externalUrls),
  },
  studentInfo: {
    citationRules: textOrNull(draft.studentInfo.citationRules),
    demoTestUrl: textOrNull(draft.studentInfo.demoTestUrl),
    coverPageUrl: textOrNull(draft.studentInfo.coverPageUrl),
  },
  notes: draft.notes,
  ...(draft.kind === 'software'
    ? {
        software: draft.software.map((s) => ({
          name: s.name,
          version: textOrNull(s.version),
          licence: s.licence || undefined,
          webService: s.webService,
          url: textOrNull(s.url),
          platforms: s.platforms,
          ...(s.catalogue ? { catalogue: s.catalogue } : {}),
        })),
      }
    : {}),
});

const text = (v: string | null | undefined) => v ?? '';

/** A stored registration's form as a draft, to change and resubmit it. */
export const draftFromInput = (input: RegistrationInput, timeZone: string): Draft => ({
  kind: input.kind,
  course: { ...input.course },
  department: input.department,
  contact: { name: input.contact.name, email: input.contact.email, phone: text(input.contact.phone) },
  exam: {
    type: input.exam.type,
    start: isoToZoned(input.exam.start, timeZone),
    durationMinutes: String(input.exam.durationMinutes),
    candidates: String(input.exam.candidates),
  },
  questionSet: {
    uploadAssignments: String(input.questionSet.uploadAssignments),
    handDrawings: input.questionSet.handDrawings,
    zipSubmission: input.questionSet.zipSubmission,
    externalUrls: input.questionSet.externalUrls.join('\n'),
  },
  studentInfo: {
    citationRules: text(input.studentInfo.citationRules),
    demoTestUrl: text(input.studentInfo.demoTestUrl),
    coverPageUrl: text(input.studentInfo.coverPageUrl),
  },
  notes: input.notes,
  software: input.kind === 'software' ? input.software.map((s) => ({ ...s, version: text(s.version), url: text(s.url), platforms: [...s.platforms] })) : [],
});

/* ---------- Live check ---------- */

/** The parts of the form the rules read, each known once its own input is valid. */
type RulePart = 'type' | 'start' | 'duration' | 'uploads' | 'email';

/** The parts each rule's refusal rests on: it is shown only once those are filled in validly. */
const RULE_NEEDS: Partial<Record<FieldError['code'], RulePart[]>> = {
  TOO_LATE: ['start'],
  TOO_EARLY: ['start'],
  IN_MAIN_EXAM_PERIOD: ['start'],
  HOME_EXAM_OVER_6_HOURS: ['type', 'duration'],
  HAND_DRAWINGS_NEED_UPLOAD: ['type', 'uploads'],
  OUTSIDE_MAIL_DOMAINS: ['email'],
};

const valid = <T>(schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false } }, value: unknown): T | undefined => {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

/**
 * A half-filled form as the rules need it: each part the rules read, taken when its input is
 * valid and otherwise a neutral stand-in (a school exam, no duration, no uploads), with which
 * parts are real. The rules then run on every keystroke, and a refusal shows as soon as the
 * parts it rests on are filled in, whatever else is still missing.
 */
const ruleBasis = (body: Record<string, unknown>, now: Date): { input: RegistrationInput; known: Set<RulePart> } => {
  const rawExam = body.exam as Record<string, unknown>;
  const raw = body.questionSet as { uploadAssignments: unknown; handDrawings: boolean; externalUrls: string[]; zipSubmission: boolean };
  const shape = ExamSchema.shape;
  const type = valid(shape.type, rawExam.type);
  const start = valid(shape.start, rawExam.start);
  const durationMinutes = valid(shape.durationMinutes, rawExam.durationMinutes);
  const uploadAssignments = valid(QuestionSetSchema.shape.uploadAssignments, raw.uploadAssignments);
  const email = valid(ContactSchema.shape.email, (body.contact as { email: unknown }).email);
  const parts: [RulePart, unknown][] = [
    ['type', type],
    ['start', start],
    ['duration', durationMinutes],
    ['uploads', uploadAssignments],
    ['email', email],
  ];
  const urls = raw.externalUrls.filter((u) => QuestionSetSchema.shape.externalUrls.safeParse([u]).success);
  const software = ((body.software as unknown[] | undefined) ?? []).flatMap((s) => {
    const parsed = SoftwareItemSchema.safeParse(s);
    return parsed.success ? [parsed.data] : [];
  });
  const input = {
    ...(body as unknown as RegistrationInput),
    contact: { ...(body.contact as RegistrationInput['contact']), email: email ?? '' },
    exam: { type: type ?? 'school', start: start ?? now.toISOString(), durationMinutes: durationMinutes ?? 0, candidates: 1 },
    questionSet: { uploadAssignments: uploadAssignments ?? 0, handDrawings: raw.handDrawings, zipSubmission: raw.zipSubmission, externalUrls: urls },
    ...(body.kind === 'software' ? { software } : {}),
  } as RegistrationInput;
  return { input, known: new Set(parts.filter(([, v]) => v !== undefined).map(([p]) => p)) };
};

/** The facts need the whole exam part and the question set; until then there are none. */
const DERIVED_NEEDS: RulePart[] = ['type', 'start', 'duration', 'uploads'];

export interface DraftCheck {
  /** The validated body, when the form would be accepted. */
  input: RegistrationInput | null;
  /** Schema errors and rule violations together, as the API would report them all at once. */
  errors: FieldError[];
  /** The domain rules' refusals alone, each known as soon as the parts it rests on are filled in. */
  violations: FieldError[];
  derived: Derived | null;
}

export const checkDraft = (draft: Draft, rules: RulesConfig, now: Date): DraftCheck => {
  const body = toInput(draft, rules.EXAM_TIME_ZONE);
  const parsed = checkInput(RegistrationInputSchema, body);
  const basis = parsed.success ? { input: parsed.data, known: new Set<RulePart>(DERIVED_NEEDS.concat('email')) } : ruleBasis(body, now);
  const violations = registrationViolations(basis.input, rules, now).filter((v) => (RULE_NEEDS[v.code] ?? []).every((part) => basis.known.has(part)));
  // The schema's error at a field comes first; a rule's refusal of the same field joins it.
  const errors = [...(parsed.success ? [] : parsed.errors), ...violations];
  return {
    input: parsed.success && violations.length === 0 ? parsed.data : null,
    errors,
    violations,
    derived: DERIVED_NEEDS.every((part) => basis.known.has(part)) ? deriveRegistration(basis.input, rules) : null,
  };
};
