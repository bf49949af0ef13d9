import { describe, expect, it } from 'vitest';
import { RulesConfigSchema } from '../../shared/contracts/env';
import { approverMailLanguages, preferredLanguage } from '../../shared/contracts/languages';
import { type Registration, RegistrationInputSchema } from '../../shared/contracts/registration';
import { renderIncidentHandlerMail, renderPlannerMail } from '../../shared/mail/incident-mail';
import { type MailContext, renderApprovalRequest, renderOutcome } from '../../shared/mail/render';
import { deriveRegistration } from '../../shared/rules/exam-rules';
import { midtermBody } from '../support/fixtures';

/** The e-mails to staff and approvers in Bokmål and English: words, group names, dates written out in Oslo time. */

const ctx: MailContext = { appBaseUrl: 'https://exam-forms.example.edu', timeZone: 'Europe/Oslo', phones: { general: '73 59 66 00', duringExam: '73 59 66 01' } };
const link = 'https://exam-forms.example.edu/#/confirm/x';

/** A school exam with hand drawings and an external address at 00:30 on 10 March in Oslo (23:30 UTC the day before). */
const registration = (language?: 'en' | 'nb'): Registration => {
  const form = RegistrationInputSchema.parse(
    midtermBody({
      exam: { type: 'school', start: '2027-03-09T23:30:00Z', durationMinutes: 150, candidates: 30 },
      questionSet: { uploadAssignments: 1, handDrawings: true, zipSubmission: false, externalUrls: ['https://lovdata.no'] },
    }),
  );
  return {
    id: 'reg-1',
    kind: form.kind,
    form,
    status: 'PENDING_APPROVAL',
    round: 2,
    derived: deriveRegistration(form, RulesConfigSchema.parse({})),
    owner: { sub: 'kari', email: 'kari.nordmann@example.edu', name: 'Kari Nordmann' },
    ...(language ? { language } : {}),
    createdAt: '2027-01-04T12:00:00.000Z',
    updatedAt: '2027-01-04T12:00:00.000Z',
    approvals: [],
    history: [],
  };
};

/** No date in an e-mail is written as ISO (2027-03-10, 2027-03-09T23:30). */
const ISO_DATE = /\d{4}-\d{2}-\d{2}/;
/** The part of a plain-text mail in the second language. */
const secondPart = (text: string) => text.split('----------------------------------------')[1] ?? '';

describe('approval requests in the approver mailboxes’ languages', () => {
  it('by default English first, then Bokmål below, each with its own group names and dates written out', () => {
    const mail = renderApprovalRequest(registration(), 'ED', 'initial', link, ctx);
    expect(mail.subject).toBe('[ED] Decision wanted: TDT4100 school exam 10 Mar 2027');
    expect(mail.text.startsWith('Norsk versjon lenger ned.')).toBe(true);
    const [en = '', nb = ''] = [mail.text.split('----------------------------------------')[0], secondPart(mail.text)];
    expect(en).toContain('Decision wanted (Education Division (ED))');
    expect(en).toContain('Exam: Written school exam, Wednesday, 10 March 2027 at 00:30, 2 hours and 30 minutes + 15 minutes for uploads');
    expect(en).toContain('Test template: InsperaScan (hand drawings)');
    expect(en).toContain('Approvers: Education Division (ED) and IT department');
    expect(en).toContain('Review and decide: https://exam-forms.example.edu/#/confirm/x');
    expect(nb).toContain('Beslutning ønskes (Utdanningsavdelingen (UA))');
    expect(nb).toContain('Eksamen: Skriftlig skoleeksamen, onsdag 10. mars 2027 kl. 00:30, 2 timer og 30 minutter + 15 minutter til opplasting');
    expect(nb).toContain('Testmal: InsperaScan (håndtegninger)');
    expect(nb).toContain('Godkjennere: Utdanningsavdelingen (UA) og IT-avdelingen');
    expect(nb).toContain('Advarsel: Safe Exam Browser blokkerer alle nettsteder unntatt Inspera');
    expect(nb).toContain('Se gjennom og avgjør: https://exam-forms.example.edu/#/confirm/x');
    expect(nb).toContain('Referanse: reg-1 (runde 2)');
    // The Bokmål part calls the Education Division UA, never ED.
    expect(nb).not.toMatch(/\bED\b/);
    expect(mail.text).not.toMatch(ISO_DATE);
    expect(mail.html).not.toMatch(ISO_DATE);
    expect(mail.html).toContain('<div lang="nb">');
    expect(mail.html).toContain('<html lang="en">');
  });

  it('Bokmål first when configured so: the subject and the first part in Bokmål', () => {
    const mail = renderApprovalRequest(registration(), 'ED', 'reminder', link, { ...ctx, approverLanguages: ['nb', 'en'] });
    expect(mail.subject).toBe('[UA] Påminnelse: beslutning ønskes: TDT4100 skoleeksamen 10. mars 2027');
    expect(mail.text.startsWith('English version below.')).toBe(true);
    expect(secondPart(mail.text)).toContain('Reminder: decision wanted (Education Division (ED))');
    expect(mail.html).toContain('<html lang="nb">');
  });

  it('one language only when configured so', () => {
    const mail = renderApprovalRequest(registration(), 'IT', 'escalation', link, { ...ctx, approverLanguages: ['nb'] });
    expect(mail.subject).toBe('[IT] Eskalering: ingen beslutning ennå: TDT4100 skoleeksamen 10. mars 2027');
    expect(mail.text).not.toContain('English version below');
    expect(mail.text).not.toContain('Review and decide');
  });

  it('reads the configured languages (APPROVER_MAIL_LANGUAGES), English then Bokmål when unset', () => {
    expect(approverMailLanguages({})).toEqual(['en', 'nb']);
    expect(approverMailLanguages({ APPROVER_MAIL_LANGUAGES: 'nb, EN' })).toEqual(['nb', 'en']);
    expect(() => approverMailLanguages({ APPROVER_MAIL_LANGUAGES: 'de' })).toThrow(/one of nb, en/);
  });
});

