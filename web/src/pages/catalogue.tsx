import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  type CatalogueEntry,
  type CatalogueEntryInput,
  type CatalogueEntryView,
  type CatalogueList,
  CatalogueRetireInputSchema,
} from '../../../shared/contracts/catalogue';
import { checkInput } from '../../../shared/contracts/parse';
import type { FieldError } from '../../../shared/contracts/problem';
import type { Actor } from '../../../shared/contracts/registration';
import { ApiError } from '../api';
import { useApp } from '../app-context';
import { EntryFields, entryBinding } from '../components/catalogue-entry-fields';
import { ENTRY_PATHS, type EntryValues, checkEntry, emptyEntry, errorsUnder, valuesOfEntry } from '../components/catalogue-entry-model';
import { type EntryWord, entryWord } from '../components/catalogue-entry-words';
import { ErrorNotice, Loading, Notice, PageHeading, useLoad } from '../components/common';
import { FieldErrors, TextArea } from '../components/fields';
import { fieldId } from '../form-model';
import type { LocalizedText } from '../i18n';
import { href } from '../router';
import { type CatalogueWord, catalogueWord } from './catalogue-words';
import './catalogue.css';

/**
 * The software catalogue: everyone with a role searches it and reads an entry with its revision
 * history; IT adds, edits and retires entries. Loaded on demand, so the rest of the app does not
 * carry it.
 */

const useWords = () => {
  const app = useApp();
  return { ...app, w: (key: CatalogueWord, vars?: Record<string, string | number>) => catalogueWord(app.lang, key, vars) };
};

const displayName = (e: Pick<CatalogueEntry, 'name' | 'version'>) => [e.name, e.version].filter(Boolean).join(' ');
const actorName = (a: Actor) => a.name ?? a.email ?? a.sub;

/** Focuses the first field in error (the input itself, or the first input of a group). */
const focusFirstError = (prefix: string, errors: readonly FieldError[]) => {
  const path = ENTRY_PATHS.find((p) => errors.some((e) => e.path === p || e.path.startsWith(`${p}.`)));
  const el = path ? document.getElementById(fieldId(`${prefix}${path}`)) : null;
  const target = el?.matches('input, select, textarea') ? el : el?.querySelector<HTMLElement>('input, select, textarea');
  target?.focus();
};

/**
 * An entry's fields with a submit button: the browser judges the values with the API's schema
 * first, then the API; an error from either shows at its field, worded the same. `errorPrefix` is
 * where the entry sits in the API's body (`entry.` when editing). A refusal `onSubmit` handles
 * itself (a conflict) it does not throw.
 */
