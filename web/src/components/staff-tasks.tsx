import type { RegistrationView } from '../../../shared/contracts/http-responses';
import type { Registration } from '../../../shared/contracts/registration';
import { useApp } from '../app-context';
import { CandidatesPanel } from './candidates-panel';
import { IncidentPanel } from './incident-panel';
import { LetterPanel } from './letter-panel';
import './staff-tasks.css';

/**
 * The student side of a registration, on its page: the candidate list, the letter the students
 * get, errors in the question set and their extra time. Each part shows what the signed-in
 * person may do (the API decides; the page does not offer what it would refuse). `onChanged`
 * reloads the registration after a change.
 */
export const StaffTasks = ({ registration, onChanged }: { registration: Registration | RegistrationView; onChanged: () => void }) => {
  const { t, session } = useApp();
  // A decision or cancellation answers with the registration alone; the page then reloads the view.
  if (!('studentNotice' in registration)) return null;
  return (
    <section aria-labelledby="students-title">
      <h2 id="students-title">{t('staffTasksTitle')}</h2>
      {session?.sub === registration.owner.sub && <CandidatesPanel registration={registration} onSaved={onChanged} />}
      <IncidentPanel registration={registration} onChanged={onChanged} />
      <LetterPanel registration={registration} />
    </section>
  );
};
