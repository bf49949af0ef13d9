import { describe, expect, it } from 'vitest';
import { DEFAULT_EXAM_PERIODS, RulesConfigSchema } from '../../shared/contracts/env';
import {
  additionalUploadMinutes,
  deriveRegistration,
  externalResources,
  incidentRoute,
  mainExamPeriodOf,
  requiredApprovers,
  ruleViolations,
  ruleWarnings,
  studentInfoDueBy,
  testTemplate,
} from '../../shared/rules/exam-rules';
import { RegistrationInputSchema, type RegistrationInput } from '../../shared/contracts/registration';
import { midtermBody, softwareBody } from '../support/fixtures';

const rules = RulesConfigSchema.parse({});
const NOW = new Date('2027-01-04T12:00:00Z');
const START = '2027-03-10T09:00:00+01:00';

type Exam = RegistrationInput['exam'];
type QS = RegistrationInput['questionSet'];
const exam = (type: 'home' | 'school', durationMinutes: number): Exam => ({ type, start: START, durationMinutes, candidates: 10 });
const qs = (uploadAssignments: number, extra: Partial<QS> = {}): QS => ({
  uploadAssignments,
  handDrawings: false,
  zipSubmission: false,
  externalUrls: [],
  ...extra,
});
const form = (body: Record<string, unknown>) => RegistrationInputSchema.parse(body);

describe('R4: extra time for uploads', () => {
  // "all home exams containing at least one upload assignment should be given 30 minutes additional time"
  // (home exams with an ordinary duration of up to and including 6 hours)
  // "For exams containing at least one upload assignment, 15 minutes additional time are given." (written school exams)
  it.each([
    ['home', 360, 1, 30, 'home exam of exactly 6 h with an upload'],
    ['home', 240, 3, 30, 'short home exam with several uploads'],
    ['home', 361, 1, 0, 'home exam just over 6 h'],
    ['home', 360, 0, 0, 'home exam without upload assignments'],
    ['school', 240, 1, 15, 'school exam with one upload'],
    ['school', 600, 2, 15, 'long school exam with uploads'],
    ['school', 240, 0, 0, 'school exam without upload assignments'],
  ] as const)('%s exam of %i min with %i uploads gets %i extra minutes (%s)', (type, minutes, uploads, expected, _why) => {
    expect(additionalUploadMinutes(exam(type, minutes), qs(uploads))).toBe(expected);
  });
});

describe('R5: hand drawings', () => {
  // "For written school exams, hand drawings are handled using InsperaScan. Note that there is a separate test template"
  it.each([
    ['school', true, 'inspera-scan'],
    ['school', false, 'standard'],
    ['home', true, 'standard'],
    ['home', false, 'standard'],
  ] as const)('%s exam with hand drawings=%s uses the %s template', (type, handDrawings, expected) => {
    expect(testTemplate(exam(type, 240), qs(1, { handDrawings }))).toBe(expected);
  });

  // "NB! Remember that the question set must include at least one upload assignment for the students to be able to submit hand drawings."
  it.each([
    ['home', 0, true],
    ['home', 1, false],
    ['school', 0, false], // "this does not require any upload assignment questions"
  ] as const)('%s exam with hand drawings and %i uploads is refused: %s', (type, uploads, refused) => {
    const f = form(midtermBody({ exam: { ...exam(type, 240), start: START }, questionSet: qs(uploads, { handDrawings: true }) }));
    const errors = ruleViolations(f, rules, NOW);
    expect(errors.some((e) => e.path === 'questionSet.uploadAssignments')).toBe(refused);
  });
});

describe('R1: mid-term exams cover home exams of at most 6 hours', () => {
  // "home exams with a duration of up to and including six hours outside of the main exam period"
  it.each([
    [360, false],
    [361, true],
    [24 * 60, true],
  ])('a %i-minute home exam is refused: %s', (minutes, refused) => {
    const f = form(midtermBody({ exam: { ...exam('home', minutes) } }));
    const error = ruleViolations(f, rules, NOW).find((e) => e.path === 'exam.durationMinutes');
    expect(Boolean(error)).toBe(refused);
    if (refused) expect(error?.message).toMatch(/department/i);
  });

  it('does not limit school exams or software requests', () => {
    expect(ruleViolations(form(midtermBody({ exam: exam('school', 600) })), rules, NOW)).toEqual([]);
    expect(ruleViolations(form(softwareBody({ exam: exam('home', 600) })), rules, NOW)).toEqual([]);
  });
});