const EntryForm = ({
  initial,
  errorPrefix,
  submitLabel,
  onSubmit,
  children,
}: {
  initial: EntryValues;
  errorPrefix: string;
  submitLabel: string;
  onSubmit: (input: CatalogueEntryInput) => Promise<boolean>;
  children?: ComponentChildren;
}) => {
  const app = useWords();
  const { w } = app;
  const [values, setValues] = useState<EntryValues>(initial);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const bind = entryBinding(
    app.lang,
    '',
    values,
    (path, value) => {
      setValues((v) => ({ ...v, [path]: value }));
      setErrors((errs) => errs.filter((e) => e.path !== path && !e.path.startsWith(`${path}.`)));
    },
    errors,
  );
  const refuse = (found: FieldError[]) => {
    setErrors(found);
    setTimeout(
      () => (found.some((e) => ENTRY_PATHS.some((p) => e.path === p || e.path.startsWith(`${p}.`))) ? focusFirstError('', found) : summary.current?.focus()),
      0,
    );
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setFailure(null);
    const checked = checkEntry(values);
    if (!checked.input) return refuse(checked.errors);
    setBusy(true);
    try {
      if (await onSubmit(checked.input)) {
        setErrors([]);
        setValues(initial);
      }
    } catch (error) {
      const found = error instanceof ApiError ? errorsUnder(error.problem.errors ?? [], errorPrefix) : [];
      if (found.length > 0) refuse(found);
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {errors.length > 0 && (
        <Notice kind="error" focusRef={summary}>
          <p>{w('fixErrors')}</p>
        </Notice>
      )}
      {failure !== null && <ErrorNotice error={failure} />}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <EntryFields bind={bind} />
        {children}
        <button type="submit" class="button" disabled={busy}>
          {submitLabel}
        </button>
      </form>
    </>
  );
};

const AddEntrySection = ({ onAdded }: { onAdded: (e: CatalogueEntry) => void }) => {
  const app = useWords();
  return (
    <section aria-labelledby="catalogue-add">
      <h2 id="catalogue-add">{app.w('addTitle')}</h2>
      <EntryForm
        initial={emptyEntry()}
        errorPrefix=""
        submitLabel={app.w('add')}
        onSubmit={async (input) => {
          onAdded(await app.api.createCatalogueEntry(input));
          return true;
        }}
      />
    </section>
  );
};

const EntryCard = ({ entry }: { entry: CatalogueEntry }) => {
  const { w, tv } = useWords();
  return (
    <li class="catalogue-entry">
      <h3>
        <a href={href(`/catalogue/${encodeURIComponent(entry.id)}`)}>{displayName(entry)}</a>
        {entry.retired && <span class="badge"> {w('retired')}</span>}
      </h3>
      <p>
        {[entry.vendor, entry.kind === 'web-service' ? w('webService') : w('installed'), entry.platforms.map((p) => tv('platform', p)).join(', ')]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <p>
        {tv('licence', entry.licence.kind)} · {entry.licence.seats === null ? w('noSeatLimit') : w('seats', { n: entry.licence.seats })} ·{' '}
        {w('revision', { n: entry.revision })}
      </p>
      {entry.sebUrlPatterns.length > 0 && (
        <p>
          {w('allowed')}: <code>{entry.sebUrlPatterns.join(', ')}</code>
        </p>
      )}
    </li>
  );
};

export const CataloguePage = () => {
  const app = useWords();
  const { w, session } = app;
  const [query, setQuery] = useState({ q: '', retired: false });
  const [draft, setDraft] = useState('');
  const [flash, setFlash] = useState<string | null>(null);
  const list = useLoad<CatalogueList>(() => app.api.catalogue(query.q, query.retired), [query.q, query.retired]);
  const isIt = session?.roles.includes('IT') ?? false;
  return (
    <>
      <PageHeading title={w('title')}>{w('title')}</PageHeading>
      <p>{w('intro')}</p>
      {flash && (
        <Notice kind="success">
          <p>{flash}</p>
        </Notice>
      )}
      <form
        class="catalogue-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery((q) => ({ ...q, q: draft.trim() }));
        }}
      >
        <label for="catalogue-q">{w('search')}</label>
        <input id="catalogue-q" type="search" value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
        <button type="submit" class="button button--secondary">
          {w('searchButton')}
        </button>
        <label class="catalogue-search__retired">
          <input type="checkbox" checked={query.retired} onChange={(e) => setQuery((q) => ({ ...q, retired: e.currentTarget.checked }))} /> {w('showRetired')}
        </label>
      </form>
      {list.error ? (
        <ErrorNotice error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : (
        <section aria-label={w('count', { n: list.data.items.length })}>
          <p role="status">{list.data.items.length === 0 ? w('none') : w('count', { n: list.data.items.length })}</p>
          <ul class="catalogue-list">
            {list.data.items.map((e) => (
              <EntryCard key={e.id} entry={e} />
            ))}
          </ul>
        </section>
      )}
      {isIt && (
        <AddEntrySection
          onAdded={(entry) => {
            setFlash(w('added', { name: entry.name }));
            list.reload();
          }}
        />
      )}
    </>
  );
};

/* ---------- One entry: what it says, its history, and IT's edit and retire ---------- */

const EntryFacts = ({ entry }: { entry: CatalogueEntry }) => {
  const { w, tv, lang } = useWords();
  const label = (key: EntryWord) => entryWord(lang, key);
  return (
    <section aria-labelledby="catalogue-facts">
      <h2 id="catalogue-facts">{w('facts')}</h2>
      <dl class="catalogue-facts">
        <dt>{label('kind')}</dt>
        <dd>{entry.kind === 'web-service' ? w('webService') : w('installed')}</dd>
        <dt>{label('vendor')}</dt>
        <dd>{entry.vendor ?? '–'}</dd>
        <dt>{label('platforms')}</dt>
        <dd>{entry.platforms.map((p) => tv('platform', p)).join(', ')}</dd>
        <dt>{label('licence')}</dt>
        <dd>
          {tv('licence', entry.licence.kind)} · {entry.licence.seats === null ? w('noSeatLimit') : w('seats', { n: entry.licence.seats })}
        </dd>
        <dt>{w('address')}</dt>
        <dd>{entry.url ?? w('noAddress')}</dd>
        {entry.sebUrlPatterns.length > 0 && (
          <>
            <dt>{w('allowed')}</dt>
            <dd>
              <code>{entry.sebUrlPatterns.join(', ')}</code>
            </dd>
          </>
        )}
        <dt>{w('instructionsEn')}</dt>
        <dd lang="en" class="catalogue-facts__text">
          {entry.instructions.en}
        </dd>
        <dt>{w('instructionsNb')}</dt>
        <dd lang="nb" class="catalogue-facts__text">
          {entry.instructions.nb}
        </dd>
      </dl>
    </section>
  );
};

const History = ({ view }: { view: CatalogueEntryView }) => {
  const app = useWords();
  const { w } = app;
  return (
    <section aria-labelledby="catalogue-history">
      <h2 id="catalogue-history">{w('historyTitle')}</h2>
      <ol class="catalogue-history" data-testid="catalogue-history">
        {view.revisions.map((r) => (
          <li key={r.revision} aria-current={r.revision === view.entry.revision ? 'true' : undefined}>
            {w('historyLine', { n: r.revision, action: w(`action_${r.action}`), at: app.dt(r.at), by: actorName(r.by) })}
            {r.comment && <p class="catalogue-history__comment">{r.comment}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
};

/** Someone else changed the entry first (409 CONCURRENT_CHANGE), or retired it already (409). */
const isConflict = (error: unknown) => error instanceof ApiError && error.status === 409;

const EditSection = ({ entry, onSaved, onConflict }: { entry: CatalogueEntry; onSaved: (e: CatalogueEntry) => void; onConflict: () => Promise<void> }) => {
  const app = useWords();
  const { w } = app;
  const [comment, setComment] = useState('');
  const [commentErrors, setCommentErrors] = useState<LocalizedText[]>([]);
  const commentBind = {
    value: () => comment,
    set: (_p: string, v: unknown) => setComment(String(v)),
    errors: () => commentErrors,
  };
  return (
    <section aria-labelledby="catalogue-edit">
      <h2 id="catalogue-edit">{w('editTitle')}</h2>
      <p>{w('editIntro', { n: entry.revision + 1 })}</p>
      <EntryForm
        initial={valuesOfEntry(entry)}
        errorPrefix="entry."
        submitLabel={w('save')}
        onSubmit={async (input) => {
          try {
            setCommentErrors([]);
            onSaved(await app.api.editCatalogueEntry(entry.id, { basedOnRevision: entry.revision, entry: input, comment: comment.trim() }));
            return true;
          } catch (error) {
            if (isConflict(error)) {
              await onConflict();
              return false;
            }
            const atComment = error instanceof ApiError ? (error.problem.errors ?? []).filter((e) => e.path === 'comment') : [];
            if (atComment.length > 0) {
              setCommentErrors(atComment.map((e) => app.fieldError(e)));
              return false;
            }
            throw error;
          }
        }}
      >
        <TextArea bind={commentBind} path="edit-comment" label={w('changeComment')} rows={2} optional />
      </EntryForm>
    </section>
  );
};

const RetireSection = ({ entry, onRetired, onConflict }: { entry: CatalogueEntry; onRetired: (e: CatalogueEntry) => void; onConflict: () => Promise<void> }) => {
  const app = useWords();
  const { w } = app;
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<LocalizedText[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const reason = useRef<HTMLTextAreaElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) reason.current?.focus();
  }, [open]);
  const word = (e: FieldError): LocalizedText => (e.code === 'required' ? { text: w('retireReasonMissing'), lang: app.lang } : app.fieldError(e));
  const retire = async () => {
    if (busy) return;
    setFailure(null);
    const body = { basedOnRevision: entry.revision, comment };
    const checked = checkInput(CatalogueRetireInputSchema, body);
    if (!checked.success) {
      setErrors(checked.errors.filter((e) => e.path === 'comment').map(word));
      reason.current?.focus();
      return;
    }
    setBusy(true);
    try {
      onRetired(await app.api.retireCatalogueEntry(entry.id, checked.data));
    } catch (error) {
      if (isConflict(error)) await onConflict();
      else {
        const atComment = error instanceof ApiError ? (error.problem.errors ?? []).filter((e) => e.path === 'comment') : [];
        if (atComment.length > 0) setErrors(atComment.map(word));
        else setFailure(error);
      }
    } finally {
      setBusy(false);
    }
  };
  const id = 'retire-comment';
  return (
    <section aria-labelledby="catalogue-retire">
      <h2 id="catalogue-retire">{w('retireTitle')}</h2>
      <p>{w('retireIntro')}</p>
      {!open ? (
        <button type="button" class="button button--danger" ref={startRef} aria-expanded="false" onClick={() => setOpen(true)}>
          {w('retireStart')}
        </button>
      ) : (
        <div class="catalogue-retire" role="group" aria-labelledby="retire-confirm">
          <p id="retire-confirm">
            <strong>{w('retireConfirm', { name: displayName(entry) })}</strong>
          </p>
          {failure !== null && <ErrorNotice error={failure} />}
          <div class={`field ${errors.length ? 'field--error' : ''}`}>
            <label for={id}>{w('retireReason')}</label>
            <FieldErrors id={`${id}-error`} messages={errors} />
            <textarea
              id={id}
              ref={reason}
              rows={2}
              value={comment}
              aria-required="true"
              aria-invalid={errors.length ? 'true' : undefined}
              aria-describedby={errors.length ? `${id}-error` : undefined}
              onInput={(e) => {
                setComment(e.currentTarget.value);
                setErrors([]);
              }}
            />
          </div>
          <div class="actions">
            <button type="button" class="button button--danger" disabled={busy} onClick={() => void retire()}>
              {w('retireYes')}
            </button>
            <button
              type="button"
              class="button button--secondary"
              onClick={() => {
                setOpen(false);
                setErrors([]);
                setTimeout(() => startRef.current?.focus(), 0);
              }}
            >
              {w('cancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
};

/** `#/catalogue/<id>`: the entry's newest revision, its history, and for IT the ways to change it. */
export const CatalogueEntryPage = ({ id }: { id: string }) => {
  const app = useWords();
  const { w, session } = app;
  const view = useLoad<CatalogueEntryView>(() => app.api.catalogueEntry(id), [id]);
  const [flash, setFlash] = useState<string | null>(null);
  /** The newest revision, when a change was refused because someone else made one first. */
  const [conflict, setConflict] = useState<CatalogueEntryView | null>(null);
  const conflictRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (conflict) conflictRef.current?.focus();
  }, [conflict]);
  const isIt = session?.roles.includes('IT') ?? false;

  if (view.error) return <ErrorNotice error={view.error} onRetry={view.reload} />;
  if (!view.data) return <Loading />;
  const { entry } = view.data;
  const title = w('entryTitle', { name: displayName(entry) });
  const onConflict = async () => {
    setFlash(null);
    setConflict(await app.api.catalogueEntry(id));
  };
  const changed = (message: string) => {
    setConflict(null);
    setFlash(message);
    view.reload();
  };
  return (
    <>
      <PageHeading title={title}>
        {title}
        {entry.retired && <span class="badge"> {w('retired')}</span>}
      </PageHeading>
      <p>
        <a href={href('/catalogue')}>{w('back')}</a>
      </p>
      {flash && (
        <Notice kind="success">
          <p>{flash}</p>
        </Notice>
      )}
      {conflict && (
        <Notice kind="error" focusRef={conflictRef}>
          <p>
            {w('conflict', { n: conflict.entry.revision, by: actorName(conflict.entry.updatedBy), at: app.dt(conflict.entry.updatedAt) })}
            {conflict.entry.retired && ` ${w('conflictRetired')}`}
          </p>
          <button
            type="button"
            class="button button--secondary"
            onClick={() => {
              view.setData(conflict);
              setConflict(null);
            }}
          >
            {w('loadNewest')}
          </button>
        </Notice>
      )}
      {entry.retired && (
        <Notice kind="info">
          <p>{w('retiredNotice')}</p>
        </Notice>
      )}
      <p>{w('currentRevision', { n: entry.revision })}</p>
      <EntryFacts entry={entry} />
      <History view={view.data} />
      {isIt && !entry.retired && (
        <>
          <EditSection key={`edit-${entry.revision}`} entry={entry} onSaved={(e) => changed(w('saved', { name: e.name, n: e.revision }))} onConflict={onConflict} />
          <RetireSection key={`retire-${entry.revision}`} entry={entry} onRetired={(e) => changed(w('retiredDone', { name: e.name }))} onConflict={onConflict} />
        </>
      )}
      {!isIt && <p class="hint">{w('readOnly')}</p>}
    </>
  );
};
