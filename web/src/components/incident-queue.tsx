import type { IncidentAwaitingExtraTime } from '../../../shared/contracts/http-responses';
import { useApp } from '../app-context';
import { href } from '../router';
import { examSummary } from './registration-parts';

/**
 * R8: errors in the question set reported during an exam that IT and ED handle, whose extra
 * time is not recorded yet, at the head of the approval queue (either group may record it).
 * Each links to its registration, where the extra time is recorded.
 */
export const IncidentQueue = ({ items }: { items: IncidentAwaitingExtraTime[] | undefined }) => {
  const app = useApp();
  const { t } = app;
  if (!items || items.length === 0) return null;
  return (
    <section class="staff-panel incident-queue" aria-labelledby="incident-queue-title">
      <h2 id="incident-queue-title">{t('queueIncidentsTitle')}</h2>
      <p>{t('queueIncidentsIntro')}</p>
      <ul class="cards">
        {items.map(({ registration: r, incident }) => (
          <li key={incident.id} class="incident incident--waiting">
            <p>
              <a href={href(`/registrations/${encodeURIComponent(r.id)}`)}>
                {r.form.course.code} {r.form.course.name}
              </a>{' '}
              <span class="badge badge--waiting">{t('queueIncidentWaiting')}</span>
            </p>
            <p>{examSummary(app, r.form.exam)}</p>
            <p>
              {t('incidentReported', {
                date: app.dt(incident.createdAt),
                name: incident.createdBy.name ?? incident.createdBy.email ?? incident.createdBy.sub,
                phase: t(`incidentPhase_${incident.phase}`).toLowerCase(),
              })}
            </p>
            <blockquote>{incident.message}</blockquote>
          </li>
        ))}
      </ul>
    </section>
  );
};
