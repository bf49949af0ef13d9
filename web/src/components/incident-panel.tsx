import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { RegistrationView } from '../../../shared/contracts/http-responses';
import type { Incident, IncidentPhase } from '../../../shared/contracts/student-notices';
import { examInterval } from '../../../shared/rules/capacity';
import { incidentRoute } from '../../../shared/rules/exam-rules';
import { permits } from '../../../shared/rules/lifecycle';
import { ApiError, newIdempotencyKey } from '../api';
import { useApp } from '../app-context';
import type { Session } from '../auth';
import { type LocalizedText, formatDuration } from '../i18n';
import { Notice, describeError } from './common';
import { FieldErrors } from './fields';

const PHASES: IncidentPhase[] = ['before-start', 'during'];
const who = (a: { name: string | null; email: string | null; sub: string }) => a.name ?? a.email ?? a.sub;
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** R8: who records an incident's extra time: IT or ED for an IT/ED incident, the teacher for a department-run exam. */
export const mayDecideExtraTime = (session: Session | null, r: Pick<RegistrationView, 'owner'>, incident: Incident) =>
  session !== null &&
  incident.extraTime === null &&
  (incident.route === 'IT_ED' ? session.roles.includes('IT') || session.roles.includes('ED') : incident.route === 'DEPARTMENT' && session.sub === r.owner.sub);

/** The number for immediate help during an exam (R9), large enough to find at once. */
export const HelpNow = () => {
  const { t, config } = useApp();
  const phone = config.rules.HELP_PHONE_DURING_EXAM;
  return (
    <p class="help-now">
      {t('incidentHelpNow')} <a href={`tel:${phone.replace(/\s/g, '')}`}>{phone}</a>
    </p>
  );
};

/** Whether the exam is under way now (its extra upload time included). */
const underWay = (r: RegistrationView) => {
  const { start, end } = examInterval(r.form.exam, r.derived.additionalMinutes);
  const now = Date.now();
  return now >= start && now < end;
};

