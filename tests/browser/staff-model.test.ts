import { describe, expect, it } from 'vitest';
import { HISTORY_ACTIONS, type HistoryAction } from '../../shared/contracts/registration';
import { parseCandidates } from '../../web/src/candidates-csv';
import { HISTORY_WORDS, describeHistory } from '../../web/src/history-words';
import { LANGS } from '../../web/src/i18n';

/** The page's own logic of the staff tasks, without a browser: reading candidate lists, and the history in words. */

const DOMAINS = ['stud.example.edu'];
const emails = (p: ReturnType<typeof parseCandidates>) => p.candidates.map((c) => c.email);

describe('reading a candidate list', () => {
  it.each([
    ['commas, a header, e-mail first', 'email,name\nada@stud.example.edu,Ada Lovelace\nbo@stud.example.edu,"Bo, Jr."\n', ',', true],
    ['semicolons, a Norwegian header, name first', 'Navn;E-post\r\nAda Lovelace;ada@stud.example.edu\r\n"Bo, Jr.";bo@stud.example.edu\r\n', ';', true],
    ['tabs pasted from a spreadsheet, no header', 'Ada Lovelace\tada@stud.example.edu\nBo, Jr.\tbo@stud.example.edu', '\t', false],
    ['vertical bars, no header, e-mail first', 'ada@stud.example.edu|Ada Lovelace\nbo@stud.example.edu|Bo, Jr.\n', '|', false],
  ])('reads %s', (_what, text, delimiter, header) => {
    const p = parseCandidates(text, DOMAINS);
    expect(p).toMatchObject({ delimiter, header, rows: 2, bad: [], duplicates: [] });
    expect(p.candidates).toEqual([
      { email: 'ada@stud.example.edu', name: 'Ada Lovelace' },
      { email: 'bo@stud.example.edu', name: 'Bo, Jr.' },
    ]);
    expect(p.lines).toEqual(header ? [2, 3] : [1, 2]);
  });

  it('reads an export from the student system: student number, last and first name, e-mail', () => {
    const p = parseCandidates('Studentnr;Etternavn;Fornavn;E-post\n123456;Lovelace;Ada;ada@stud.example.edu\n', DOMAINS);
    expect(p.candidates).toEqual([{ email: 'ada@stud.example.edu', name: 'Ada Lovelace' }]);
    expect(p.columns).toEqual({ email: 3, name: 'first-last' });
  });

  it('takes a single column of addresses, without names', () => {
    const p = parseCandidates('ada@stud.example.edu\nbo@stud.example.edu\n', DOMAINS);
    expect(p).toMatchObject({ delimiter: null, header: false });
    expect(p.candidates).toEqual([{ email: 'ada@stud.example.edu' }, { email: 'bo@stud.example.edu' }]);
  });

  it('names each bad row by its line (empty lines and quoted line breaks counted) and its reason, with the codes the API uses', () => {
    const text = [
      'email;name',
      'ada@stud.example.edu;Ada',
      '',
      'not-an-address;Bo',
      ';Cy without address',
      'dee@gmail.com;Dee',
      `eve@stud.example.edu;"Eve${'x'.repeat(200)}"`,
      'ADA@stud.example.edu;Ada again',
      'fay@stud.example.edu;Fay',
    ].join('\n');
    const p = parseCandidates(text, DOMAINS);
    expect(emails(p)).toEqual(['ada@stud.example.edu', 'fay@stud.example.edu']);
    expect(p.lines).toEqual([2, 9]);
    expect(p.duplicates).toEqual([8]);
    expect(p.bad.map((b) => [b.line, b.errors.map((e) => `${e.path}:${e.code}`)])).toEqual([
      [4, ['email:invalid_format']],
      [5, ['email:required']],
      [6, ['email:OUTSIDE_MAIL_DOMAINS']],
      [7, ['name:too_big']],
    ]);
  });

  it('counts lines after a quoted cell that spans lines (a name over two lines is itself refused)', () => {
    const p = parseCandidates('ada@stud.example.edu;"Ada\nLovelace"\nbad;Bo\ncy@stud.example.edu;Cy\n', DOMAINS);
    expect(p.bad.map((b) => [b.line, b.errors.map((e) => `${e.path}:${e.code}`)])).toEqual([
      [1, ['name:invalid_format']],
      [3, ['email:invalid_format']],
    ]);
    expect(p.lines).toEqual([4]);
  });

  it('reads 2,000 rows and flags a list over the limit', () => {
    const rows = (n: number) => ['E-mail,Name', ...Array.from({ length: n }, (_, i) => `s${i}@stud.example.edu,Student ${i}`)].join('\n');
    const full = parseCandidates(rows(2000), DOMAINS);
    expect(full).toMatchObject({ rows: 2000, tooMany: false, bad: [] });
    expect(full.lines.at(-1)).toBe(2001);
    expect(parseCandidates(rows(2001), DOMAINS).tooMany).toBe(true);
  });
});

describe('the history in words', () => {
  it('words every action of the contract in both languages, never as its raw value', () => {
    for (const lang of LANGS) {
      expect(Object.keys(HISTORY_WORDS[lang]).sort()).toEqual([...HISTORY_ACTIONS].sort());
      for (const action of HISTORY_ACTIONS) {
        const text = describeHistory(lang, { action, details: {} });
        expect(text, `${lang} ${action}`).not.toMatch(/[A-Z]{2,}_[A-Z]/);
        expect(text.length).toBeGreaterThan(5);
      }
    }
  });

  it.each([
    [
      'DECIDED',
      { group: 'ED', decision: 'request-changes', round: 1 },
      'Education Division (ED): changes requested',
      'Utdanningsavdelingen (UA): endringer etterspurt',
    ],
    [
      'CANDIDATES_REPLACED',
      { count: 120, folded: 2 },
      'Candidate list replaced: 120 candidates (2 duplicates removed)',
      'Kandidatlisten ble erstattet: 120 kandidater (2 duplikater fjernet)',
    ],
    [
      'NOTICE_SENT',
      { noticeId: 'letter', sent: 118, failed: 2 },
      'Exam information letter sent to 118 candidates; 2 could not be delivered',
      'Informasjonsbrevet om eksamen ble sendt til 118 kandidater; 2 kunne ikke leveres',
    ],
    [
      'NOTICE_SENT',
      { noticeId: 'rehearsal', sent: 2, failed: 0 },
      'The teacher and the IT department were reminded of the rehearsal',
      'Faglærer og IT-avdelingen fikk påminnelse om generalprøven',
    ],
    ['OUTCOME_MAILED', { round: 1, status: 'APPROVED' }, 'The submitter was e-mailed the outcome: approved', 'Innmelderen fikk utfallet på e-post: godkjent'],
    ['EXTRA_TIME_DECIDED', { minutes: 0 }, 'Decided: no extra time', 'Avgjort: ingen ekstra tid'],
    [
      'INCIDENT_REPORTED',
      { route: 'IT_ED', phase: 'during' },
      'Error in the question set reported during the exam; handled by IT and the Education Division (ED)',
      'Feil i oppgavesettet meldt under eksamen; håndteres av IT og Utdanningsavdelingen (UA)',
    ],
  ] as const)('words %s with its details', (action, details, en, nb) => {
    expect(describeHistory('en', { action: action, details })).toBe(en);
    expect(describeHistory('nb', { action: action, details })).toBe(nb);
  });

  it('shows an action it does not know (a newer server) as it is', () => {
    expect(describeHistory('en', { action: 'SOMETHING_NEW' as HistoryAction })).toBe('SOMETHING_NEW');
  });
});
