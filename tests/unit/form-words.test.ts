import { describe, expect, it } from 'vitest';
import { RulesConfigSchema } from '../../shared/contracts/env';
import { dayWords, periodWords } from '../../shared/rules/date-words';
import { parseDuration } from '../../shared/rules/duration';
import { checkDraft, emptyDraft, setAt, toInput } from '../../web/src/form-model';
import { translateFieldError } from '../../web/src/i18n';

/** Durations and dates as people type and read them, and every rule of the form known before the first submit. */

describe('a duration as a person types it, in minutes', () => {
  it.each([
    ['150', 150],
    [' 45 ', 45],
    ['2:30', 150],
    ['0:45', 45],
    ['10:05', 605],
    ['2 h 30 min', 150],
    ['2h30m', 150],
    ['2h 30m', 150],
    ['2t 30m', 150],
    ['2 t 30 min', 150],
    ['2 timer 30 minutter', 150],
    ['2 timer og 30 minutter', 150],
    ['2 hours and 30 minutes', 150],
    ['2 hours 30 minutes', 150],
    ['1 hour', 60],
    ['1 time', 60],
    ['3h', 180],
    ['3 H', 180],
    ['90 min', 90],
    ['45m', 45],
    ['2,5 h', 150],
    ['1.5 hours', 90],
    ['1,25 t', 75],
  ])('%j is %i minutes', (typed, minutes) => {
    expect(parseDuration(typed)).toBe(minutes);
  });

  it.each(['', '   ', 'abc', 'two hours', '2:75', '2:5', '2 h 75 min', 'h', 'min', '2 days', '-30', '2 h 30', ':30', '2::30'])('%j is no duration', (typed) => {
    expect(parseDuration(typed)).toBeNull();
  });

  it('keeps a fraction of a minute, so the schema refuses it as not whole minutes', () => {
    expect(parseDuration('0.5 min')).toBe(0.5);
  });

  it('sends the API whole minutes whatever was typed, and text that is no duration as text (refused with a hint)', () => {
    const draft = (typed: string) => setAt(emptyDraft('midterm'), 'exam.durationMinutes', typed);
    expect((toInput(draft('2 t 30 min'), 'Europe/Oslo').exam as { durationMinutes: unknown }).durationMinutes).toBe(150);
    const check = checkDraft(draft('two hours'), RulesConfigSchema.parse({}), new Date());
    const error = check.errors.find((e) => e.path === 'exam.durationMinutes');
    expect(error?.code).toBe('invalid_type');
    expect(translateFieldError('en', error!).text).toContain('2:30');
    expect(translateFieldError('nb', error!).text).toBe('Skriv varigheten som minutter (150) eller timer og minutter (2:30, 2 t 30 min)');
  });
});

describe('dates in words, in the user’s language', () => {
  it.each([
    ['en', '05-06', '06-14', '6 May – 14 June'],
    ['nb', '05-06', '06-14', '6. mai – 14. juni'],
    ['en', '11-25', '12-20', '25 November – 20 December'],
    ['nb', '11-25', '12-20', '25. november – 20. desember'],
    ['en', '12-15', '01-10', '15 December – 10 January'],
    ['nb', '2027-12-15', '2028-01-10', '15. desember 2027 – 10. januar 2028'],
    ['en', '2027-05-06', '2027-06-14', '6 May 2027 – 14 June 2027'],
    ['nb', '02-29', '03-01', '29. februar – 1. mars'],
  ] as const)('%s: %s to %s reads "%s"', (lang, from, to, words) => {
    expect(periodWords(lang, from, to)).toBe(words);
  });

  it('leaves a value that is no configured date as it is', () => {
    expect(dayWords('en', 'spring')).toBe('spring');
  });

  it('writes the main-period refusal with the period as dates, never as 05-06', () => {
    const error = {
      path: 'exam.start',
      code: 'IN_MAIN_EXAM_PERIOD' as const,
      params: { period: 'Spring main exam period', from: '05-06', to: '06-14' },
      message: '',
    };
    expect(translateFieldError('en', error).text).toContain('(6 May – 14 June)');
    expect(translateFieldError('nb', error).text).toContain('(6. mai – 14. juni)');
    expect(translateFieldError('nb', error).text).not.toMatch(/\d{2}-\d{2}/);
  });
});

