import { describe, expect, it } from 'vitest';
import { RulesConfigSchema } from '../../shared/contracts/env';
import { checkDraft, draftFromInput, emptyDraft, fieldPaths, isoToZoned, placeErrors, setAt, toInput, zonedToIso } from '../../web/src/form-model';
import { checkInput } from '../../shared/contracts/parse';
import { type FieldError, type FieldErrorCode, PROBLEM_CODES, type ProblemCode } from '../../shared/contracts/problem';
import { DecisionInputSchema } from '../../shared/contracts/http';
import { RegistrationInputSchema } from '../../shared/contracts/registration';
import { ruleViolations, ruleWarnings } from '../../shared/rules/exam-rules';
import { ApiError, toProblem } from '../../web/src/api';
import { describeError } from '../../web/src/describe-error';
import { type Lang, translate, translateFieldError, translateProblem, translateWarning } from '../../web/src/i18n';
import { examStartIn, midtermBody, softwareBody } from '../support/fixtures';

/** The pure logic behind the web form, without a browser: time zones, error placement, live checks. */
const rules = RulesConfigSchema.parse({});
const now = new Date();

describe('web form model', () => {
  it('reads the start as wall-clock time in Oslo, winter and summer, and back', () => {
    expect(zonedToIso('2027-03-10T09:00', 'Europe/Oslo')).toBe('2027-03-10T09:00:00+01:00');
    expect(zonedToIso('2027-08-20T09:00', 'Europe/Oslo')).toBe('2027-08-20T09:00:00+02:00');
    // The morning after the spring change (28 March 2027, 02:00 → 03:00).
    expect(zonedToIso('2027-03-28T09:00', 'Europe/Oslo')).toBe('2027-03-28T09:00:00+02:00');
    expect(zonedToIso('', 'Europe/Oslo')).toBe('');
    expect(isoToZoned('2027-08-20T07:00:00Z', 'Europe/Oslo')).toBe('2027-08-20T09:00');
  });

  it('turns a stored registration into a draft and back into the same body', () => {
    const input = RegistrationInputSchema.parse(midtermBody());
    const body = RegistrationInputSchema.parse(toInput(draftFromInput(input, 'Europe/Oslo'), 'Europe/Oslo'));
    // The same instant, written with Oslo's offset on that day.
    expect(Date.parse(body.exam.start)).toBe(Date.parse(input.exam.start));
    expect(body).toEqual({ ...input, exam: { ...input.exam, start: body.exam.start } });
  });

  it('keeps a program picked from the catalogue linked to its entry and revision, and puts its refusal at that program', () => {
    const catalogue = { entryId: 'e-1', revision: 2 };
    const input = RegistrationInputSchema.parse(
      softwareBody({
        software: [
          { name: 'MATLAB', version: 'R2024b', licence: 'campus', webService: false, url: null, platforms: ['windows'], catalogue },
          { name: 'Own tool', version: null, licence: 'free', webService: false, url: null, platforms: ['linux'] },
        ],
      }),
    );
    const draft = draftFromInput(input, 'Europe/Oslo');
    expect(draft.software.map((s) => s.catalogue)).toEqual([catalogue, undefined]);
    const body = toInput(draft, 'Europe/Oslo') as { software: Record<string, unknown>[] };
    expect(body.software[0]?.catalogue).toEqual(catalogue);
    expect('catalogue' in (body.software[1] ?? {})).toBe(false);
    const placed = placeErrors([{ path: 'software.0.catalogue', code: 'CATALOGUE_ENTRY_RETIRED', message: 'retired' }], fieldPaths(draft));
    expect(placed.ordered.map((p) => p.path)).toEqual(['software.0.catalogue']);
  });

  it('places each error at the nearest field on the form, in form order; others go to the summary only', () => {
    const draft = emptyDraft('software');
    const placed = placeErrors(
      [
        { path: 'notes', message: 'n' },
        { path: 'questionSet.externalUrls.2', message: 'url' },
        { path: 'software.0.platforms', message: 'p' },
        { path: 'software', message: 'A web service needs its address' },
        { path: '(body)', message: 'b' },
      ],
      fieldPaths(draft),
    );
    expect(placed.ordered.map((e) => e.path)).toEqual(['questionSet.externalUrls', 'software', 'software.0.platforms', 'notes']);
    expect(placed.unplaced).toEqual([{ path: '(body)', message: 'b' }]);
  });

  it('derives the facts from the exam part alone, before the rest of the form is filled in', () => {
    let draft = emptyDraft('midterm');
    expect(checkDraft(draft, rules, now).derived).toBeNull();
    for (const [path, value] of [
      ['exam.type', 'school'],
      ['exam.start', examStartIn(60).slice(0, 16)],
      ['exam.durationMinutes', '180'],
      ['questionSet.uploadAssignments', '2'],
    ] as const) {
      draft = setAt(draft, path, value);
    }
    const check = checkDraft(draft, rules, now);
    expect(check.input).toBeNull();
    expect(check.derived).toMatchObject({ additionalMinutes: 15, testTemplate: 'standard', approvers: ['ED', 'IT'] });
    expect(check.errors.map((e) => e.path)).toContain('course.code');
  });

  it('reports the rules’ refusals at the fields they name (R1: a home exam over 6 hours)', () => {
    const input = RegistrationInputSchema.parse(midtermBody());
    const draft = setAt(draftFromInput(input, 'Europe/Oslo'), 'exam.durationMinutes', '420');
    const check = checkDraft(draft, rules, now);
    expect(check.input).toBeNull();
    expect(check.violations).toEqual([expect.objectContaining({ path: 'exam.durationMinutes' })]);
  });

  it('shows schema and rule messages in Bokmål when it knows them, and marks the others as English', () => {
    expect(translateFieldError('nb', { path: 'course.name', code: 'required', message: 'Course name is required' })).toEqual({
      text: 'Emnenavn må fylles ut',
      lang: 'nb',
    });
    expect(
      translateFieldError('nb', {
        path: 'exam.start',
        code: 'TOO_LATE',
        params: { days: 14 },
        message: 'The exam must be registered at least 14 days before it starts',
      }).text,
    ).toBe('Eksamen må meldes inn minst 14 dager før den starter');
    expect(translateFieldError('nb', { path: 'exam.start', code: 'SOMETHING_NEW' as FieldErrorCode, message: 'Something new from the API' })).toEqual({
      text: 'Something new from the API',
      lang: 'en',
    });
  });
});

