import { describe, expect, it } from 'vitest';
import { RegistrationInputSchema } from '../../shared/contracts/registration';
import { changedFieldsFor } from '../../shared/rules/approval-scope';
import { midtermBody, softwareBody } from '../support/fixtures';

const form = (body: Record<string, unknown>) => RegistrationInputSchema.parse(body);
const LOVDATA = { name: 'Lovdata', version: null, licence: 'campus', webService: true, url: 'https://lovdata.no', platforms: ['web'] };
const MATLAB = { name: 'MATLAB', version: 'R2024b', licence: 'campus', webService: false, url: null, platforms: ['windows', 'macos'] };
const qs = (uploadAssignments: number) => ({ uploadAssignments, handDrawings: false, zipSubmission: false, externalUrls: [] });

describe('approval scope on resubmission (R3: a change to anything that runs as a website asks ED again)', () => {
  it('asks ED again when a school exam’s web service changes', () => {
    const before = form(softwareBody({ software: [LOVDATA] }));
    const after = form(softwareBody({ software: [{ ...LOVDATA, name: 'GitHub', url: 'https://github.com' }] }));
    expect(changedFieldsFor('ED', before, after)).toContain('websites');
  });

  it('asks ED again when a program whose platforms include the web is added', () => {
    const before = form(softwareBody({ software: [LOVDATA] }));
    const after = form(softwareBody({ software: [LOVDATA, { ...MATLAB, name: 'MATLAB Online', platforms: ['web'] }] }));
    expect(changedFieldsFor('ED', before, after)).toEqual(['websites']);
  });

  it('keeps ED’s approval when only installed software (nothing running as a website) changes', () => {
    const before = form(softwareBody({ software: [LOVDATA, MATLAB] }));
    const after = form(softwareBody({ software: [LOVDATA, { ...MATLAB, version: 'R2025a' }] }));
    expect(changedFieldsFor('ED', before, after)).toEqual([]);
    expect(changedFieldsFor('IT', before, after)).toEqual(['software']);
  });

  it('asks ED again when the upload assignments change the extra time it staffs for (R4)', () => {
    const before = form(midtermBody({ questionSet: qs(0) }));
    expect(changedFieldsFor('ED', before, form(midtermBody({ questionSet: qs(1) })))).toEqual(['additionalMinutes']);
    // One upload or three: the same 30 minutes.
    expect(changedFieldsFor('ED', form(midtermBody({ questionSet: qs(1) })), form(midtermBody({ questionSet: qs(3) })))).toEqual([]);
  });

  it('changes neither scope for notes, contact details or student information', () => {
    const before = form(midtermBody());
    const after = form(midtermBody({ notes: 'Room 2', contact: { name: 'Ola', email: 'ola@example.edu', phone: null } }));
    expect(changedFieldsFor('ED', before, after)).toEqual([]);
    expect(changedFieldsFor('IT', before, after)).toEqual([]);
  });
});
