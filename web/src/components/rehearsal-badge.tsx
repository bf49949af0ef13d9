import type { RehearsalSummary } from '../../../shared/contracts/http-responses';
import { dayWords } from '../../../shared/rules/date-words';
import { useApp } from '../app-context';
import { setupWord } from './software-setup-words';

/**
 * A software request's rehearsal in a list, as a badge: not done (with its date), due soon (the
 * flag: a few days before its date), failed, or tested, so IT and the teacher see what to act on.
 */
export const RehearsalBadge = ({ rehearsal }: { rehearsal: RehearsalSummary | undefined }) => {
  const { lang } = useApp();
  if (!rehearsal) return null;
  const state = rehearsal.state === 'missing' ? (rehearsal.flag ? 'due' : 'missing') : rehearsal.state;
  return <span class={`badge badge--rehearsal-${state}`}>{setupWord(lang, `badge_${state}`, { date: dayWords(lang, rehearsal.dueBy) })}</span>;
};
