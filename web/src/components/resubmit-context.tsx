import type { ApproverGroup, Registration, RegistrationInput } from '../../../shared/contracts/registration';
import { APPROVAL_SCOPE, changedFieldsFor } from '../../../shared/rules/approval-scope';
import { useApp } from '../app-context';
import './form-changes.css';
import { formatList } from '../i18n';

/**
 * The top of the "change and resubmit" form: what the approvers asked for (each group that
 * asked, with its comment), and for each group that already approved, whether the changes made
 * so far keep its approval: the same rule the server applies on resubmission
 * (shared/rules/approval-scope.ts), run on the form as it is now.
 */
export const ResubmitContext = ({ existing, input }: { existing: Registration; input: RegistrationInput | null }) => {
  const app = useApp();
  const { t, tv, lang } = app;
  const current = existing.approvals.filter((a) => a.round === existing.round);
  const requests = current.filter((a) => a.state === 'CHANGES_REQUESTED');
  const approved = current.filter((a) => a.state === 'APPROVED');
  const scopeWords = (names: string[]) =>
    formatList(
      lang,
      names.map((n) => tv('scope', n)),
    );
  // While the form does not parse, the last state of the rule cannot be known: the kept approvals are told as they stand.
  const undone = (group: ApproverGroup) => (input ? changedFieldsFor(group, existing.form, input) : []);
  return (
    <>
      {requests.length > 0 && (
        <section class="resubmit-request" aria-labelledby="resubmit-request-title" data-testid="resubmit-request">
          <h2 id="resubmit-request-title">{t('resubmitRequestTitle')}</h2>
          {requests.map((a) => (
            <div key={a.group}>
              <p>
                <strong>{t('resubmitRequestBy', { group: tv('group', a.group) })}</strong>
                {a.decidedBy?.name ? ` (${a.decidedBy.name}${a.decidedAt ? `, ${app.dt(a.decidedAt)}` : ''})` : ''}
              </p>
              {a.comment ? <blockquote>{a.comment}</blockquote> : <p>{t('resubmitRequestNoComment')}</p>}
            </div>
          ))}
        </section>
      )}
      {approved.length > 0 && (
        <section aria-labelledby="resubmit-kept-title" data-testid="resubmit-kept">
          <h2 id="resubmit-kept-title">{t('resubmitKeptTitle')}</h2>
          {approved.map((a) => {
            const changed = undone(a.group);
            const group = tv('group', a.group);
            return changed.length > 0 ? (
              <p key={a.group} class="notice notice--error" role="alert">
                {t('resubmitUndone', { group, fields: scopeWords(changed) })}
              </p>
            ) : (
              <p key={a.group} class="notice notice--info">
                {t('resubmitKept', { group, scope: scopeWords(Object.keys(APPROVAL_SCOPE[a.group])) })}
              </p>
            );
          })}
        </section>
      )}
    </>
  );
};
