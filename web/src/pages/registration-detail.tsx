import { useRef, useState } from 'preact/hooks';
import type { Capacity } from '../../../shared/contracts/calendar';
import type { Registration } from '../../../shared/contracts/registration';
import { permits } from '../../../shared/rules/lifecycle';
import { useApp } from '../app-context';
import { approverGroups } from '../auth';
import { CapacityFacts } from '../components/capacity';
import { ErrorNotice, Loading, Notice, PageHeading, describeError, useLoad } from '../components/common';
import { DecisionPanel } from '../components/decision-panel';
import { ChangesTable } from '../components/form-changes';
import { AfterDecision } from './after-decision';
import { SoftwareSetupPanel } from '../components/software-setup-panel';
import { StaffTasks } from '../components/staff-tasks';
import { ApprovalsTable, DerivedFacts, FormFacts, HistoryList, StatusBadge } from '../components/registration-parts';
import { href, takeFlash } from '../router';
import { pendingGroupsFor } from './registration-list';

/** The parts of a registration an approver needs to decide: what follows from it, and the form. */
export const RegistrationOverview = ({ registration }: { registration: Registration }) => {
  const { t } = useApp();
  return (
    <>
      <section aria-labelledby="derived-title">
        <h2 id="derived-title">{t('derivedTitle')}</h2>
        <DerivedFacts derived={registration.derived} />
      </section>
      <section aria-labelledby="form-title">
        <h2 id="form-title">{t('sectionForm')}</h2>
        <FormFacts form={registration.form} />
      </section>
    </>
  );
};

const CancelPanel = ({ registration, onCancelled }: { registration: Registration; onCancelled: (r: Registration) => void }) => {
  const app = useApp();
  const { t } = app;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  if (!open) {
    return (
      <button
        type="button"
        class="button button--danger"
        onClick={() => {
          setOpen(true);
          requestAnimationFrame(() => reasonRef.current?.focus());
        }}
      >
        {t('cancel')}
      </button>
    );
  }
  const confirm = async (e: Event) => {
    e.preventDefault();
    try {
      onCancelled(await app.api.cancel(registration.id, reason.trim()));
    } catch (error) {
      setFailure(describeError(app, error));
    }
  };
  return (
    <form class="decision" onSubmit={(e) => void confirm(e)}>
      {failure && <Notice kind="error">{failure}</Notice>}
      <div class="field">
        <label for="cancel-reason">
          {t('cancelReason')} <span class="optional">({t('optional')})</span>
        </label>
        <textarea id="cancel-reason" ref={reasonRef} rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </div>
      <button type="submit" class="button button--danger">
        {t('cancelConfirm')}
      </button>
    </form>
  );
};

/** One registration: status, derived facts, approvals, history; the owner's and approvers' actions. */
export const RegistrationDetailPage = ({ id }: { id: string }) => {
  const app = useApp();
  const { t, tv, session } = app;
  const [notice, setNotice] = useState(takeFlash);
  const [decidedHere, setDecidedHere] = useState(false);
  // Decisions and cancellations answer with the registration alone (no student-notice state).
  const loaded = useLoad<Registration>(() => app.api.get(id), [id]);
  const r = loaded.data;
  if (loaded.loading && !r) return <Loading />;
  if (!r) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;

  const title = `${r.form.course.code} ${r.form.course.name}`;
  const isOwner = session?.sub === r.owner.sub;
  const open = r.status === 'PENDING_APPROVAL' || r.status === 'CHANGES_REQUESTED';
  // The owner cancels any time before the exam while the status allows it (an approved exam too).
  const canCancel = permits.cancel(r.status) && Date.parse(r.form.exam.start) > Date.now();
  const pending = session ? pendingGroupsFor(r, approverGroups(session)) : [];
  const updated = (next: Registration, message: string) => {
    loaded.setData(next);
    setNotice(message);
    // The answer has no student-notice state or incidents: read the whole view again.
    loaded.reload();
  };

  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      {notice && <Notice kind="success">{notice}</Notice>}
      {decidedHere && pending.length === 0 && <AfterDecision currentId={r.id} />}
      <dl class="facts facts--inline">
        <div>
          <dt>{t('detailStatus')}</dt>
          <dd>
            <StatusBadge status={r.status} />
          </dd>
        </div>
        <div>
          <dt>{t('detailKind')}</dt>
          <dd>{tv('kind', r.kind)}</dd>
        </div>
        <div>
          <dt>{t('detailRound')}</dt>
          <dd>{r.round}</dd>
        </div>
        <div>
          <dt>{t('detailOwner')}</dt>
          <dd>{r.owner.name ?? r.owner.email ?? r.owner.sub}</dd>
        </div>
        <div>
          <dt>{t('detailCreated')}</dt>
          <dd>{app.dt(r.createdAt)}</dd>
        </div>
        <div>
          <dt>{t('detailUpdated')}</dt>
          <dd>{app.dt(r.updatedAt)}</dd>
        </div>
      </dl>

      {isOwner && (open || canCancel) && (
        <div class="actions">
          {r.status === 'CHANGES_REQUESTED' && (
            <a class="button" href={href(`/registrations/${encodeURIComponent(r.id)}/edit`)}>
              {t('editResubmit')}
            </a>
          )}
          {!['CANCELLED', 'REJECTED', 'EXPIRED'].includes(r.status) && (
            <a class="button button--secondary" href={href(`/new/software/for/${encodeURIComponent(r.id)}`)}>
              {t('requestSoftwareForExam')}
            </a>
          )}
          {canCancel && <CancelPanel registration={r} onCancelled={(next) => updated(next, t('cancelled'))} />}
        </div>
      )}

      <CapacityFacts capacity={'capacity' in r ? (r.capacity as Capacity | undefined) : undefined} />
      <ChangesTable registration={r} idPrefix="detail" />
      {pending.map((group) => (
        <DecisionPanel
          key={group}
          idPrefix="detail"
          group={group}
          software={r.form.kind === 'software' ? r.form.software : undefined}
          onDecide={async (decision, comment, extras) => {
            const next = await app.api.decide(r.id, group, decision, comment, { round: r.round, ...extras });
            updated(next, t('decisionRecorded', { course: r.form.course.code, decision: tv('decision', decision), group: tv('group', group) }));
            setDecidedHere(true);
          }}
        />
      ))}

      <section aria-labelledby="approvals-title">
        <h2 id="approvals-title">{t('sectionApprovals')}</h2>
        <ApprovalsTable approvals={r.approvals} round={r.round} />
      </section>
      {r.kind === 'software' && <SoftwareSetupPanel registration={r} />}
      <StaffTasks registration={r} onChanged={loaded.reload} />
      <RegistrationOverview registration={r} />
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('sectionHistory')}</h2>
        <HistoryList history={r.history ?? []} />
      </section>
    </>
  );
};
