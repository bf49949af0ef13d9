import type { StudentLetterView } from '../contracts/http-responses';
import type { LetterLanguage } from '../contracts/languages';
import { renderExamInformationLetter, renderSoftwareNotice, type StudentMailContext } from '../mail/student-letter';
import type { CatalogueStore, NoticeStore, RegistrationQueries, RegistrationStore } from '../ports';
import { withInstructions } from '../read-models/catalogue-choices';
import { assertCanView, isOwner, publicView } from '../rules/access';
import { isClosed } from '../rules/lifecycle';
import type { Principal } from '../rules/principal';
import { mainNoticeId, studentNoticeState } from '../rules/student-notice';
import { approvedSoftwareFor } from './dispatch';

export interface StudentLetterViewDeps {
  registrations: RegistrationStore;
  queries: RegistrationQueries;
  notices: NoticeStore;
  catalogue: CatalogueStore;
  mail: StudentMailContext;
  languages: readonly LetterLanguage[];
}

const UNDELIVERED = new Set(['bounced', 'complained', 'failed'] as const);
type Undelivered = 'bounced' | 'complained' | 'failed';

/**
 * Use case: GET /registrations/{id}/letter. The owner and the approvers of a registration see
 * the letter its students get, rendered by the templates the mail uses (so what they read is
 * what is sent), when it goes out, and once sending has begun how it was delivered. Only the
 * owner, who supplied the candidate list, sees which addresses it did not reach.
 */
export const viewStudentLetter = async (deps: StudentLetterViewDeps, principal: Principal, id: string): Promise<StudentLetterView> => {
  const r = publicView(assertCanView(principal, await deps.registrations.get(id), id));
  const noticeId = mainNoticeId(r.form.kind);
  const { notice, counts } = await deps.notices.summary(id, noticeId);
  const state = studentNoticeState(notice, counts, 0).letter;
  const fixed = notice?.subject !== undefined && notice.text !== undefined && notice.html !== undefined;
  const content = fixed
    ? { subject: notice.subject as string, text: notice.text as string, html: notice.html as string }
    : r.form.kind === 'midterm'
      ? renderExamInformationLetter(
          r,
          await withInstructions(deps.catalogue, await approvedSoftwareFor(deps.queries, r, deps.mail.timeZone)),
          deps.mail,
          deps.languages,
        )
      : renderSoftwareNotice(r, await withInstructions(deps.catalogue, r.form.software), deps.mail, deps.languages);
  const begun = state.status === 'SENDING' || state.status === 'SENT';
  // A rejected, cancelled or expired registration sends nothing more (a letter that went out did go out).
  const willSend = begun || !isClosed(r.status);
  const failedRecipients =
    begun && isOwner(principal, r)
      ? (await deps.notices.recipients(id, noticeId))
          .filter((x): x is typeof x & { status: Undelivered } => UNDELIVERED.has(x.status as Undelivered))
          .map((x) => ({ email: x.email, name: x.name, status: x.status }))
      : undefined;
  return {
    notice: noticeId,
    status: state.status,
    sendsAt: willSend ? (state.scheduledFor ?? r.derived.studentInfoDueBy) : null,
    source: fixed ? 'as-sent' : 'preview',
    languages: [...new Set(deps.languages)],
    ...content,
    delivery: begun ? state.counts : null,
    ...(failedRecipients ? { failedRecipients } : {}),
  };
};
