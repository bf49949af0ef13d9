import { useState } from 'preact/hooks';
import type { Registration } from '../../../shared/contracts/registration';
import { ApiError } from '../api';
import { useApp } from '../app-context';
import { ErrorNotice, Loading, Notice, PageHeading, useLoad } from '../components/common';
import { approverGroups } from '../auth';
import { DecisionPanel } from '../components/decision-panel';
import { ChangesTable } from '../components/form-changes';
import { rememberReturnTo } from './sign-in';
import { StatusBadge } from '../components/registration-parts';
import { href, navigate } from '../router';
import { RegistrationOverview } from './registration-detail';

/**
 * The page an approver's e-mail link opens (`#/confirm/<linkId>`). Opening it only reads the
 * link; nothing is decided until the approver presses a decision button. No sign-in needed:
 * the link itself is the credential, once.
 */
export const ConfirmPage = ({ linkId }: { linkId: string }) => {
  const app = useApp();
  const { t, tv } = app;
  const loaded = useLoad(() => app.api.approvalLink(linkId), [linkId]);
  const [done, setDone] = useState<{ registration: Registration; decision: string } | null>(null);
  const title = t('confirmTitle');

  const body = () => {
    if (loaded.loading) return <Loading />;
    const link = loaded.data;
    if (!link) {
      const code = loaded.error instanceof ApiError ? loaded.error.code : null;
      if (code === 'NOT_FOUND') return <Notice kind="error">{t('linkUnknown')}</Notice>;
      if (code === 'LINK_USED' || code === 'LINK_EXPIRED' || code === 'ROUND_CLOSED' || code === 'GONE') {
        return (
          <Notice kind="error">
            <p>{t('linkGone')}</p>
            <a href={href('/queue')}>{t('navQueue')}</a>
          </Notice>
        );
      }
      return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
    }
    const r = done?.registration ?? link.registration;
    // A signed-in member of the link's group decides in their own name (the decisions API, with the link);
    // anyone else decides as the mailbox the link was sent to.
    const session = app.session;
    const member = session !== null && approverGroups(session).includes(link.group);
    const mailbox = link.sentTo.length ? link.sentTo.join(', ') : t('linkMailboxUnknown');
    const group = tv('group', link.group);
    const signIn = (e: Event) => {
      e.preventDefault();
      rememberReturnTo(location.hash);
      navigate('/sign-in');
    };
    return (
      <>
        <h2>
          {r.form.course.code} {r.form.course.name} <StatusBadge status={r.status} />
        </h2>
        {done ? (
          <Notice kind="success">{t('confirmDone', { decision: tv('decision', done.decision) })}</Notice>
        ) : (
          <>
            <p class="lead">{t('confirmIntro', { group: tv('group', link.group), round: link.round })}</p>
            <p>{t('linkExpires', { date: app.dt(link.expiresAt) })}</p>
            <p class="notice notice--info" data-testid="recorded-as">
              {member && t('linkAsYou', { name: session.name ?? session.email ?? session.sub, group })}
              {!member && session && t('linkAsMailboxNotMember', { name: session.name ?? session.email ?? session.sub, group, mailbox })}
              {!session && (
                <>
                  {t('linkAsMailbox', { mailbox })}{' '}
                  <a href={href('/sign-in')} onClick={signIn}>
                    {t('signInButton')}
                  </a>
                </>
              )}
            </p>
            <ChangesTable registration={r} idPrefix="confirm" />
            <DecisionPanel
              idPrefix="confirm"
              group={link.group}
              // Only a signed-in member decides in their own name, with the option to add proposed programs to the catalogue.
              software={member && r.form.kind === 'software' ? r.form.software : undefined}
              onDecide={async (decision, comment, extras) =>
                setDone({
                  registration: member
                    ? await app.api.decide(r.id, link.group, decision, comment, { linkId, ...extras })
                    : await app.api.decideByLink(linkId, decision, comment),
                  decision,
                })
              }
            />
          </>
        )}
        <RegistrationOverview registration={r} />
      </>
    );
  };

  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      {body()}
    </>
  );
};
