import { describe, expect, it } from 'vitest';
import type { Registration } from '../../shared/contracts/registration';
import { type MailContext, renderApprovalRequest, renderOutcome } from '../../shared/mail/render';
import { midtermBody, storedRegistration } from '../support/fixtures';

const ctx: MailContext = { appBaseUrl: 'https://exam-forms.example.edu', timeZone: 'Europe/Oslo', phones: { general: '73 59 66 00', duringExam: '73 59 66 01' } };

/** An exam at 00:30 on 10 March in Oslo, as a client sends it in UTC: 23:30 on the 9th. */
const registration = (start: string): Registration =>
  storedRegistration(midtermBody({ exam: { type: 'school', start, durationMinutes: 180, candidates: 30 } }), 'PENDING_APPROVAL');

describe('dates in e-mail are in the institution’s time zone', () => {
  it.each(['2027-03-09T23:30:00Z', '2027-03-10T00:30:00+01:00', '2027-03-09T18:30:00-05:00'])(
    'an exam starting %s is dated 10 March in the approver subject',
    (start) => {
      const mail = renderApprovalRequest(registration(start), 'IT', 'initial', 'https://exam-forms.example.edu/#/confirm/x', ctx);
      expect(mail.subject).toBe('[IT] Decision wanted: TDT4100 school exam 10 Mar 2027');
      expect(mail.text).toContain('Wednesday, 10 March 2027 at 00:30');
    },
  );

  it('dates the outcome subject in the institution’s time zone', () => {
    const mail = renderOutcome(registration('2027-03-09T23:30:00Z'), 'APPROVED', { comment: null, by: null }, ctx);
    expect(mail.subject).toBe('Approved: TDT4100 school exam 10 Mar 2027');
  });
});
