import { describe, expect, it } from 'vitest';
import { RulesConfigSchema } from '../../shared/contracts/env';
import { checkDraft, draftFromInput, emptyDraft, fieldPaths, isoToZoned, placeErrors, setAt, toInput, zonedToIso } from '../../web/src/form-model';
import { translateMessage } from '../../web/src/i18n';
import { RegistrationInputSchema } from '../../shared/contracts/registration';
import { examStartIn, midtermBody } from '../support/fixtures';

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
    expect(translateMessage('nb', 'Course name is required')).toEqual({ text: 'Emnenavn må fylles ut', lang: 'nb' });
    expect(translateMessage('nb', 'The exam must be registered at least 14 days before it starts').text).toBe(
      'Eksamen må meldes inn minst 14 dager før den starter',
    );
    expect(translateMessage('nb', 'Something new from the API')).toEqual({ text: 'Something new from the API', lang: 'en' });
  });
});
