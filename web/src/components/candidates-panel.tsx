import { useEffect, useRef, useState } from 'preact/hooks';
import type { RegistrationView } from '../../../shared/contracts/http-responses';
import type { FieldError } from '../../../shared/contracts/problem';
import { MAX_CANDIDATES } from '../../../shared/contracts/student-notices';
import { isClosed } from '../../../shared/rules/lifecycle';
import { ApiError } from '../api';
import { useApp } from '../app-context';
import type { BadRow, CandidateParse } from '../candidates-csv';
import { Msg, Notice, describeError } from './common';

/** How many bad rows and sample rows the preview lists: 2,000 rows stay one summary, not 2,000 table rows. */
const SHOWN_BAD = 50;
const SHOWN_SAMPLE = 5;

const DELIMITER_WORDS = { ',': 'delimiter_comma', ';': 'delimiter_semicolon', '\t': 'delimiter_tab', '|': 'delimiter_pipe' } as const;

/** Why the list cannot change now, if it cannot. */
const lockOf = (r: RegistrationView): 'letter' | 'started' | 'closed' | null => {
  if (r.kind === 'midterm' && (r.studentNotice.letter.status === 'SENDING' || r.studentNotice.letter.status === 'SENT')) return 'letter';
  if (isClosed(r.status)) return 'closed';
  if (Date.parse(r.form.exam.start) <= Date.now()) return 'started';
  return null;
};

/** The last time the list was replaced, from the history. */
const lastReplaced = (r: RegistrationView) => r.history.findLast((h) => h.action === 'CANDIDATES_REPLACED')?.at ?? null;