const ReportForm = ({ registration: r, onClose, onSent }: { registration: RegistrationView; onClose: () => void; onSent: (i: Incident) => void }) => {
  const app = useApp();
  const { t } = app;
  const proposal: IncidentPhase = Date.now() >= Date.parse(r.form.exam.start) ? 'during' : 'before-start';
  const duringAllowed = permits.incident(r.status, 'during');
  const [phase, setPhase] = useState<IncidentPhase>(proposal === 'during' && duringAllowed ? 'during' : 'before-start');
  const [message, setMessage] = useState('');
  const [messageErrors, setMessageErrors] = useState<LocalizedText[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per report: a retry after a lost answer does not notify the candidates twice.
  const key = useMemo(newIdempotencyKey, []);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const messageRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const route = incidentRoute(r.form.exam, phase);

  const send = async (e: Event) => {
    e.preventDefault();
    setFailure(null);
    if (message.trim() === '') {
      setMessageErrors([app.fieldError({ path: 'message', code: 'required', message: 'Write the notice the candidates should get' })]);
      messageRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      onSent(await app.api.reportIncident(r.id, { phase, message: message.trim() }, key));
    } catch (error) {
      const atMessage = error instanceof ApiError ? (error.problem.errors ?? []).filter((x) => x.path === 'message') : [];
      if (atMessage.length > 0) {
        setMessageErrors(atMessage.map((x) => app.fieldError(x)));
        messageRef.current?.focus();
      } else setFailure(describeError(app, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="decision" onSubmit={(e) => void send(e)} aria-labelledby="incident-form-title">
      <h4 id="incident-form-title" ref={headingRef} tabIndex={-1}>
        {t('incidentFormTitle')}
      </h4>
      {phase === 'during' && <HelpNow />}
      {failure && <Notice kind="error">{failure}</Notice>}
      <fieldset class="choices">
        <legend>{t('incidentPhase')}</legend>
        <p class="hint" id="incident-phase-hint">
          {t('incidentPhaseHint', { proposal: t(`incidentPhase_${proposal}`).toLowerCase() })}
        </p>
        {PHASES.map((p) => (
          <div class="choice" key={p}>
            <input
              type="radio"
              id={`incident-phase-${p}`}
              name="incident-phase"
              value={p}
              checked={phase === p}
              disabled={p === 'during' && !duringAllowed}
              aria-describedby="incident-phase-hint"
              onChange={() => setPhase(p)}
            />
            <label for={`incident-phase-${p}`}>{t(`incidentPhase_${p}`)}</label>
          </div>
        ))}
        {!duringAllowed && <p class="hint">{t('incidentDuringNotApproved')}</p>}
      </fieldset>
      <dl class="facts">
        <div>
          <dt>{t('incidentWho')}</dt>
          <dd>{capital(t(`routeWho_${route}`))}</dd>
        </div>
        <div>
          <dt>{t('incidentNext')}</dt>
          <dd>{t(`incidentNext_${route}`, { n: r.studentNotice.candidates })}</dd>
        </div>
      </dl>
      <div class={`field ${messageErrors.length ? 'field--error' : ''}`}>
        <label for="incident-message">{t(`incidentMessage_${phase}`)}</label>
        <p class="hint" id="incident-message-hint">
          {t(`incidentMessageHint_${phase}`)}
        </p>
        <FieldErrors id="incident-message-error" messages={messageErrors} />
        <textarea
          id="incident-message"
          ref={messageRef}
          rows={4}
          value={message}
          aria-invalid={messageErrors.length ? 'true' : undefined}
          aria-describedby={`incident-message-hint${messageErrors.length ? ' incident-message-error' : ''}`}
          onInput={(e) => setMessage(e.currentTarget.value)}
        />
      </div>
      <div class="actions">
        <button type="submit" class={`button ${phase === 'during' ? 'button--danger' : ''}`} disabled={busy}>
          {busy ? t('incidentSending') : t(`incidentSend_${phase}`)}
        </button>
        <button type="button" class="button button--secondary" onClick={onClose}>
          {t('incidentCancel')}
        </button>
      </div>
    </form>
  );
};

const ExtraTimeForm = ({ registration, incident, onRecorded }: { registration: RegistrationView; incident: Incident; onRecorded: () => void }) => {
  const app = useApp();
  const { t } = app;
  const id = `extra-${incident.id}`;
  const [minutes, setMinutes] = useState('');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<LocalizedText[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const record = async (e: Event) => {
    e.preventDefault();
    setFailure(null);
    const n = minutes.trim() === '' ? Number.NaN : Number(minutes);
    if (!Number.isInteger(n) || n < 0 || n > 240) {
      setErrors([app.fieldError({ path: 'minutes', code: n > 240 ? 'too_big' : 'required', message: 'Whole minutes', params: { maximum: 240 } })]);
      inputRef.current?.focus();
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      await app.api.decideExtraTime(registration.id, incident.id, { minutes: n, comment: comment.trim() });
      onRecorded();
    } catch (error) {
      const atMinutes = error instanceof ApiError ? (error.problem.errors ?? []).filter((x) => x.path === 'minutes') : [];
      if (atMinutes.length > 0) setErrors(atMinutes.map((x) => app.fieldError(x)));
      else setFailure(describeError(app, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void record(e)} aria-label={t('extraTimeRecord')}>
      {failure && <Notice kind="error">{failure}</Notice>}
      <div class={`field field--short ${errors.length ? 'field--error' : ''}`}>
        <label for={`${id}-minutes`}>{t('extraTimeMinutes')}</label>
        <p class="hint" id={`${id}-minutes-hint`}>
          {t('extraTimeMinutesHint')}
        </p>
        <FieldErrors id={`${id}-minutes-error`} messages={errors} />
        <input
          id={`${id}-minutes`}
          ref={inputRef}
          type="number"
          inputMode="numeric"
          min={0}
          max={240}
          step={1}
          value={minutes}
          aria-invalid={errors.length ? 'true' : undefined}
          aria-describedby={`${id}-minutes-hint${errors.length ? ` ${id}-minutes-error` : ''}`}
          onInput={(e) => setMinutes(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for={`${id}-comment`}>
          {t('extraTimeComment')} <span class="optional">({t('optional')})</span>
        </label>
        <textarea id={`${id}-comment`} rows={2} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      </div>
      <button type="submit" class="button" disabled={busy}>
        {t('extraTimeRecord')}
      </button>
    </form>
  );
};

/** One incident: when and by whom, who handles it, the notice, and its extra time (recorded here by whoever decides it). */
const IncidentItem = ({ registration, incident, onChanged }: { registration: RegistrationView; incident: Incident; onChanged: () => void }) => {
  const app = useApp();
  const { t, session } = app;
  const mine = mayDecideExtraTime(session, registration, incident);
  const waiting = incident.route !== 'PLANNER' && incident.extraTime === null;
  const x = incident.extraTime;
  return (
    <li class={`incident ${waiting ? 'incident--waiting' : ''}`}>
      <p>
        {t('incidentReported', {
          date: app.dt(incident.createdAt),
          name: who(incident.createdBy),
          phase: t(`incidentPhase_${incident.phase}`).toLowerCase(),
        })}{' '}
        {t('incidentHandledBy', { who: t(`routeWho_${incident.route}`) })}
        {mine && (
          <>
            {' '}
            <span class="badge badge--waiting">{t('extraTimeForYou')}</span>
          </>
        )}
      </p>
      <blockquote>{incident.message}</blockquote>
      {incident.phase === 'during' && <p>{t('incidentNotified', { n: incident.notifiedCandidates })}</p>}
      <p>
        <strong>{t('extraTimeTitle')}:</strong>{' '}
        {incident.route === 'PLANNER'
          ? t('extraTimeNone')
          : x
            ? x.minutes === 0
              ? t('extraTimeZero', { name: who(x.decidedBy), date: app.dt(x.decidedAt) })
              : t('extraTimeDecided', { minutes: formatDuration(app.lang, x.minutes), name: who(x.decidedBy), date: app.dt(x.decidedAt) })
            : t(`extraTimeWaiting_${incident.route}`)}
      </p>
      {x?.comment && <blockquote>{x.comment}</blockquote>}
      {mine && <ExtraTimeForm registration={registration} incident={incident} onRecorded={onChanged} />}
    </li>
  );
};

/**
 * Errors in the question set (R8) on a registration: the owner reports one (the phase proposed
 * from the exam's time, who handles it and what happens next said before sending, the number
 * for immediate help shown during the exam); everyone who sees the registration sees its
 * incidents with their route and extra time, and whoever decides the extra time records it here.
 */
export const IncidentPanel = ({ registration: r, onChanged }: { registration: RegistrationView; onChanged: () => void }) => {
  const app = useApp();
  const { t, session } = app;
  const [open, setOpen] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const isOwner = session?.sub === r.owner.sub;
  const canReport = isOwner && permits.incident(r.status, 'before-start');
  const incidents = r.incidents ?? [];
  if (!canReport && incidents.length === 0) return null;
  return (
    <section class="staff-panel" aria-labelledby="incidents-title">
      <h3 id="incidents-title">{t('incidentsTitle')}</h3>
      {r.status === 'APPROVED' && underWay(r) && <HelpNow />}
      {sent && <Notice kind="success">{sent}</Notice>}
      {canReport && !open && (
        <button
          type="button"
          class="button"
          onClick={() => {
            setSent(null);
            setOpen(true);
          }}
        >
          {t('incidentReport')}
        </button>
      )}
      {canReport && open && (
        <ReportForm
          registration={r}
          onClose={() => setOpen(false)}
          onSent={(incident) => {
            setOpen(false);
            setSent(t(`incidentSent_${incident.route}`, { n: incident.notifiedCandidates }));
            onChanged();
          }}
        />
      )}
      {incidents.length > 0 && (
        <ol class="history">
          {[...incidents].reverse().map((i) => (
            <IncidentItem key={i.id} registration={r} incident={i} onChanged={onChanged} />
          ))}
        </ol>
      )}
    </section>
  );
};