describe('every rule runs in the browser, as soon as the parts it rests on are filled in', () => {
  const rules = RulesConfigSchema.parse({});
  const now = new Date('2031-01-01T12:00:00Z');
  const fill = (entries: [string, string | boolean][]) => entries.reduce((d, [path, value]) => setAt(d, path, value), emptyDraft('midterm'));

  it('refuses a mid-term exam in a main exam period with only its start filled in (R2), beside the missing fields', () => {
    const check = checkDraft(fill([['exam.start', '2031-05-20T09:00']]), rules, now);
    expect(check.violations.map((v) => v.code)).toEqual(['IN_MAIN_EXAM_PERIOD']);
    // All at once: the missing fields and the rule's refusal, in one list for the first submit.
    expect(check.errors.map((e) => e.code)).toEqual(expect.arrayContaining(['required', 'IN_MAIN_EXAM_PERIOD']));
    expect(check.derived).toBeNull();
  });

  it('counts the extra upload time when the duration is known (an exam ending in the period)', () => {
    const base: [string, string | boolean][] = [
      ['exam.type', 'home'],
      ['exam.start', '2031-05-05T19:00'],
      ['questionSet.uploadAssignments', '1'],
    ];
    expect(checkDraft(fill([...base, ['exam.durationMinutes', '4:00']]), rules, now).violations.map((v) => v.code)).toEqual([]);
    expect(checkDraft(fill([...base, ['exam.durationMinutes', '4:45']]), rules, now).violations.map((v) => v.code)).toEqual(['IN_MAIN_EXAM_PERIOD']);
  });

  it('refuses hand drawings on a home exam without uploads (R5) before the exam date is given', () => {
    const drawings = fill([
      ['exam.type', 'home'],
      ['questionSet.handDrawings', true],
      ['questionSet.uploadAssignments', '0'],
    ]);
    expect(checkDraft(drawings, rules, now).violations.map((v) => [v.path, v.code])).toEqual([['questionSet.uploadAssignments', 'HAND_DRAWINGS_NEED_UPLOAD']]);
    // Not while the number of uploads is still empty: then only "required" is said.
    const empty = setAt(drawings, 'questionSet.uploadAssignments', '');
    expect(checkDraft(empty, rules, now).violations).toEqual([]);
    // A school exam scans drawings (InsperaScan): no refusal.
    expect(checkDraft(setAt(drawings, 'exam.type', 'school'), rules, now).violations).toEqual([]);
  });

  it('refuses a home exam over 6 hours typed as hours (R1) and a contact outside the staff mail domains', () => {
    const check = checkDraft(
      fill([
        ['exam.type', 'home'],
        ['exam.durationMinutes', '6 h 30 min'],
        ['contact.email', 'kari@gmail.com'],
      ]),
      rules,
      now,
    );
    expect(check.violations.map((v) => [v.path, v.code])).toEqual([
      ['exam.durationMinutes', 'HOME_EXAM_OVER_6_HOURS'],
      ['contact.email', 'OUTSIDE_MAIL_DOMAINS'],
    ]);
  });

  it('judges the lead time from the start alone (too late, too early)', () => {
    expect(checkDraft(fill([['exam.start', '2031-01-05T09:00']]), rules, now).violations.map((v) => v.code)).toEqual(['TOO_LATE']);
    expect(checkDraft(fill([['exam.start', '2032-01-05T09:00']]), rules, now).violations.map((v) => v.code)).toEqual(['TOO_EARLY']);
    expect(checkDraft(fill([['exam.start', '2031-03-05T09:00']]), rules, now).violations).toEqual([]);
  });
});