const BadRows = ({ rows, caption }: { rows: BadRow[]; caption: string }) => {
  const app = useApp();
  const { t } = app;
  return (
    <>
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('colLine')}</th>
              <th scope="col">{t('colProblem')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, SHOWN_BAD).map((row) => (
              <tr key={row.line}>
                <th scope="row">{row.line}</th>
                <td>
                  {row.errors.map((e, i) => (
                    <span key={e.path}>
                      {i > 0 && '; '}
                      <Msg m={app.fieldError({ ...e, path: `candidates.0.${e.path}` })} />
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > SHOWN_BAD && <p>{t('previewMoreBad', { n: rows.length - SHOWN_BAD })}</p>}
    </>
  );
};

const Preview = ({ parse, headingRef }: { parse: CandidateParse; headingRef: { current: HTMLHeadingElement | null } }) => {
  const { t } = useApp();
  const delimiter = parse.delimiter ? DELIMITER_WORDS[parse.delimiter as keyof typeof DELIMITER_WORDS] : null;
  return (
    <div class="preview">
      <h4 id="candidates-preview-title" ref={headingRef} tabIndex={-1}>
        {t('previewTitle')}
      </h4>
      <ul class="summary-list">
        <li>{t('previewRows', { n: parse.rows })}</li>
        {delimiter && <li>{t('previewFormat', { delimiter: t(delimiter), header: parse.header ? t('previewHeaderYes') : t('previewHeaderNo') })}</li>}
        {parse.columns.email === null && parse.rows > 0 && <li>{t('previewNoEmailColumn')}</li>}
        <li>
          <strong>{t('previewValid', { n: parse.candidates.length })}</strong>
        </li>
        {parse.duplicates.length > 0 && <li>{t('previewDuplicates', { n: parse.duplicates.length, lines: parse.duplicates.slice(0, 10).join(', ') })}</li>}
        {parse.bad.length === 0 && parse.rows > 0 && <li>{t('previewAllGood')}</li>}
      </ul>
      {parse.tooMany && <Notice kind="error">{t('previewTooMany', { max: MAX_CANDIDATES, n: parse.candidates.length })}</Notice>}
      {parse.bad.length > 0 && (
        <>
          <p>{t('previewBad', { n: parse.bad.length })}</p>
          <BadRows rows={parse.bad} caption={t('previewBad', { n: parse.bad.length })} />
        </>
      )}
      {parse.candidates.length > 0 && (
        <div class="table-scroll">
          <table class="table-stack">
            <caption>{t('previewFirst', { n: Math.min(SHOWN_SAMPLE, parse.candidates.length) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('colLine')}</th>
                <th scope="col">{t('colEmail')}</th>
                <th scope="col">{t('colName')}</th>
              </tr>
            </thead>
            <tbody>
              {parse.candidates.slice(0, SHOWN_SAMPLE).map((c, i) => (
                <tr key={c.email}>
                  <th scope="row">{parse.lines[i]}</th>
                  <td data-label={t('colEmail')}>{c.email}</td>
                  <td data-label={t('colName')}>{c.name ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
};

/**
 * The owner's candidate list: how many are stored and when the list was last replaced, or why
 * it is locked; a new list pasted from a spreadsheet or read from a CSV file, checked row by row
 * with the API's own schema (each bad row by its line number and reason) before it is saved.
 * The CSV reader (papaparse) is loaded when first needed.
 */
export const CandidatesPanel = ({ registration: r, onSaved }: { registration: RegistrationView; onSaved: () => void }) => {
  const app = useApp();
  const { t, tv } = app;
  const [text, setText] = useState('');
  const [parse, setParse] = useState<CandidateParse | null>(null);
  const [busy, setBusy] = useState<'checking' | 'saving' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [serverBad, setServerBad] = useState<BadRow[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const previewRef = useRef<HTMLHeadingElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const lock = lockOf(r);
  const stored = r.studentNotice.candidates;
  const replacedAt = lastReplaced(r);

  useEffect(() => {
    if (parse) previewRef.current?.focus();
  }, [parse]);
  useEffect(() => {
    if (saved || failure || serverBad.length) resultRef.current?.focus();
  }, [saved, failure, serverBad]);

  const check = async (source: string) => {
    setFailure(null);
    setServerBad([]);
    setSaved(null);
    if (source.trim() === '') {
      setParse(null);
      setFailure(t('candidatesEmpty'));
      return;
    }
    setBusy('checking');
    try {
      const csv = await import('../candidates-csv');
      setParse(csv.parseCandidates(source, app.config.rules.STUDENT_MAIL_DOMAINS));
    } catch (error) {
      setFailure(describeError(app, error));
    } finally {
      setBusy(null);
    }
  };

  const onFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    const csv = await import('../candidates-csv');
    const content = await csv.readCsvFile(file);
    setText(content);
    await check(content);
  };

  const save = async () => {
    if (!parse) return;
    setBusy('saving');
    setFailure(null);
    setServerBad([]);
    try {
      const result = await app.api.putCandidates(r.id, parse.candidates);
      setSaved(t('candidatesSaved', { n: result.studentNotice.candidates }));
      setParse(null);
      setText('');
      onSaved();
    } catch (error) {
      // Refusals name the list index (`candidates.3.email`): put them back on the lines they came from.
      const byRow = new Map<number, FieldError[]>();
      const other: FieldError[] = [];
      for (const e of error instanceof ApiError ? (error.problem.errors ?? []) : []) {
        const m = /^candidates\.(\d+)\.(.+)$/.exec(e.path);
        if (m) byRow.set(Number(m[1]), [...(byRow.get(Number(m[1])) ?? []), { ...e, path: m[2] as string }]);
        else other.push(e);
      }
      if (byRow.size > 0) setServerBad([...byRow].map(([i, errors]) => ({ line: parse.lines[i] ?? i + 1, errors })));
      if (byRow.size === 0 || other.length > 0) setFailure(describeError(app, error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="staff-panel" aria-labelledby="candidates-title">
      <h3 id="candidates-title">{t('candidatesTitle')}</h3>
      <p>
        {stored === 0
          ? t('candidatesNone')
          : replacedAt
            ? t(stored === 1 ? 'candidatesStoredOne' : 'candidatesStored', { n: stored, date: app.dt(replacedAt) })
            : t('candidatesStoredNoDate', { n: stored })}
      </p>
      {lock ? (
        <p class="locked">
          {lock === 'letter'
            ? t('candidatesLockedLetter')
            : lock === 'started'
              ? t('candidatesLockedStarted')
              : t('candidatesLockedClosed', { status: tv('status', r.status).toLowerCase() })}
        </p>
      ) : (
        <>
          <p>{t('candidatesIntro')}</p>
          <div ref={resultRef} tabIndex={-1}>
            {saved && <Notice kind="success">{saved}</Notice>}
            {failure && <Notice kind="error">{failure}</Notice>}
            {serverBad.length > 0 && (
              <Notice kind="error">
                <p>{t('candidatesServerRefused')}</p>
                <BadRows rows={serverBad} caption={t('candidatesServerRefused')} />
              </Notice>
            )}
          </div>
          <div class="field">
            <label for="candidates-paste">{t('candidatesPaste')}</label>
            <p class="hint" id="candidates-paste-hint">
              {t('candidatesPasteHint')}
            </p>
            <textarea
              id="candidates-paste"
              class="candidate-input"
              rows={6}
              value={text}
              aria-describedby="candidates-paste-hint"
              onInput={(e) => setText(e.currentTarget.value)}
            />
          </div>
          <div class="actions">
            <button type="button" class="button button--secondary" disabled={busy !== null} onClick={() => void check(text)}>
              {busy === 'checking' ? t('candidatesChecking') : t('candidatesCheck')}
            </button>
          </div>
          <div class="field">
            <label for="candidates-file">{t('candidatesFile')}</label>
            <p class="hint" id="candidates-file-hint">
              {t('candidatesFileHint')}
            </p>
            <input
              type="file"
              id="candidates-file"
              accept=".csv,.txt,text/csv,text/plain"
              aria-describedby="candidates-file-hint"
              onChange={(e) => void onFile(e.currentTarget)}
            />
          </div>
          {parse && (
            <>
              <Preview parse={parse} headingRef={previewRef} />
              <div class="actions">
                <button type="button" class="button" disabled={busy !== null || parse.tooMany || parse.rows === 0} onClick={() => void save()}>
                  {busy === 'saving'
                    ? t('candidatesSaving')
                    : parse.bad.length > 0
                      ? t('candidatesSaveSkipping', { n: parse.candidates.length, bad: parse.bad.length })
                      : t('candidatesSave', { n: parse.candidates.length })}
                </button>
              </div>
            </>
          )}
        </>
      )}
    </section>
  );
};
