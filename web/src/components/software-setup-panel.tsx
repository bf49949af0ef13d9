import { useState } from 'preact/hooks';
import type { Rehearsal, SoftwareSetup } from '../../../shared/contracts/catalogue';
import type { Registration } from '../../../shared/contracts/registration';
import { useApp } from '../app-context';
import { ErrorNotice, Notice, useLoad } from './common';
import { type SetupWord, setupWord } from './software-setup-words';

/**
 * A registration's software set-up: the catalogue revision of each program, the licence seats
 * (IT), the Safe Exam Browser allow-list with its downloads, and the rehearsal IT records.
 */
export const SoftwareSetupPanel = ({ registration }: { registration: Registration }) => {
  const app = useApp();
  const w = (key: SetupWord, vars?: Record<string, string | number>) => setupWord(app.lang, key, vars);
  const setup = useLoad<SoftwareSetup>(() => app.api.softwareSetup(registration.id), [registration.id, registration.status]);
  const [result, setResult] = useState<'tested' | 'failed'>('tested');
  const [comment, setComment] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  if (setup.error) return <ErrorNotice error={setup.error} onRetry={setup.reload} />;
  const s = setup.data;
  if (!s || (s.items.length === 0 && !s.allowList?.length)) return null;
  const isIt = app.session?.roles.includes('IT') && registration.derived.approvers.includes('IT');
  const download = async (format: 'text' | 'seb') => {
    const blob = await app.api.allowList(registration.id, format);
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `seb-allow-list-${registration.form.course.code}.${format === 'seb' ? 'seb.plist' : 'txt'}`;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  const record = async (event: Event) => {
    event.preventDefault();
    setFailure(null);
    try {
      const rehearsal: Rehearsal = await app.api.recordRehearsal(registration.id, { result, comment });
      setup.setData({ ...s, rehearsal });
      setDone(true);
    } catch (error) {
      setFailure(error);
    }
  };
  const canDownload = s.allowList !== null && (isIt || registration.status === 'APPROVED' || app.session?.roles.includes('ED'));
  return (
    <section aria-labelledby="setup-title" class="software-setup">
      <h2 id="setup-title">{w('title')}</h2>
      <ul>
        {s.items.map((i) => (
          <li key={i.software}>
            {i.name} ({i.entry ? w('fromCatalogue', { n: i.entry.revision }) : w('proposal')})
          </li>
        ))}
      </ul>
      {s.seats && s.seats.length > 0 && (
        <>
          <h3>{w('seatsTitle')}</h3>
          {s.seats.map((seat) =>
            seat.summary ? (
              <Notice key={seat.entryId} kind={seat.overbooked ? 'error' : 'info'}>
                <p>{seat.summary}</p>
              </Notice>
            ) : (
              <p key={seat.entryId}>{w('seatsOk', { name: seat.name, peak: seat.tentativePeak, seats: seat.seats })}</p>
            ),
          )}
        </>
      )}
      {s.allowList && (
        <>
          <h3>{w('allowTitle')}</h3>
          {s.allowList.length === 0 ? (
            <p>{w('allowNone')}</p>
          ) : (
            <ul class="software-setup__allow">
              {s.allowList.map((rule) => (
                <li key={rule.expression}>
                  <code>{rule.expression}</code>
                </li>
              ))}
            </ul>
          )}
          {canDownload && (
            <p class="actions">
              <button type="button" class="button button--secondary" onClick={() => void download('text').catch(setFailure)}>
                {w('downloadText')}
              </button>
              <button type="button" class="button button--secondary" onClick={() => void download('seb').catch(setFailure)}>
                {w('downloadSeb')}
              </button>
            </p>
          )}
        </>
      )}
      {s.rehearsal && (
        <>
          <h3>{w('rehearsalTitle')}</h3>
          {s.rehearsal.flag && (
            <Notice kind="error">
              <p>{w(`flag_${s.rehearsal.flag}`)}</p>
            </Notice>
          )}
          <p>
            {w(`rehearsal_${s.rehearsal.state}`)} {w('rehearsalDue', { date: s.rehearsal.dueBy })} {s.rehearsal.comment}
          </p>
          {done && (
            <Notice kind="success">
              <p>{w('recorded')}</p>
            </Notice>
          )}
          {failure !== null && <ErrorNotice error={failure} />}
          {isIt && (
            <form onSubmit={(e) => void record(e)}>
              <fieldset>
                <legend>{w('result')}</legend>
                {(['tested', 'failed'] as const).map((r) => (
                  <label key={r} class="choice">
                    <input type="radio" name="rehearsal-result" value={r} checked={result === r} onChange={() => setResult(r)} /> {w(r)}
                  </label>
                ))}
              </fieldset>
              <label for="rehearsal-comment">{w('comment')}</label>
              <textarea id="rehearsal-comment" rows={2} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
              <p>
                <button type="submit" class="button">
                  {w('record')}
                </button>
              </p>
            </form>
          )}
        </>
      )}
    </section>
  );
};