/** Errors as the API reports them: the shared schemas parsed as the API parses, and the rules. */
const apiErrors = (schema: Parameters<typeof checkInput>[0], body: unknown): FieldError[] => {
  const result = checkInput(schema, body);
  return result.success ? [] : result.errors;
};

describe('web translations, by code', () => {
  const form = (overrides: Record<string, unknown>) => ({ ...midtermBody(), ...overrides });
  const schemaErrors = [
    ...apiErrors(RegistrationInputSchema, { kind: 'midterm', exam: {}, questionSet: {} }),
    ...apiErrors(
      RegistrationInputSchema,
      form({ course: { code: 'tdt41', name: 'x'.repeat(201) }, department: '   ', contact: { name: 'Kari', email: 'kari@', phone: 'call me' } }),
    ),
    ...apiErrors(RegistrationInputSchema, form({ contact: 'Kari', exam: { type: 'home', start: 'tomorrow', durationMinutes: 10.5, candidates: 0 } })),
    ...apiErrors(RegistrationInputSchema, form({ exam: { type: 'home', start: examStartIn(60), durationMinutes: 5, candidates: 2001 } })),
    ...apiErrors(RegistrationInputSchema, form({ exam: { type: 'home', start: examStartIn(60), durationMinutes: 30000, candidates: 1.5 } })),
    ...apiErrors(RegistrationInputSchema, form({ questionSet: { uploadAssignments: -1, externalUrls: ['ftp://x.example'] }, notes: 'x'.repeat(4001) })),
    ...apiErrors(RegistrationInputSchema, form({ questionSet: { uploadAssignments: 101, externalUrls: Array(51).fill('https://x.example') } })),
    ...apiErrors(RegistrationInputSchema, form({ studentInfo: { citationRules: 'x'.repeat(501), demoTestUrl: 'demo', coverPageUrl: null } })),
    ...apiErrors(RegistrationInputSchema, softwareBody({ software: [] })),
    ...apiErrors(RegistrationInputSchema, softwareBody({ software: [{ name: '', licence: 'free', platforms: [], url: 'x' }] })),
    ...apiErrors(RegistrationInputSchema, softwareBody({ software: [{ name: 'Lovdata', licence: 'free', platforms: ['web'], webService: true }] })),
    ...apiErrors(DecisionInputSchema, { group: 'IT', decision: 'reject', comment: '' }),
    ...apiErrors(DecisionInputSchema, { group: 'IT', decision: 'approve', comment: 'x'.repeat(2001) }),
  ];
  const rules = RulesConfigSchema.parse({});
  const violations = [
    ...ruleViolations(
      RegistrationInputSchema.parse(form({ exam: { type: 'home', start: new Date(Date.now() + 3 * 864e5).toISOString(), durationMinutes: 420, candidates: 10 } })),
      rules,
      now,
    ),
    ...ruleViolations(
      RegistrationInputSchema.parse(form({ exam: { type: 'school', start: '2031-05-20T09:00:00+02:00', durationMinutes: 180, candidates: 10 } })),
      rules,
      new Date('2031-01-01T00:00:00Z'),
    ),
    ...ruleViolations(
      RegistrationInputSchema.parse(form({ questionSet: { uploadAssignments: 0, handDrawings: true, zipSubmission: false, externalUrls: [] } })),
      rules,
      now,
    ),
  ];

  it('covers every rule violation in these samples', () => {
    expect(new Set(violations.map((v) => v.code))).toEqual(new Set(['TOO_LATE', 'HOME_EXAM_OVER_6_HOURS', 'IN_MAIN_EXAM_PERIOD', 'HAND_DRAWINGS_NEED_UPLOAD']));
    expect(schemaErrors.length).toBeGreaterThan(30);
  });

  it('words in English, from the code alone, exactly what the schemas and rules say', () => {
    // zod's own messages (e.g. for an option not chosen) are replaced on purpose by the page's own words.
    const spelledOut = [...schemaErrors, ...violations].filter((e) => !e.message.startsWith('Invalid option') && !e.message.startsWith('Too big: expected'));
    for (const error of spelledOut) expect({ error, text: translateFieldError('en', error).text }).toEqual({ error, text: error.message });
  });

  it('words every one of them in Bokmål, never falling back to the English text', () => {
    for (const error of [...schemaErrors, ...violations]) {
      const nb = translateFieldError('nb', error);
      expect({ error, lang: nb.lang }).toEqual({ error, lang: 'nb' });
      expect(nb.text).not.toBe(error.message);
    }
  });

  it('fills in the values the server sends, not the page’s own configuration', () => {
    const tooLate: FieldError = {
      path: 'exam.start',
      code: 'TOO_LATE',
      params: { days: 30 },
      message: 'The exam must be registered at least 30 days before it starts',
    };
    expect(translateFieldError('en', tooLate).text).toBe('The exam must be registered at least 30 days before it starts');
    expect(translateFieldError('nb', tooLate).text).toBe('Eksamen må meldes inn minst 30 dager før den starter');
    const inPeriod: FieldError = {
      path: 'exam.start',
      code: 'IN_MAIN_EXAM_PERIOD',
      params: { period: 'Spring main exam period', from: '05-06', to: '06-14' },
      message: '…',
    };
    expect(translateFieldError('nb', inPeriod).text).toBe(
      'Eksamen faller i en hovedeksamensperiode (6. mai – 14. juni), regnet fra start til slutt med ekstra tid til opplasting; midtsemestereksamener må ligge utenfor hovedeksamensperiodene',
    );
    // A template whose value is missing is not shown with a hole in it: the server's text is.
    expect(translateFieldError('nb', { ...tooLate, params: {} })).toEqual({ text: tooLate.message, lang: 'en' });
  });

  it('finds a field’s own message by its path, whatever the list index', () => {
    const platforms = (i: number): FieldError => ({
      path: `software.${i}.platforms`,
      code: 'too_small',
      params: { minimum: 1, origin: 'array' },
      message: 'Name at least one platform',
    });
    expect(translateFieldError('nb', platforms(0)).text).toBe('Velg minst én plattform');
    expect(translateFieldError('nb', platforms(12)).text).toBe('Velg minst én plattform');
    // A path or code that names something on Object.prototype is just unknown.
    expect(translateFieldError('nb', { path: 'constructor', code: 'constructor' as FieldErrorCode, message: 'm' })).toEqual({ text: 'm', lang: 'en' });
  });

  it('words every problem code in both languages, and an unknown one by the server’s detail', () => {
    for (const lang of ['en', 'nb'] as Lang[]) {
      const texts = (Object.keys(PROBLEM_CODES) as ProblemCode[]).map((code) => translateProblem(lang, { code, title: 't', detail: 'd' }));
      expect(texts.every((t) => t.lang === lang && t.text !== 'd')).toBe(true);
      expect(new Set(texts.map((t) => t.text)).size).toBe(texts.length);
    }
    expect(translateProblem('nb', { code: 'ALREADY_DECIDED', title: 'Conflict with the current state', detail: 'IT has already decided in this round' })).toEqual({
      text: 'Dette er allerede avgjort.',
      lang: 'nb',
    });
    expect(translateProblem('nb', { code: 'NEW_CODE' as ProblemCode, title: 'Conflict', detail: 'Something new' })).toEqual({ text: 'Something new', lang: 'en' });
  });

  it('describes an API error by its code and the fields it names by theirs', () => {
    const app = (lang: Lang) => ({
      lang,
      t: (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate(lang, key, vars),
      fieldError: (e: FieldError) => translateFieldError(lang, e),
    });
    const conflict = new ApiError(
      409,
      toProblem(409, 'Conflict', {
        type: 'about:blank',
        title: 'Conflict with the current state',
        status: 409,
        code: 'LINK_USED',
        detail: 'This e-mail link has already been used',
      }),
    );
    expect(describeError(app('en'), conflict)).toBe('This link has already been used.');
    expect(describeError(app('nb'), conflict)).toBe('Denne lenken er allerede brukt.');
    const invalid = new ApiError(
      400,
      toProblem(400, 'Bad Request', {
        title: 'Your request has invalid fields',
        status: 400,
        code: 'VALIDATION_FAILED',
        detail: '…',
        errors: [{ path: 'comment', code: 'COMMENT_REQUIRED', message: 'Give the submitter a reason when you reject or request changes' }],
      }),
    );
    expect(describeError(app('nb'), invalid)).toBe('Noen felt er ikke gyldige.: Gi innmelderen en begrunnelse når du avslår eller ber om endringer');
    // An answer that is no problem details (API Gateway's own 401 body) gets the code of its status.
    expect(toProblem(401, 'Unauthorized', { message: 'Unauthorized' })).toMatchObject({ code: 'UNAUTHORIZED', title: 'Unauthorized', status: 401 });
    expect(toProblem(502, 'Bad Gateway', { detail: '<html>' })).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 502 });
  });

  it('words every warning of the rules by its code in both languages, the English as the rules say it', () => {
    const warnings = [
      ...ruleWarnings(
        RegistrationInputSchema.parse(
          softwareBody({
            exam: { type: 'school', start: examStartIn(60), durationMinutes: 180, candidates: 10 },
            questionSet: { uploadAssignments: 0, handDrawings: true, zipSubmission: false, externalUrls: ['https://lovdata.no'] },
          }),
        ),
      ),
      ...ruleWarnings(
        RegistrationInputSchema.parse(
          form({ questionSet: { uploadAssignments: 1, handDrawings: false, zipSubmission: false, externalUrls: ['https://lovdata.no'] } }),
        ),
      ),
    ];
    expect(new Set(warnings.map((w) => w.code))).toEqual(new Set(['SEB_EXTERNAL_URLS', 'EXTERNAL_RESOURCES_UNRELIABLE', 'SOFTWARE_WITHOUT_UPLOAD', 'INSPERA_SCAN']));
    for (const w of warnings) {
      expect(translateWarning('en', w)).toEqual({ text: w.message, lang: 'en' });
      expect(translateWarning('nb', w).lang).toBe('nb');
    }
    expect(translateWarning('nb', { code: 'NEW_WARNING', message: 'Something new' })).toEqual({ text: 'Something new', lang: 'en' });
  });
});
