import { describe, expect, it } from 'vitest';
import type { Registration } from '../../shared/contracts/registration';
import { type LetterSoftware, renderExamInformationLetter, renderSoftwareNotice } from '../../shared/mail/student-letter';
import { softwareBody, storedRegistration } from '../support/fixtures';

/** The student letter and the software notice carry the install-and-test instructions of the catalogue entries chosen. */

const ctx = { timeZone: 'Europe/Oslo', phones: { general: '73 59 66 00', duringExam: '73 59 66 01' } };
const registration: Registration = storedRegistration(
  softwareBody({ exam: { type: 'school', start: '2027-03-10T09:00:00+01:00', durationMinutes: 240, candidates: 80 } }),
);
const MATLAB: LetterSoftware = {
  name: 'MATLAB',
  version: 'R2024b',
  licence: 'campus',
  webService: false,
  url: null,
  platforms: ['windows'],
  catalogue: { entryId: 'e1', revision: 3 },
  instructions: { en: 'Run the <b>installer</b> & open demo.m', nb: 'Kjør installasjonsprogrammet og åpne demo.m' },
};
const PROPOSAL: LetterSoftware = { name: 'GeoGebra', version: null, licence: 'free', webService: false, url: null, platforms: ['windows'], instructions: null };

describe.each([
  ['exam information letter', () => renderExamInformationLetter(registration, [MATLAB, PROPOSAL], ctx, ['nb', 'en'])],
  ['software notice', () => renderSoftwareNotice(registration, [MATLAB, PROPOSAL], ctx, ['nb', 'en'])],
])('%s', (_name, render) => {
  it('quotes each chosen entry’s instructions in each language, under a heading naming the program', () => {
    const { text, html } = render();
    expect(text).toContain('Slik installerer og tester du MATLAB R2024b:');
    expect(text).toContain('Kjør installasjonsprogrammet og åpne demo.m');
    expect(text).toContain('How to install and test MATLAB R2024b:');
    expect(text).toContain('Run the <b>installer</b> & open demo.m');
    // The Bokmål instructions are in the Bokmål part, the English ones in the English part.
    expect(text.indexOf('Kjør installasjonsprogrammet')).toBeLessThan(text.indexOf('How to install and test'));
    // Escaped in HTML: the instructions are text, never markup.
    expect(html).toContain('Run the &lt;b&gt;installer&lt;/b&gt; &amp; open demo.m');
    expect(html).not.toContain('<b>installer</b>');
  });

  it('a proposal without a catalogue entry gets no instructions', () => {
    expect(render().text).not.toContain('GeoGebra:');
    expect(render().text.match(/How to install and test/g)).toHaveLength(1);
  });
});
