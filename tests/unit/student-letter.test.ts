import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseEnv, RulesConfigSchema } from '../../shared/contracts/env';
import type { MailContext } from '../../shared/mail/render';
import { type LetterLanguage, StudentLetterConfigSchema, StudentLetterLanguagesSchema } from '../../shared/contracts/languages';
import { renderExamInformationLetter, renderIncidentNotice, renderSoftwareNotice } from '../../shared/mail/student-letter';
import { deriveRegistration, ruleViolations } from '../../shared/rules/exam-rules';
import { checkInput } from '../../shared/contracts/parse';
import { type ExamType, type Registration, RegistrationInputSchema, type SoftwareItem } from '../../shared/contracts/registration';
import {
  CandidateListInputSchema,
  foldCandidates,
  IncidentInputSchema,
  IncidentSchema,
  MAX_CANDIDATES,
  StudentNoticeStateSchema,
} from '../../shared/contracts/student-notices';
import { midtermBody } from '../support/fixtures';

const rules = RulesConfigSchema.parse({});
const ctx: MailContext = {
  appBaseUrl: 'https://exam-forms.example.edu',
  timeZone: 'Europe/Oslo',
  phones: { general: '73 59 66 00', duringExam: '73 59 66 01' },
};
/** Wednesday 10 March 2027, 09:00 in Oslo (winter time). */
const START = '2027-03-10T09:00:00+01:00';

const MATLAB: SoftwareItem = { name: 'MATLAB', version: 'R2024b', licence: 'campus', webService: false, url: null, platforms: ['windows', 'macos'] };
const LOVDATA: SoftwareItem = { name: 'Lovdata', version: null, licence: 'free', webService: true, url: 'https://lovdata.no', platforms: ['web'] };

interface Facts {
  type: ExamType;
  uploads: number;
  handDrawings: boolean;
  zip: boolean;
  software: boolean;
}

/** A stored, approved registration with the given facts; software requests carry MATLAB and Lovdata. */
const registrationOf = (facts: Facts, overrides: Record<string, unknown> = {}): Registration => {
  const body = midtermBody({
    exam: { type: facts.type, start: START, durationMinutes: 240, candidates: 120 },
    questionSet: { uploadAssignments: facts.uploads, handDrawings: facts.handDrawings, zipSubmission: facts.zip, externalUrls: [] },
  });
  const form = RegistrationInputSchema.parse({
    ...body,
    ...(facts.software ? { kind: 'software', software: [MATLAB, LOVDATA] } : {}),
    ...overrides,
  });
  return {
    id: 'reg-1',
    kind: form.kind,
    form,
    status: 'APPROVED',
    round: 1,
    derived: deriveRegistration(form, rules),
    owner: { sub: 'kari', email: 'kari.nordmann@example.edu', name: 'Kari Nordmann' },
    createdAt: '2027-01-04T12:00:00.000Z',
    updatedAt: '2027-01-04T12:00:00.000Z',
    approvals: [],
    history: [],
  };
};
const approvedSoftware = (r: Registration): SoftwareItem[] => (r.form.kind === 'software' ? r.form.software : []);
const letterOf = (r: Registration, languages?: LetterLanguage[]) => renderExamInformationLetter(r, approvedSoftware(r), ctx, languages);

const ALL_TOPICS: Facts = { type: 'home', uploads: 2, handDrawings: true, zip: true, software: true };
const FULL_STUDENT_INFO = {
  studentInfo: { citationRules: 'APA 7', demoTestUrl: 'https://demo.example.edu/tdt4100', coverPageUrl: 'https://innsida.example.edu/tdt4100/cover.pdf' },
};

/* ---------- The topics of R4–R7 ---------- */