describe('R2: main exam periods', () => {
  it.each([
    ['2027-05-06T09:00:00+02:00', 'Spring main exam period'],
    ['2027-06-14T23:30:00+02:00', 'Spring main exam period'],
    ['2027-06-15T00:30:00+02:00', undefined],
    ['2027-11-25T09:00:00+01:00', 'Autumn main exam period'],
    ['2027-12-20T09:00:00+01:00', 'Autumn main exam period'],
    ['2027-12-21T09:00:00+01:00', undefined],
    ['2027-03-10T09:00:00+01:00', undefined],
  ])('an exam starting %s is in %s', (start, period) => {
    expect(mainExamPeriodOf(start, DEFAULT_EXAM_PERIODS, 'Europe/Oslo')?.name).toBe(period);
  });

  it('compares dates in the institution’s time zone (23:30 UTC on 5 May is 6 May in Oslo)', () => {
    expect(mainExamPeriodOf('2027-05-05T23:30:00Z', DEFAULT_EXAM_PERIODS, 'Europe/Oslo')?.name).toBe('Spring main exam period');
  });

  it('supports periods across the new year and one-off periods with a year', () => {
    const periods = [
      { name: 'Winter', from: '12-28', to: '01-05' },
      { name: 'Extra 2027', from: '2027-08-01', to: '2027-08-10' },
    ];
    expect(mainExamPeriodOf('2027-01-03T09:00:00+01:00', periods, 'Europe/Oslo')?.name).toBe('Winter');
    expect(mainExamPeriodOf('2027-08-05T09:00:00+02:00', periods, 'Europe/Oslo')?.name).toBe('Extra 2027');
    expect(mainExamPeriodOf('2028-08-05T09:00:00+02:00', periods, 'Europe/Oslo')).toBeUndefined();
  });

  it('refuses a mid-term exam inside a period, naming exam.start', () => {
    const f = form(midtermBody({ exam: { ...exam('school', 180), start: '2027-05-20T09:00:00+02:00' } }));
    expect(ruleViolations(f, rules, NOW)).toEqual([
      {
        path: 'exam.start',
        code: 'IN_MAIN_EXAM_PERIOD',
        params: { period: 'Spring main exam period', from: '05-06', to: '06-14' },
        message: expect.stringMatching(/Spring main exam period/),
      },
    ]);
  });

  // "the whole exam counts, from its start to its end including extra upload time"
  it('refuses a home exam that starts before a period and ends inside it (21:00 on 5 May, 6 h + 30 min)', () => {
    const f = form(midtermBody({ exam: { ...exam('home', 360), start: '2027-05-05T21:00:00+02:00' }, questionSet: qs(1) }));
    expect(ruleViolations(f, rules, NOW)).toEqual([
      {
        path: 'exam.start',
        code: 'IN_MAIN_EXAM_PERIOD',
        params: expect.objectContaining({ period: 'Spring main exam period' }),
        message: expect.stringMatching(/Spring main exam period/),
      },
    ]);
  });

  it('counts the extra upload time but not a minute more (an exam ending at midnight before the period is accepted)', () => {
    // 17:30 + 6 h + 30 min ends at 00:00 on 6 May, Oslo time: it does not touch the period.
    const ends = form(midtermBody({ exam: { ...exam('home', 360), start: '2027-05-05T17:30:00+02:00' }, questionSet: qs(1) }));
    expect(ruleViolations(ends, rules, NOW)).toEqual([]);
    // Without the upload extra time, 18:00 + 6 h ends at midnight; with it (one upload), it runs 30 min into 6 May.
    const noUpload = form(midtermBody({ exam: { ...exam('home', 360), start: '2027-05-05T18:00:00+02:00' }, questionSet: qs(0) }));
    expect(ruleViolations(noUpload, rules, NOW)).toEqual([]);
    const upload = form(midtermBody({ exam: { ...exam('home', 360), start: '2027-05-05T18:00:00+02:00' }, questionSet: qs(1) }));
    expect(ruleViolations(upload, rules, NOW).map((e) => e.path)).toEqual(['exam.start']);
  });

  it('compares the end in the institution’s time zone', () => {
    // Ends 22:30 UTC on 5 May = 00:30 on 6 May in Oslo.
    expect(mainExamPeriodOf('2027-05-05T19:00:00Z', DEFAULT_EXAM_PERIODS, 'Europe/Oslo', '2027-05-05T22:30:00Z')?.name).toBe('Spring main exam period');
    expect(mainExamPeriodOf('2027-05-05T19:00:00Z', DEFAULT_EXAM_PERIODS, 'UTC', '2027-05-05T22:30:00Z')).toBeUndefined();
  });

  it('accepts software requests for exams inside a main period', () => {
    const f = form(softwareBody({ exam: { ...exam('school', 180), start: '2027-05-20T09:00:00+02:00' } }));
    expect(ruleViolations(f, rules, NOW)).toEqual([]);
  });
});

