import { describe, expect, it } from 'vitest';
import { RegistrationInputSchema } from '../../shared/contracts/registration';
import { changedFieldNames, fieldParts, formChanges } from '../../shared/rules/form-changes';
import { midtermBody, softwareBody } from '../support/fixtures';

const form = (body: Record<string, unknown>) => RegistrationInputSchema.parse(body);
const START = '2027-03-10T09:00:00+01:00';
const base = midtermBody({ exam: { type: 'home', start: START, durationMinutes: 240, candidates: 120 } });
const MATLAB = { name: 'MATLAB', version: 'R2024b', licence: 'campus', webService: false, url: null, platforms: ['windows', 'macos'] };
const LOVDATA = { name: 'Lovdata', version: null, licence: 'campus', webService: true, url: 'https://lovdata.no', platforms: ['web'] };
const sw = (software: unknown[]) => softwareBody({ exam: { type: 'school', start: START, durationMinutes: 240, candidates: 80 }, software });

describe('formChanges: what changed between two rounds of a form, field by field', () => {
  it.each([
    ['nothing', base, base, []],
    ['the notes', base, { ...base, notes: 'Room booked' }, [{ field: 'notes', before: '', after: 'Room booked' }]],
    [
      'the start and the candidates, in the order of the form',
      base,
      { ...base, exam: { type: 'home', start: '2027-03-11T09:00:00+01:00', durationMinutes: 240, candidates: 150 } },
      [
        { field: 'exam.start', before: START, after: '2027-03-11T09:00:00+01:00' },
        { field: 'exam.candidates', before: 120, after: 150 },
      ],
    ],
    [
      'an external address added (a list of values is one field)',
      base,
      { ...base, questionSet: { uploadAssignments: 1, handDrawings: false, zipSubmission: false, externalUrls: ['https://lovdata.no'] } },
      [{ field: 'questionSet.externalUrls', before: [], after: ['https://lovdata.no'] }],
    ],
    [
      'a phone number removed',
      base,
      { ...base, contact: { name: 'Kari Nordmann', email: 'kari.nordmann@example.edu', phone: null } },
      [{ field: 'contact.phone', before: '+47 73 59 00 00', after: null }],
    ],
    [
      'a program’s platforms',
      sw([MATLAB]),
      sw([{ ...MATLAB, platforms: ['windows'] }]),
      [{ field: 'software.0.platforms', before: ['windows', 'macos'], after: ['windows'] }],
    ],
    ['a second program added (one change, the whole program)', sw([MATLAB]), sw([MATLAB, LOVDATA]), [{ field: 'software.1', before: null, after: LOVDATA }]],
    [
      'the first program removed (by position: the second moves up)',
      sw([MATLAB, LOVDATA]),
      sw([LOVDATA]),
      [
        { field: 'software.0.name', before: 'MATLAB', after: 'Lovdata' },
        { field: 'software.0.version', before: 'R2024b', after: null },
        { field: 'software.0.webService', before: false, after: true },
        { field: 'software.0.url', before: null, after: 'https://lovdata.no' },
        { field: 'software.0.platforms', before: ['windows', 'macos'], after: ['web'] },
        { field: 'software.1', before: LOVDATA, after: null },
      ],
    ],
  ])('%s', (_what, before, after, expected) => {
    expect(formChanges(form(before), form(after))).toEqual(expected);
  });

  it('does not count the order of an object’s keys as a change', () => {
    const reordered = { ...base, exam: { candidates: 120, durationMinutes: 240, start: START, type: 'home' } };
    expect(formChanges(form(base), form(reordered))).toEqual([]);
  });

  it('names the changed fields without their values, for the queue', () => {
    expect(changedFieldNames(formChanges(form(sw([MATLAB])), form(sw([MATLAB, LOVDATA]))))).toEqual(['software.1']);
    expect(changedFieldNames(undefined)).toEqual([]);
  });
});

describe('fieldParts: how a page names a field', () => {
  it.each([
    ['exam.start', { section: 'exam', program: null, rest: 'start' }],
    ['notes', { section: 'notes', program: null, rest: '' }],
    ['software.1.platforms', { section: 'software', program: 2, rest: 'platforms' }],
    ['software.0', { section: 'software', program: 1, rest: '' }],
  ])('%s', (field, parts) => {
    expect(fieldParts(field)).toEqual(parts);
  });
});
