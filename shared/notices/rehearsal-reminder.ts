import type { ApproverGroup, Registration } from '../contracts/registration';
import type { Candidate } from '../contracts/student-notices';
import { renderRehearsalReminder } from '../mail/rehearsal-mail';
import type { MailContext } from '../mail/render';
import type { Clock, RehearsalStore } from '../ports';
import { localDate } from '../rules/exam-rules';
import { rehearsalOf, rehearsalReminderSkip } from '../rules/software-setup';

export interface RehearsalReminderDeps {
  rehearsals: Pick<RehearsalStore, 'get'>;
  /** IT's mailboxes, as approval requests are addressed. */
  approverAddresses: Pick<Record<ApproverGroup, string[]>, 'IT'>;
  now: Clock;
  mail: MailContext;
}

/**
 * A software exam's rehearsal reminder: to the teacher (the registration's contact) and IT,
 * with the rehearsal as it is now; nothing when it was recorded as tested.
 */
export const rehearsalReminder = async (
  deps: RehearsalReminderDeps,
  r: Registration,
): Promise<{ skipped: string } | { content: { subject: string; text: string; html: string }; recipients: Candidate[] }> => {
  if (r.form.kind !== 'software') return { skipped: r.form.kind };
  const record = await deps.rehearsals.get(r.id);
  const skipped = rehearsalReminderSkip(record);
  if (skipped) return { skipped };
  const shown = rehearsalOf(r.form.exam, record, localDate(deps.now(), deps.mail.timeZone), deps.mail.timeZone);
  return {
    content: renderRehearsalReminder(r, { state: shown.state === 'failed' ? 'failed' : 'missing', dueBy: shown.dueBy, comment: shown.comment }, deps.mail),
    recipients: [{ email: r.form.contact.email, name: r.form.contact.name }, ...deps.approverAddresses.IT.map((email) => ({ email }))],
  };
};
