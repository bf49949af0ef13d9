import type { Capacity } from '../../../shared/contracts/calendar';
import { useApp } from '../app-context';

/**
 * The capacity an approver sees on a registration (detail page and queue): per group of theirs,
 * this exam's demand against the peak load and the people on duty, and whether it is overbooked.
 * Nothing for callers without capacity (the owner who is not an approver).
 */
export const CapacityFacts = ({ capacity, headingLevel = 2 }: { capacity?: Capacity | undefined; headingLevel?: 2 | 3 }) => {
  const { t, tv } = useApp();
  const groups = Object.entries(capacity ?? {});
  if (groups.length === 0) return null;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section class="capacity" aria-label={t('capacityTitle')}>
      <Heading class="capacity__title">{t('capacityTitle')}</Heading>
      <ul class="capacity__list">
        {groups.map(([group, c]) => {
          const state = c.overbooked ? 'over' : c.tentativePeak > c.staffOnDuty ? 'tight' : 'ok';
          return (
            <li key={group} class={`capacity__item capacity__item--${state}`}>
              <span class="capacity__state">{t(state === 'over' ? 'capacityOverbooked' : state === 'tight' ? 'capacityTight' : 'capacityOk')}</span>{' '}
              {t('capacityLine', { group: tv('group', group), demand: c.demand, committed: c.committedPeak, tentative: c.tentativePeak, staff: c.staffOnDuty })}
            </li>
          );
        })}
      </ul>
    </section>
  );
};