describe('minimum lead time', () => {
  it.each([
    [14, false],
    [13.9, true],
    [1, true],
  ])('an exam %s days ahead is refused: %s', (days, refused) => {
    const start = new Date(NOW.getTime() + days * 24 * 3600 * 1000).toISOString();
    const f = form(midtermBody({ exam: { ...exam('school', 180), start } }));
    expect(ruleViolations(f, rules, NOW).some((e) => e.path === 'exam.start')).toBe(refused);
  });
});

describe('maximum lead time (a Standard workflow execution lasts at most one year)', () => {
  it.each([
    [300, false],
    [300.1, true],
    [365 * 73, true], // an exam in 2099
  ])('an exam %s days ahead is refused: %s', (days, refused) => {
    const start = new Date(NOW.getTime() + days * 24 * 3600 * 1000).toISOString();
    const errors = ruleViolations(form(softwareBody({ exam: { ...exam('school', 180), start } })), rules, NOW);
    expect(errors.filter((e) => /at most 300 days/.test(e.message))).toEqual(
      refused ? [{ path: 'exam.start', code: 'TOO_EARLY', params: { days: 300 }, message: expect.stringMatching(/register it again closer to the date/) }] : [],
    );
  });

  it('is configuration, kept within the one-year limit', () => {
    expect(rules.MAX_LEAD_DAYS).toBe(300);
    expect(RulesConfigSchema.safeParse({ MAX_LEAD_DAYS: '400' }).success).toBe(false);
  });
});

describe('R3: approvers', () => {
  it.each([
    ['mid-term', midtermBody(), ['ED', 'IT']],
    ['software, school exam without URLs', softwareBody(), ['IT']],
    ['software, home exam with URLs', softwareBody({ exam: exam('home', 240), questionSet: qs(1, { externalUrls: ['https://lovdata.no'] }) }), ['IT']],
    ['software, school exam with URLs', softwareBody({ questionSet: qs(1, { externalUrls: ['https://lovdata.no'] }) }), ['ED', 'IT']],
    [
      'software, school exam with a web service',
      softwareBody({ software: [{ name: 'Lovdata', licence: 'campus', webService: true, url: 'https://lovdata.no', platforms: ['web'] }] }),
      ['ED', 'IT'],
    ],
    [
      'software, school exam with a program whose platforms include the web (not marked as a web service)',
      softwareBody({ software: [{ name: 'GeoGebra', licence: 'free', webService: false, url: null, platforms: ['windows', 'web'] }] }),
      ['ED', 'IT'],
    ],
    [
      'software, home exam with a program whose platforms include the web',
      softwareBody({ exam: exam('home', 240), software: [{ name: 'GeoGebra', licence: 'free', webService: false, url: null, platforms: ['web'] }] }),
      ['IT'],
    ],
  ])('%s needs %j', (_label, body, approvers) => {
    expect(requiredApprovers(form(body))).toEqual(approvers);
  });

  // "URL as a resource must not be used without an agreement with the ED/IT department."
  it('warns about Safe Exam Browser when a school exam wants external URLs', () => {
    const w = ruleWarnings(form(softwareBody({ questionSet: qs(1, { externalUrls: ['https://lovdata.no'] }) })));
    expect(w.map((x) => x.code)).toContain('SEB_EXTERNAL_URLS');
  });

  // "This also applies to web services such as Git, Lovdata, GIS, Chemdraw and other services where the program or resource is running as a website."
  it('treats software whose platforms include the web as a web service: Safe Exam Browser warning, its address listed', () => {
    const f = form(
      softwareBody({ software: [{ name: 'GeoGebra', licence: 'free', webService: false, url: 'https://www.geogebra.org', platforms: ['macos', 'web'] }] }),
    );
    expect(ruleWarnings(f).map((x) => x.code)).toContain('SEB_EXTERNAL_URLS');
    expect(externalResources(f)).toEqual(['https://www.geogebra.org']);
  });
});