/** A phrase that stands for each topic, in each language. */
const TOPIC = {
  extraTime: { nb: 'Ekstra tid til opplasting', en: 'Extra time for uploading' },
  notOnCoverPage: { nb: 'ikke en del av eksamenstiden som står på forsiden', en: 'not part of the exam time given on the cover page' },
  personalData: { nb: 'fjerner personopplysninger', en: 'remove personal information' },
  continuously: { nb: 'Last opp filene fortløpende', en: 'Upload your files continuously' },
  zip: { nb: '.zip', en: '.zip' },
  handDrawings: { nb: 'Håndtegninger', en: 'Hand drawings' },
  insperaScan: { nb: 'InsperaScan', en: 'InsperaScan' },
  digitizeYourself: { nb: 'digitaliserer du tegningene selv', en: 'you digitize the drawings yourself' },
  equipment: { nb: 'utstyret du trenger', en: 'the equipment you need' },
  software: { nb: 'Programvare', en: 'Software' },
  matlab: { nb: 'MATLAB R2024b (Windows, macOS)', en: 'MATLAB R2024b (Windows, macOS)' },
  webService: { nb: 'Lovdata (nettjeneste): ', en: 'Lovdata (web service): ' },
  readyForExam: { nb: 'Ta kurset «Klar for eksamen»', en: 'Take the course “Ready for the exam”' },
  topicPage: { nb: 'temasiden om eksamen', en: 'topic page about exams' },
  demoTest: { nb: 'demoprøve', en: 'demo test' },
  cheating: { nb: 'Fusk og plagiat', en: 'Cheating and plagiarism' },
  citation: { nb: 'Sitering og kildehenvisning', en: 'Citation and references' },
  coverPage: { nb: 'Les forsiden til eksamen på forhånd', en: 'Read the cover page of the exam beforehand' },
  generalEnquiries: { nb: 'Generelle spørsmål: 73 59 66 00', en: 'General enquiries: 73 59 66 00' },
  helpDuringExam: { nb: 'Akutt hjelp under eksamen: 73 59 66 01', en: 'Immediate help during an exam: 73 59 66 01' },
} as const satisfies Record<string, Record<LetterLanguage, string>>;
type Topic = keyof typeof TOPIC;

/** What the letter must and must not say, from the facts alone (R4, R5, R6, R7). */
const expectedTopics = (f: Facts): Record<Topic, boolean> => ({
  extraTime: f.uploads >= 1,
  notOnCoverPage: f.uploads >= 1,
  personalData: f.uploads >= 1,
  continuously: f.uploads >= 2,
  zip: f.zip,
  handDrawings: f.handDrawings,
  insperaScan: f.handDrawings && f.type === 'school',
  digitizeYourself: f.handDrawings && f.type === 'home',
  equipment: f.handDrawings && f.type === 'home',
  software: f.software,
  matlab: f.software,
  webService: f.software,
  readyForExam: true,
  topicPage: true,
  demoTest: true,
  cheating: true,
  citation: true, // the fixture gives citation rules ("APA 7")
  coverPage: false, // and no cover page
  generalEnquiries: true,
  helpDuringExam: true,
});

const combinations: Facts[] = (['home', 'school'] as const).flatMap((type) =>
  [0, 1, 2].flatMap((uploads) =>
    [false, true].flatMap((handDrawings) => [false, true].flatMap((zip) => [false, true].map((software) => ({ type, uploads, handDrawings, zip, software })))),
  ),
);
// R5 refuses hand drawings on a home exam without an upload assignment, so no such letter is ever sent.
const isRefused = (f: Facts) => f.type === 'home' && f.handDrawings && f.uploads === 0;
const valid = combinations.filter((f) => !isRefused(f));
const describeFacts = (f: Facts) =>
  `${f.type}, ${f.uploads} upload(s), hand drawings ${f.handDrawings ? 'on' : 'off'}, zip ${f.zip ? 'on' : 'off'}, ${f.software ? 'with' : 'without'} software`;

