import { useEffect, useState } from 'preact/hooks';
import type { RegistrationSummary } from '../api';
import { useApp } from '../app-context';
import { href } from '../router';
import { type QueueWord, queueWord } from './queue-words';
import './after-decision.css';

/** A queue item's course, as the queue and the next-item link name it. */
export const courseOf = (item: RegistrationSummary) => `${item.form.course.code} ${item.form.course.name}`;

/** After a decision on a registration's page: the next item of the queue, and the way back to it. */
export const AfterDecision = ({ currentId }: { currentId: string }) => {
  const app = useApp();
  const w = (key: QueueWord, vars?: Record<string, string | number>) => queueWord(app.lang, key, vars);
  const [next, setNext] = useState<RegistrationSummary | null | undefined>(undefined);
  useEffect(() => {
    let current = true;
    app.api.list({ view: 'queue', limit: 2 }).then(
      (page) => current && setNext(page.items.find((i) => i.id !== currentId) ?? null),
      () => current && setNext(null),
    );
    return () => {
      current = false;
    };
  }, [currentId]);
  return (
    <nav class="after-decision" aria-label={w('queueLink')}>
      {next === undefined ? null : next ? (
        <a class="button" href={href(`/registrations/${encodeURIComponent(next.id)}`)}>
          {w('nextInQueue', { course: courseOf(next) })}
        </a>
      ) : (
        <p>{w('queueDone')}</p>
      )}{' '}
      <a class="button button--secondary" href={href('/queue')}>
        {w('queueLink')}
      </a>
    </nav>
  );
};