describe('R6: software needs an upload assignment', () => {
  // "Note! Remember that the question set must include at least one upload assignment for the students to be able to upload files."
  it.each([
    [0, true],
    [1, false],
  ])('a software request with %i uploads is warned: %s', (uploads, warned) => {
    const w = ruleWarnings(form(softwareBody({ questionSet: qs(uploads) })));
    expect(w.some((x) => x.code === 'SOFTWARE_WITHOUT_UPLOAD')).toBe(warned);
  });

  it('does not warn a mid-term registration without uploads', () => {
    expect(ruleWarnings(form(midtermBody({ questionSet: qs(0) })))).toEqual([]);
  });
});

describe('R7: students informed a week before', () => {
  // "This must be done well in advance of the exam, no later than a week before the exam date."
  it('is due exactly 7 days before the start', () => {
    expect(studentInfoDueBy('2027-03-10T09:00:00+01:00', 7)).toBe('2027-03-03T08:00:00.000Z');
  });

  it('derives the whole block', () => {
    expect(deriveRegistration(form(midtermBody({ exam: exam('school', 180), questionSet: qs(1, { handDrawings: true }) })), rules)).toEqual({
      additionalMinutes: 15,
      testTemplate: 'inspera-scan',
      approvers: ['ED', 'IT'],
      studentInfoDueBy: '2027-03-03T08:00:00.000Z',
      warnings: [expect.objectContaining({ code: 'INSPERA_SCAN' })],
    });
  });
});

describe('R8: errors in the question set', () => {
  it.each([
    ['before-start', 'school', 180, 'PLANNER'],
    ['before-start', 'home', 600, 'PLANNER'],
    ['during', 'school', 180, 'IT_ED'],
    ['during', 'school', 600, 'IT_ED'],
    ['during', 'home', 360, 'IT_ED'],
    ['during', 'home', 361, 'DEPARTMENT'],
  ] as const)('%s a %s exam of %i min goes to %s', (phase, type, minutes, route) => {
    expect(incidentRoute(exam(type, minutes), phase)).toBe(route);
  });
});

describe('rules configuration', () => {
  it('has documented defaults (R9 contacts included)', () => {
    expect(rules).toMatchObject({ MIN_LEAD_DAYS: 14, STUDENT_INFO_DAYS: 7, HELP_PHONE_GENERAL: '73 59 66 00', HELP_PHONE_DURING_EXAM: '73 59 66 01' });
  });

  it.each([
    [{ EXAM_PERIODS: 'not json' }, 'EXAM_PERIODS'],
    [{ EXAM_PERIODS: '[{"name":"x","from":"2027-1-1","to":"12-01"}]' }, 'EXAM_PERIODS'],
    [{ MIN_LEAD_DAYS: '3' }, 'MIN_LEAD_DAYS'],
  ])('refuses %j', (env, key) => {
    const r = RulesConfigSchema.safeParse(env);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path[0]).toBe(key);
  });
});