describe('exam information letter (R7): topics follow the registration', () => {
  it('covers every combination of the facts that a registration may have', () => {
    expect(combinations).toHaveLength(48);
    for (const f of combinations.filter(isRefused)) {
      const form = registrationOf(f).form;
      expect(ruleViolations(form, rules, new Date('2027-01-04T12:00:00Z')).map((e) => e.path)).toContain('questionSet.uploadAssignments');
    }
    expect(valid).toHaveLength(44);
  });

  describe.each(['nb', 'en'] as const)('in %s', (lang) => {
    it.each(valid.map((f) => [describeFacts(f), f] as const))('%s', (_name, facts) => {
      const r = registrationOf(facts);
      const mail = letterOf(r, [lang]);
      for (const [topic, expected] of Object.entries(expectedTopics(facts)) as [Topic, boolean][]) {
        const phrase = TOPIC[topic][lang];
        expect(mail.text.includes(phrase), `text: ${topic} "${phrase}"`).toBe(expected);
        expect(mail.html.includes(phrase), `html: ${topic} "${phrase}"`).toBe(expected);
      }
      // R4: 30 minutes on a short home exam, 15 on a school exam, with at least one upload assignment.
      const minutes = r.derived.additionalMinutes;
      expect(minutes).toBe(facts.uploads === 0 ? 0 : facts.type === 'home' ? 30 : 15);
      if (minutes > 0) {
        const extra = lang === 'nb' ? `${minutes} minutter, til kl. 13:${minutes}` : `${minutes} minutes, until 13:${minutes}`;
        expect(mail.text).toContain(extra);
        expect(mail.html).toContain(extra);
      }
      const type =
        lang === 'nb' ? (facts.type === 'home' ? 'Hjemmeeksamen' : 'Skriftlig skoleeksamen') : facts.type === 'home' ? 'Home exam' : 'Written school exam';
      expect(mail.text).toContain(type);
      expect(mail.html).toContain(type);
    });
  });

  it('carries both languages by default, Norwegian first, in text and HTML', () => {
    const mail = letterOf(registrationOf(ALL_TOPICS, FULL_STUDENT_INFO));
    expect(mail.subject).toBe('Eksamensinformasjon / Exam information: TDT4100 Object-oriented programming, 2027-03-10');
    for (const body of [mail.text, mail.html]) {
      for (const phrases of Object.values(TOPIC).filter((t) => t.nb !== t.en)) {
        expect(body).toContain(phrases.nb);
        expect(body).toContain(phrases.en);
        expect(body.indexOf(phrases.nb)).toBeLessThan(body.indexOf(phrases.en));
      }
      expect(body).toContain('English version below.');
    }
    expect(mail.html).toMatch(/^<!doctype html><html lang="nb">/);
    expect(mail.html).toContain('<div lang="nb">');
    expect(mail.html).toContain('<div lang="en">');
  });

  it('follows the configured order of languages', () => {
    const mail = letterOf(registrationOf(ALL_TOPICS), ['en', 'nb']);
    expect(mail.subject).toMatch(/^Exam information \/ Eksamensinformasjon:/);
    expect(mail.text.indexOf('Exam information –')).toBeLessThan(mail.text.indexOf('Eksamensinformasjon –'));
    expect(mail.text).toContain('Norsk versjon lenger ned.');
    expect(mail.text).not.toContain('English version below.');
    expect(mail.html).toMatch(/^<!doctype html><html lang="en">/);
  });

  it('links the demo test and the cover page when the registration gives them', () => {
    const mail = letterOf(registrationOf(ALL_TOPICS, FULL_STUDENT_INFO));
    for (const [lang, demo] of [
      ['nb', 'Ta demoprøven for dette emnet'],
      ['en', 'Take the demo test for this course'],
    ] as const) {
      expect(mail.text).toContain(
        `${demo}, ${lang === 'nb' ? 'så du vet hvordan eksamen fungerer' : 'so you know how the exam works'}: https://demo.example.edu/tdt4100`,
      );
      expect(mail.text).toContain(TOPIC.coverPage[lang]);
    }
    expect(mail.html).toContain('<a href="https://demo.example.edu/tdt4100"');
    expect(mail.html).toContain('<a href="https://innsida.example.edu/tdt4100/cover.pdf"');
  });

  it('leaves out the citation topic when no rules are given', () => {
    const mail = letterOf(registrationOf(ALL_TOPICS, { studentInfo: { citationRules: null, demoTestUrl: null, coverPageUrl: null } }));
    for (const body of [mail.text, mail.html]) {
      expect(body).not.toContain(TOPIC.citation.nb);
      expect(body).not.toContain(TOPIC.citation.en);
      expect(body).toContain(TOPIC.cheating.nb);
    }
  });

  it('says nothing about software that was not approved for the exam', () => {
    const r = registrationOf(ALL_TOPICS);
    const mail = renderExamInformationLetter(r, [], ctx);
    expect(mail.text).not.toContain('MATLAB');
    expect(mail.text).not.toContain('Programvare');
  });
});

