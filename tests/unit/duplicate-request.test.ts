import { describe, expect, it } from 'vitest';
import { RegistrationInputSchema } from '../../shared/contracts/registration';
import { isSameSoftwareRequest } from '../../shared/rules/duplicate-request';
import { midtermBody, softwareBody } from '../support/fixtures';

const form = (body: Record<string, unknown>) => RegistrationInputSchema.parse(body);
const exam = (start: string) => ({ type: 'school', start, durationMinutes: 240, candidates: 80 });
const MATLAB = { name: 'MATLAB', version: 'R2024b', licence: 'campus', webService: false, url: null, platforms: ['windows'] };
const R = { name: 'R', version: null, licence: 'free', webService: false, url: null, platforms: ['linux'] };
const base = softwareBody({ exam: exam('2027-03-10T09:00:00+01:00'), software: [MATLAB, R] });

describe('isSameSoftwareRequest: a second request for the same course, exam and programs', () => {
  it.each([
    ['the same request', base, true],
    [
      'the programs in another order, names in another case',
      {
        ...base,
        software: [
          { ...R, name: ' r ' },
          { ...MATLAB, name: 'matlab' },
        ],
      },
      true,
    ],
    ['the same instant written in UTC', { ...base, exam: exam('2027-03-10T08:00:00Z') }, true],
    ['another licence or platform only (the same programs)', { ...base, software: [{ ...MATLAB, platforms: ['macos'] }, R] }, true],
    ['another version', { ...base, software: [{ ...MATLAB, version: 'R2025a' }, R] }, false],
    ['one program fewer', { ...base, software: [MATLAB] }, false],
    ['another exam start', { ...base, exam: exam('2027-03-11T09:00:00+01:00') }, false],
    ['another course', { ...base, course: { code: 'TDT4110', name: 'IT intro' } }, false],
    ['a mid-term registration', midtermBody({ exam: exam('2027-03-10T09:00:00+01:00') as never }), false],
  ])('%s → %s', (_what, other, same) => {
    expect(isSameSoftwareRequest(form(base), form(other))).toBe(same);
    expect(isSameSoftwareRequest(form(other), form(base))).toBe(same);
  });
});