describe('the submitter’s e-mails in the submitter’s language', () => {
  const changes = { comment: 'Move the exam a week later', by: 'Eva Evensen', group: 'ED' as const };

  it('Bokmål for a registration submitted in Bokmål, naming the group that asked', () => {
    const mail = renderOutcome(registration('nb'), 'CHANGES_REQUESTED', changes, ctx);
    expect(mail.subject).toBe('Endringer etterspurt: TDT4100 skoleeksamen 10. mars 2027');
    expect(mail.text).toContain('Det er bedt om endringer.');
    expect(mail.text).toContain('> Move the exam a week later\n— Eva Evensen, Utdanningsavdelingen (UA)');
    expect(mail.text).toContain('Studentene informeres innen: onsdag 3. mars 2027 kl. 00:30');
    expect(mail.text).toContain('Åpne registreringen: https://exam-forms.example.edu/#/registrations/reg-1');
    expect(mail.text).not.toContain('English version');
    expect(mail.text).not.toMatch(/\bED\b/);
    expect(mail.text).not.toMatch(ISO_DATE);
    expect(mail.html).toContain('<html lang="nb">');
  });

  it('English for one submitted in English, and when the registration names no language', () => {
    for (const r of [registration('en'), registration()]) {
      const mail = renderOutcome(r, 'CHANGES_REQUESTED', changes, ctx);
      expect(mail.subject).toBe('Changes requested: TDT4100 school exam 10 Mar 2027');
      expect(mail.text).toContain('— Eva Evensen, Education Division (ED)');
      expect(mail.text).toContain('Students informed by: Wednesday, 3 March 2027 at 00:30');
      expect(mail.text).not.toMatch(ISO_DATE);
    }
  });

  it('every outcome has its words in both languages, and the late-letter note', () => {
    for (const status of ['APPROVED', 'REJECTED', 'EXPIRED', 'CANCELLED']) {
      const nb = renderOutcome(registration('nb'), status, { comment: null, by: null }, ctx, true);
      const en = renderOutcome(registration('en'), status, { comment: null, by: null }, ctx, true);
      expect(nb.subject).not.toBe(en.subject);
      expect(nb.text).toContain('fristen for å informere studentene');
      expect(en.text).toContain('the date by which students must be informed');
    }
    expect(renderOutcome(registration('nb'), 'EXPIRED', { comment: null, by: null }, ctx).text).toContain('Kontakt Utdanningsavdelingen (UA) eller IT-avdelingen.');
  });
});

describe('incident e-mails in the reader’s language', () => {
  it('the teacher’s in the teacher’s language; IT and ED’s and the planner’s in the mailboxes’ languages', () => {
    const teacher = renderIncidentHandlerMail(registration('nb'), 'PLANNER', 'Oppgave 3 mangler en figur', ctx);
    expect(teacher.subject).toBe('Feil i oppgavesettet: TDT4100 (før eksamen)');
    expect(teacher.text).toContain('> Oppgave 3 mangler en figur');
    expect(teacher.text).toContain('Emne TDT4100');
    expect(teacher.text).not.toContain('English version');
    const handlers = renderIncidentHandlerMail(registration('nb'), 'IT_ED', 'Figure missing', ctx);
    expect(handlers.subject).toBe('Error in the question set: TDT4100 (during the exam)');
    expect(secondPart(handlers.text)).toContain('Vurder sammen med faglæreren om kandidatene trenger ekstra tid');
    const planner = renderPlannerMail(registration(), 'Figure missing', { ...ctx, approverLanguages: ['nb', 'en'] });
    expect(planner.subject).toBe('Oppdater testen: TDT4100 skoleeksamen 10. mars 2027 (feil i oppgavesettet)');
    expect(planner.text).not.toMatch(ISO_DATE);
  });
});

describe('the submitter’s language from Accept-Language', () => {
  it.each([
    ['nb', 'nb'],
    ['nb-NO', 'nb'],
    ['no', 'nb'],
    ['nn-NO,nn;q=0.9', 'nb'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['de-DE, en;q=0.5, nb;q=0.8', 'nb'],
    ['nb;q=0.2, en;q=0.9', 'en'],
    ['en;q=0, nb;q=0.1', 'nb'],
    ['de, fr', undefined],
    ['', undefined],
    [undefined, undefined],
  ] as const)('%j → %s', (header, lang) => {
    expect(preferredLanguage(header)).toBe(lang);
  });
});