describe('times are given in the institution’s time zone', () => {
  it.each([
    ['winter time', '2027-03-10T08:00:00Z', 'onsdag 10. mars 2027', 'kl. 09:00–13:00 (4 timer)', '09:00–13:00 (4 hours)', '2027-03-10'],
    ['summer time', '2027-08-20T07:00:00Z', 'fredag 20. august 2027', 'kl. 09:00–13:00 (4 timer)', '09:00–13:00 (4 hours)', '2027-08-20'],
    [
      'after midnight in Oslo, still the day before in UTC',
      '2027-03-09T23:30:00Z',
      'onsdag 10. mars 2027',
      'kl. 00:30–04:30 (4 timer)',
      '00:30–04:30 (4 hours)',
      '2027-03-10',
    ],
  ])('%s: %s', (_label, start, nbDate, nbTime, enTime, subjectDate) => {
    const r = registrationOf(
      { type: 'school', uploads: 0, handDrawings: false, zip: false, software: false },
      {
        exam: { type: 'school', start, durationMinutes: 240, candidates: 30 },
      },
    );
    const mail = letterOf(r);
    expect(mail.subject).toContain(subjectDate);
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain(nbDate);
      expect(body).toContain(nbTime);
      expect(body).toContain(enTime);
    }
  });

  it('names the end date of an exam that lasts more than a day', () => {
    const r = registrationOf({ ...ALL_TOPICS, uploads: 1, handDrawings: false }, { exam: { type: 'home', start: START, durationMinutes: 48 * 60, candidates: 30 } });
    expect(r.derived.additionalMinutes).toBe(0); // R4: no extra time on a home exam over 6 hours
    const mail = letterOf(r);
    expect(mail.text).toContain('Tid: kl. 09:00 til fredag 12. mars 2027 kl. 09:00 (48 timer)');
    expect(mail.text).toMatch(/Time: 09:00 until Friday,? 12 March 2027, 09:00 \(48 hours\)/);
    expect(mail.text).not.toContain(TOPIC.extraTime.nb);
  });

  it('writes durations in words', () => {
    const r = registrationOf(
      { type: 'school', uploads: 1, handDrawings: false, zip: false, software: false },
      {
        exam: { type: 'school', start: START, durationMinutes: 150, candidates: 30 },
      },
    );
    const mail = letterOf(r);
    expect(mail.text).toContain('kl. 09:00–11:30 (2 timer og 30 minutter)');
    expect(mail.text).toContain('09:00–11:30 (2 hours and 30 minutes)');
    expect(mail.text).toContain('15 minutter, til kl. 11:45');
  });
});

