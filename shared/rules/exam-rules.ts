import type { ExamPeriod, RulesConfig } from '../contracts/env';
import type { FieldError } from '../contracts/problem';
import type { ApproverGroup, Derived, RegistrationInput, SoftwareItem, Warning } from '../contracts/registration';
import type { IncidentRoute } from '../contracts/student-notices';
import { periodWords } from './date-words';
import { dateTimeFormat } from './date-format';

/**
 * The domain rules R1–R9 of the product specification, as pure functions.
 * Each one cites the sentence of the exam information page it comes from.
 * No I/O here: time and configuration are arguments.
 */

type Exam = RegistrationInput['exam'];
type QuestionSet = RegistrationInput['questionSet'];

/** Six hours: the line between short home exams (ED/IT support) and long ones (department only). */
export const SHORT_HOME_EXAM_MAX_MINUTES = 6 * 60;

const isShortHomeExam = (exam: Exam) => exam.type === 'home' && exam.durationMinutes <= SHORT_HOME_EXAM_MAX_MINUTES;

/**
 * R4. "all home exams containing at least one upload assignment should be given 30 minutes
 * additional time" (ordinary duration up to and including 6 hours); "For exams containing at
 * least one upload assignment, 15 minutes additional time are given" (written school exams).
 */
export const additionalUploadMinutes = (exam: Exam, questionSet: QuestionSet): number => {
  if (questionSet.uploadAssignments < 1) return 0;
  if (isShortHomeExam(exam)) return 30;
  if (exam.type === 'school') return 15;
  return 0;
};

/**
 * R5. "For written school exams, hand drawings are handled using InsperaScan. Note that there
 * is a separate test template where this setting is activated."
 */
export const testTemplate = (exam: Exam, questionSet: QuestionSet): Derived['testTemplate'] =>
  exam.type === 'school' && questionSet.handDrawings ? 'inspera-scan' : 'standard';

/**
 * R3, R6. "other services where the program or resource is running as a website": a program
 * marked as a web service, and one whose platforms include the web, both run as a website.
 */
export const runsAsWebsite = (item: Pick<SoftwareItem, 'webService' | 'platforms'>): boolean => item.webService || item.platforms.includes('web');

/** URLs a school exam would need opened in Safe Exam Browser: listed resources and whatever runs as a website. */
export const externalResources = (input: RegistrationInput): string[] => {
  const urls = [...input.questionSet.externalUrls];
  if (input.kind === 'software') {
    for (const item of input.software) if (runsAsWebsite(item) && item.url) urls.push(item.url);
  }
  return [...new Set(urls)];
};

/** Whether the exam uses anything that runs as a website (a listed URL, or software that runs in the browser, with or without its address). */
export const usesWebsites = (input: RegistrationInput): boolean =>
  externalResources(input).length > 0 || (input.kind === 'software' && input.software.some(runsAsWebsite));

/**
 * R3. Mid-term registrations need both ED and IT; software requests need IT. "URL as a resource
 * must not be used without an agreement with the ED/IT department": a school exam that uses
 * anything running as a website (listed URLs, web services, software whose platforms include
 * the web) adds ED.
 */
export const requiredApprovers = (input: RegistrationInput): ApproverGroup[] => {
  if (input.kind === 'midterm') return ['ED', 'IT'];
  return input.exam.type === 'school' && usesWebsites(input) ? ['ED', 'IT'] : ['IT'];
};

const DAY_MS = 24 * 3600 * 1000;

/** R7. "no later than a week before the exam date". */
export const studentInfoDueBy = (examStart: string, days: number): string => new Date(Date.parse(examStart) - days * DAY_MS).toISOString();

/** The calendar date (YYYY-MM-DD) of an instant in the institution's time zone. */
export const localDate = (instant: string | Date, timeZone: string): string =>
  dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(typeof instant === 'string' ? new Date(instant) : instant);

const periodContains = (p: ExamPeriod, date: string): boolean => {
  const year = date.slice(0, 4);
  const full = (d: string) => (d.length === 5 ? `${year}-${d}` : d);
  const from = full(p.from);
  const to = full(p.to);
  // A recurring period may wrap the new year (e.g. 12-15 → 01-10).
  if (p.from.length === 5 && p.to.length === 5 && p.from > p.to) return date >= from || date <= to;
  return date >= from && date <= to;
};

/** The calendar day after a YYYY-MM-DD date. */
const nextDate = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/**
 * R2. The main exam period (if any) that the exam touches: every local date from its start to
 * its end (`examEnd`, extra upload time included; exclusive) counts, not only the first. Without
 * `examEnd` only the start date is looked at.
 */
export const mainExamPeriodOf = (examStart: string, periods: ExamPeriod[], timeZone: string, examEnd?: string): ExamPeriod | undefined => {
  const first = localDate(examStart, timeZone);
  const endMs = examEnd ? Math.max(Date.parse(examStart), Date.parse(examEnd) - 1) : Date.parse(examStart);
  const last = localDate(new Date(endMs), timeZone);
  for (let date = first; date <= last; date = nextDate(date)) {
    const period = periods.find((p) => periodContains(p, date));
    if (period) return period;
  }
  return undefined;
};