describe('what users typed is escaped in HTML and kept as written in text', () => {
  const hostile = '<script>alert("x")</script> & <b>APA</b>';

  it('escapes citation rules and the course name', () => {
    const r = registrationOf(ALL_TOPICS, {
      course: { code: 'TMA4240', name: 'Statistikk & <i>sannsynlighet</i>' },
      studentInfo: { citationRules: hostile, demoTestUrl: null, coverPageUrl: null },
    });
    const mail = letterOf(r);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>APA');
    expect(mail.html).not.toContain('<i>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;APA&lt;/b&gt;');
    expect(mail.html).toContain('<title>Eksamensinformasjon / Exam information: TMA4240 Statistikk &amp; &lt;i&gt;sannsynlighet&lt;/i&gt;, 2027-03-10</title>');
    expect(mail.text).toContain(`> ${hostile}`);
  });

  it('escapes software names', () => {
    const r = registrationOf(ALL_TOPICS);
    const mail = renderSoftwareNotice(r, [{ ...MATLAB, name: 'Calc <img src=x onerror=alert(1)>' }], ctx);
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('Calc &lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('only the configured languages appear', () => {
  const full = registrationOf(ALL_TOPICS, FULL_STUDENT_INFO);
  const lettersIn = (lang: LetterLanguage) => [
    letterOf(full, [lang]),
    renderSoftwareNotice(full, [MATLAB, LOVDATA], ctx, [lang]),
    renderIncidentNotice(full, 'Task 3: read x as y.', ctx, [lang]),
  ];

  it('a letter in English only has no Norwegian', () => {
    for (const mail of lettersIn('en')) {
      for (const body of [mail.subject, mail.text, mail.html]) {
        expect(body).not.toMatch(/[æøåÆØÅ«»]/);
        expect(body).not.toMatch(/eksamen|oppgave|hjelp|versjon|\bkl\.|lang="nb"/i);
      }
    }
  });

  it('a letter in Norwegian only has no English', () => {
    for (const mail of lettersIn('nb')) {
      for (const body of [mail.subject, mail.text, mail.html]) {
        expect(body).not.toMatch(/\b(the|exam|you|help|version)\b|lang="en"/i);
      }
    }
  });

  it('refuses an empty list of languages', () => {
    expect(() => letterOf(full, [])).toThrow(RangeError);
  });
});

describe('STUDENT_LETTER_LANGUAGES', () => {
  it.each([
    [undefined, ['nb', 'en']],
    ['', ['nb', 'en']],
    ['en', ['en']],
    [' EN , nb ', ['en', 'nb']],
    ['nb,nb,en', ['nb', 'en']],
  ])('%j reads as %j', (value, languages) => {
    expect(StudentLetterLanguagesSchema.parse(value)).toEqual(languages);
  });

  it.each(['de', 'nb,nn', ' , '])('refuses %j, naming the variable', (value) => {
    expect(() => parseEnv(StudentLetterConfigSchema, { STUDENT_LETTER_LANGUAGES: value })).toThrow(/STUDENT_LETTER_LANGUAGES/);
  });
});

describe('software notice (R6)', () => {
  it('lists what to install and test, with web services and their address', () => {
    const r = registrationOf(ALL_TOPICS);
    const mail = renderSoftwareNotice(r, [MATLAB, LOVDATA], ctx);
    expect(mail.subject).toBe('Programvare til eksamen / Software for the exam: TDT4100 Object-oriented programming, 2027-03-10');
    expect(mail.text).toContain('- MATLAB R2024b (Windows, macOS)');
    expect(mail.text).toContain('- Lovdata (nettjeneste): https://lovdata.no');
    expect(mail.text).toContain('- Lovdata (web service): https://lovdata.no');
    expect(mail.text).toContain('onsdag 10. mars 2027, kl. 09:00');
    expect(mail.html).toContain('<a href="https://lovdata.no"');
    expect(mail.text).not.toContain(TOPIC.zip.en); // only the software, not the whole letter
  });

  it('does not talk about installing when every item is a web service', () => {
    const mail = renderSoftwareNotice(registrationOf(ALL_TOPICS), [LOVDATA], ctx, ['en']);
    expect(mail.text).not.toContain('Install and test');
    expect(mail.text).toContain('Check that you can get into the web services');
  });

  it('refuses an empty list', () => {
    expect(() => renderSoftwareNotice(registrationOf(ALL_TOPICS), [], ctx)).toThrow(RangeError);
  });
});

describe('incident notice (R8)', () => {
  const message = 'Oppgave 3: «x» skal være «y».\nTask 3: <x> should read "y" & nothing else.';

  it('quotes the teacher’s notice word for word, escaped in HTML, with the number for immediate help', () => {
    const mail = renderIncidentNotice(registrationOf(ALL_TOPICS), message, ctx);
    expect(mail.subject).toBe('Feil i oppgavesettet / Error in the question set: TDT4100 Object-oriented programming, 2027-03-10');
    expect(mail.text).toContain('> Oppgave 3: «x» skal være «y».\n> Task 3: <x> should read "y" & nothing else.');
    expect(mail.html).toContain('Oppgave 3: «x» skal være «y».\nTask 3: &lt;x&gt; should read &quot;y&quot; &amp; nothing else.');
    expect(mail.html).not.toContain('<x>');
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('ring 73 59 66 01');
      expect(body).toContain('call 73 59 66 01');
    }
  });
});

describe('representative letters', () => {
  const minimal = registrationOf(
    { type: 'school', uploads: 0, handDrawings: true, zip: false, software: false },
    { studentInfo: { citationRules: null, demoTestUrl: null, coverPageUrl: null } },
  );
  const schoolWithUpload = registrationOf({ type: 'school', uploads: 1, handDrawings: false, zip: true, software: false });
  const everything = registrationOf(ALL_TOPICS, FULL_STUDENT_INFO);

  it.each([
    ['a school exam with InsperaScan and nothing else', () => letterOf(minimal)],
    ['a school exam with one upload assignment and a .zip file, in English', () => letterOf(schoolWithUpload, ['en'])],
    ['a home exam with every topic', () => letterOf(everything)],
    ['a software notice', () => renderSoftwareNotice(everything, [MATLAB, LOVDATA], ctx)],
    ['an incident notice', () => renderIncidentNotice(everything, 'Task 3: read “x” as “y”.', ctx)],
  ])('%s', (_name, render) => {
    const mail = render();
    expect(mail.subject).toMatchSnapshot('subject');
    expect(mail.text).toMatchSnapshot('text');
    expect(mail.html).toMatchSnapshot('html');
  });
});

/* ---------- Schemas ---------- */

/** The field errors as the API reports them (parsed as parseInput does, so a missing value is `required`). */
const errorsOf = (schema: z.core.$ZodType, input: unknown) => {
  const result = checkInput(schema, input);
  expect(result.success).toBe(false);
  return result.success ? [] : result.errors;
};

describe('PUT /registrations/{id}/candidates body', () => {
  it('accepts addresses with optional names, trimmed', () => {
    expect(CandidateListInputSchema.parse({ candidates: [{ email: ' ola@example.edu ', name: '  Ola Nordmann ' }, { email: 'kari@example.edu' }] })).toEqual({
      candidates: [{ email: 'ola@example.edu', name: 'Ola Nordmann' }, { email: 'kari@example.edu' }],
    });
  });

  it('refuses bad addresses by their index', () => {
    const errors = errorsOf(CandidateListInputSchema, {
      candidates: [{ email: 'ok@example.edu' }, { email: 'not-an-address' }, { email: 'ok2@example.edu' }, { email: 'x@' }, { name: 'No Address' }],
    });
    expect(errors).toEqual([
      { path: 'candidates.1.email', code: 'invalid_format', params: { format: 'email' }, message: 'Must be a valid e-mail address' },
      { path: 'candidates.3.email', code: 'invalid_format', params: { format: 'email' }, message: 'Must be a valid e-mail address' },
      { path: 'candidates.4.email', code: 'required', message: 'E-mail address is required' },
    ]);
  });

  it(`accepts ${MAX_CANDIDATES} candidates and refuses one more`, () => {
    const many = (n: number) => ({ candidates: Array.from({ length: n }, (_, i) => ({ email: `student${i}@example.edu` })) });
    expect(CandidateListInputSchema.safeParse(many(MAX_CANDIDATES)).success).toBe(true);
    expect(errorsOf(CandidateListInputSchema, many(MAX_CANDIDATES + 1))).toEqual([
      { path: 'candidates', code: 'too_big', params: { maximum: MAX_CANDIDATES, origin: 'array' }, message: 'At most 2000 candidates per exam' },
    ]);
  });

  it('refuses unknown fields, in the body and in a candidate', () => {
    expect(errorsOf(CandidateListInputSchema, { candidates: [{ email: 'a@example.edu', phone: '123' }], extra: true })).toEqual(
      expect.arrayContaining([
        { path: 'candidates.0.phone', code: 'unrecognized_key', message: 'Unknown field: phone' },
        { path: 'extra', code: 'unrecognized_key', message: 'Unknown field: extra' },
      ]),
    );
  });

  it('refuses names over 200 characters and a missing list', () => {
    expect(errorsOf(CandidateListInputSchema, { candidates: [{ email: 'a@example.edu', name: 'x'.repeat(201) }] })).toEqual([
      { path: 'candidates.0.name', code: 'too_big', params: { maximum: 200, origin: 'string' }, message: 'Name must be at most 200 characters' },
    ]);
    expect(errorsOf(CandidateListInputSchema, {}).map((e) => e.path)).toEqual(['candidates']);
  });

  it('folds addresses that differ only in case into the first, keeping the order', () => {
    const { candidates } = CandidateListInputSchema.parse({
      candidates: [
        { email: 'Ola.Nordmann@example.edu' },
        { email: 'kari@example.edu', name: 'Kari' },
        { email: 'ola.nordmann@EXAMPLE.edu', name: 'Ola' },
        { email: 'KARI@example.edu' },
        { email: 'per@example.edu' },
      ],
    });
    expect(foldCandidates(candidates)).toEqual({
      candidates: [{ email: 'Ola.Nordmann@example.edu' }, { email: 'kari@example.edu', name: 'Kari' }, { email: 'per@example.edu' }],
      folded: 2,
    });
    expect(foldCandidates([])).toEqual({ candidates: [], folded: 0 });
  });

  it('tells the OpenAPI document that the address is an e-mail address', () => {
    expect(z.toJSONSchema(CandidateListInputSchema, { io: 'input' })).toMatchObject({
      $defs: {
        CandidateListInput: { properties: { candidates: { maxItems: MAX_CANDIDATES, items: { $ref: '#/$defs/Candidate' } } } },
        Candidate: { properties: { email: { type: 'string', format: 'email' } }, additionalProperties: false },
      },
    });
  });
});

describe('POST /registrations/{id}/incidents body', () => {
  it('accepts a trimmed notice and the phase', () => {
    expect(IncidentInputSchema.parse({ message: '  Task 3: read x as y.\n', phase: 'during' })).toEqual({ message: 'Task 3: read x as y.', phase: 'during' });
    expect(IncidentInputSchema.parse({ message: 'x'.repeat(5000), phase: 'before-start' }).message).toHaveLength(5000);
  });

  it.each([
    ['a blank notice', { message: '   ', phase: 'during' }, 'message', 'Write the notice the candidates should get', 'required'],
    ['a missing notice', { phase: 'during' }, 'message', 'Write the notice the candidates should get', 'required'],
    ['a notice of 5001 characters', { message: 'x'.repeat(5001), phase: 'during' }, 'message', 'The notice may be at most 5000 characters', 'too_big'],
    ['an unknown phase', { message: 'Task 3', phase: 'after' }, 'phase', 'phase must be "before-start" or "during"', 'invalid_value'],
    ['an unknown field', { message: 'Task 3', phase: 'during', route: 'IT_ED' }, 'route', 'Unknown field: route', 'unrecognized_key'],
  ])('refuses %s at %s', (_label, body, path, message, code) => {
    expect(errorsOf(IncidentInputSchema, body)).toEqual([expect.objectContaining({ path, message, code })]);
  });
});

describe('response schemas', () => {
  const actor = { sub: 'kari', email: 'kari.nordmann@example.edu', name: 'Kari Nordmann' };
  const incident = {
    id: 'inc-1',
    route: 'IT_ED',
    phase: 'during',
    message: 'Task 3: read x as y.',
    createdAt: '2027-03-10T09:40:00.000Z',
    createdBy: actor,
    notifiedCandidates: 118,
    extraTime: null,
  };

  it('describe an incident, before and after extra time is decided', () => {
    expect(IncidentSchema.parse(incident)).toEqual(incident);
    const decided = { ...incident, extraTime: { minutes: 15, decidedBy: actor, decidedAt: '2027-03-10T10:00:00.000Z', comment: 'Agreed with ED' } };
    expect(IncidentSchema.parse(decided)).toEqual(decided);
    expect(IncidentSchema.safeParse({ ...incident, route: 'IT' }).success).toBe(false);
  });

  it('describe the student-notice state of a registration', () => {
    const state = {
      letter: { status: 'SCHEDULED', scheduledFor: '2027-03-03T08:00:00.000Z', counts: { pending: 120, sent: 0, bounced: 0, complained: 0, failed: 0 } },
      candidates: 120,
    };
    expect(StudentNoticeStateSchema.parse(state)).toEqual(state);
    expect(StudentNoticeStateSchema.safeParse({ ...state, letter: { ...state.letter, status: 'DONE' } }).success).toBe(false);
  });
});