/** When the exam ends for the candidates: start, duration and the extra upload time (R4). */
export const examEnd = (exam: Exam, questionSet: QuestionSet): string =>
  new Date(Date.parse(exam.start) + (exam.durationMinutes + additionalUploadMinutes(exam, questionSet)) * 60_000).toISOString();

/**
 * Rules that refuse a registration, each naming the field that is wrong.
 * R1: "home exams with a duration of up to and including six hours outside of the main exam
 * period" — longer home exams "are managed entirely by the departments themselves".
 * R2: mid-term exams lie outside the main exam periods, from start to end (extra upload time included).
 * R5: "the question set must include at least one upload assignment for the students to be able
 * to submit hand drawings" (home exams).
 */
export const ruleViolations = (input: RegistrationInput, config: RulesConfig, now: Date): FieldError[] => {
  const errors: FieldError[] = [];
  const { exam, questionSet } = input;
  const start = Date.parse(exam.start);

  if (start - now.getTime() < config.MIN_LEAD_DAYS * DAY_MS) {
    errors.push({
      path: 'exam.start',
      code: 'TOO_LATE',
      params: { days: config.MIN_LEAD_DAYS },
      message: `The exam must be registered at least ${config.MIN_LEAD_DAYS} days before it starts`,
    });
  }

  if (start - now.getTime() > config.MAX_LEAD_DAYS * DAY_MS) {
    errors.push({
      path: 'exam.start',
      code: 'TOO_EARLY',
      params: { days: config.MAX_LEAD_DAYS },
      message: `The exam can be registered at most ${config.MAX_LEAD_DAYS} days before it starts; register it again closer to the date`,
    });
  }

  if (input.kind === 'midterm') {
    if (exam.type === 'home' && exam.durationMinutes > SHORT_HOME_EXAM_MAX_MINUTES) {
      errors.push({
        path: 'exam.durationMinutes',
        code: 'HOME_EXAM_OVER_6_HOURS',
        message: 'Home exams longer than 6 hours are run by the department alone and are not registered with this form; contact your department administration',
      });
    }
    const period = mainExamPeriodOf(exam.start, config.EXAM_PERIODS, config.EXAM_TIME_ZONE, examEnd(exam, questionSet));
    if (period) {
      errors.push({
        path: 'exam.start',
        code: 'IN_MAIN_EXAM_PERIOD',
        params: { period: period.name, from: period.from, to: period.to },
        message: `The exam falls in the ${period.name} (${periodWords('en', period.from, period.to)}), from its start to its end including extra upload time; mid-term exams must be outside the main exam periods`,
      });
    }
  }

  if (exam.type === 'home' && questionSet.handDrawings && questionSet.uploadAssignments < 1) {
    errors.push({
      path: 'questionSet.uploadAssignments',
      code: 'HAND_DRAWINGS_NEED_UPLOAD',
      message: 'A home exam with hand drawings needs at least one upload assignment so students can submit them',
    });
  }
  return errors;
};

/** Advice shown with an accepted registration (R3, R6 and the seed's advice on external resources). */
export const ruleWarnings = (input: RegistrationInput): Warning[] => {
  const warnings: Warning[] = [];
  const websites = usesWebsites(input);
  if (input.exam.type === 'school' && websites) {
    warnings.push({
      code: 'SEB_EXTERNAL_URLS',
      message:
        'Safe Exam Browser blocks every website except Inspera. External addresses, web services and software that runs in the browser need an agreement with ED and IT, so ED approval has been added.',
    });
  }
  if (input.exam.type === 'home' && websites) {
    warnings.push({
      code: 'EXTERNAL_RESOURCES_UNRELIABLE',
      message: 'External resources may become unavailable or change during the exam; upload content critical to the exam to Inspera as part of the question set.',
    });
  }
  if (input.kind === 'software' && input.questionSet.uploadAssignments < 1) {
    warnings.push({
      code: 'SOFTWARE_WITHOUT_UPLOAD',
      message: 'The question set should include at least one upload assignment so students can upload their files.',
    });
  }
  if (input.exam.type === 'school' && input.questionSet.handDrawings) {
    warnings.push({
      code: 'INSPERA_SCAN',
      message: 'Hand drawings on a school exam use the InsperaScan test template; contact your department administration to use it.',
    });
  }
  return warnings;
};

/** The `derived` block of a registration. */
export const deriveRegistration = (input: RegistrationInput, config: RulesConfig): Derived => ({
  additionalMinutes: additionalUploadMinutes(input.exam, input.questionSet),
  testTemplate: testTemplate(input.exam, input.questionSet),
  approvers: requiredApprovers(input),
  studentInfoDueBy: studentInfoDueBy(input.exam.start, config.STUDENT_INFO_DAYS),
  warnings: ruleWarnings(input),
});

export type { IncidentRoute };

/**
 * R8. Before the start the question set can still be corrected by the planner. During the
 * exam: "Written school exams and home exams with ordinary duration up to and including 6
 * hours" go to IT/ED; "Home exams with ordinary duration of more than 6 hours" go to the
 * department administration.
 */
export const incidentRoute = (exam: Exam, phase: 'before-start' | 'during'): IncidentRoute => {
  if (phase === 'before-start') return 'PLANNER';
  return exam.type === 'school' || isShortHomeExam(exam) ? 'IT_ED' : 'DEPARTMENT';
};
