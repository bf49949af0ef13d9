import { useRef, useState } from 'preact/hooks';
import type { CatalogueEntry, CatalogueEntryInput, CatalogueList } from '../../../shared/contracts/catalogue';
import { ApiError } from '../api';
import { useApp } from '../app-context';
import { ErrorNotice, Loading, Notice, PageHeading, useLoad } from '../components/common';
import { type Binding, ChoiceGroup, type FieldValue, Select, TextArea, TextField } from '../components/fields';
import type { FieldError } from '../../../shared/contracts/problem';
import { translateFieldError } from '../i18n';
import { type CatalogueWord, catalogueWord } from './catalogue-words';
import './catalogue.css';

/**
 * The software catalogue: everyone with a role searches it; IT adds entries. Loaded on demand,
 * so the rest of the app does not carry it.
 */

const useWords = () => {
  const app = useApp();
  return { ...app, w: (key: CatalogueWord, vars?: Record<string, string | number>) => catalogueWord(app.lang, key, vars) };
};

const EMPTY: Record<string, FieldValue> = {
  name: '',
  version: '',
  vendor: '',
  kind: '',
  platforms: [],
  url: '',
  'licence.kind': '',
  'licence.seats': '',
  'instructions.en': '',
  'instructions.nb': '',
  sebUrlPatterns: '',
};

const text = (v: FieldValue | undefined) => (typeof v === 'string' ? v.trim() : '');

/** The form's values as the API's body: empty optional text is null, the patterns one a line. */
const inputOf = (v: Record<string, FieldValue>) => ({
  name: text(v.name),
  version: text(v.version) || null,
  vendor: text(v.vendor) || null,
  kind: text(v.kind) as CatalogueEntryInput['kind'],
  platforms: v.platforms as string[] as CatalogueEntryInput['platforms'],
  url: text(v.url) || null,
  licence: { kind: text(v['licence.kind']) as CatalogueEntryInput['licence']['kind'], seats: text(v['licence.seats']) ? Number(text(v['licence.seats'])) : null },
  instructions: { en: text(v['instructions.en']), nb: text(v['instructions.nb']) },
  sebUrlPatterns: text(v.sebUrlPatterns)
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean),
});

const AddEntryForm = ({ onAdded }: { onAdded: (e: CatalogueEntry) => void }) => {
  const app = useWords();
  const { w, tv } = app;
  const [values, setValues] = useState<Record<string, FieldValue>>(EMPTY);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const bind: Binding = {
    value: (path) => values[path],
    set: (path, value) => setValues((v) => ({ ...v, [path]: value })),
    // Errors of one pattern (`sebUrlPatterns.2`) show at the patterns' field.
    errors: (path) => errors.filter((e) => e.path === path || e.path.startsWith(`${path}.`)).map((e) => translateFieldError(app.lang, e)),
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      const entry = await app.api.createCatalogueEntry(inputOf(values));
      setValues(EMPTY);
      setErrors([]);
      onAdded(entry);
    } catch (error) {
      if (error instanceof ApiError && error.problem.errors) {
        setErrors(error.problem.errors);
        setTimeout(() => summary.current?.focus(), 0);
      } else setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const options = (prefix: string, values: string[]) => values.map((value) => ({ value, label: tv(prefix, value) }));
  return (
    <section aria-labelledby="catalogue-add">
      <h2 id="catalogue-add">{w('addTitle')}</h2>
      {errors.length > 0 && (
        <Notice kind="error" focusRef={summary}>
          <p>{w('fixErrors')}</p>
        </Notice>
      )}
      {failure !== null && <ErrorNotice error={failure} />}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField bind={bind} path="name" label={w('name')} />
        <TextField bind={bind} path="version" label={w('version')} optional size="medium" />
        <TextField bind={bind} path="vendor" label={w('vendor')} optional size="medium" />
        <Select
          bind={bind}
          path="kind"
          label={w('kind')}
          placeholder={w('choose')}
          options={[
            { value: 'installed', label: w('installed') },
            { value: 'web-service', label: w('webService') },
          ]}
        />
        <ChoiceGroup bind={bind} path="platforms" label={w('platforms')} multiple inline options={options('platform', ['windows', 'macos', 'linux', 'web'])} />
        <TextField bind={bind} path="url" label={w('url')} hint={w('urlHint')} type="url" optional />
        <Select
          bind={bind}
          path="licence.kind"
          label={w('licence')}
          placeholder={w('choose')}
          options={options('licence', ['campus', 'free', 'student-purchase', 'other'])}
        />
        <TextField bind={bind} path="licence.seats" label={w('seatsLabel')} hint={w('seatsHint')} inputMode="numeric" size="short" optional />
        <TextArea bind={bind} path="instructions.en" label={w('instructionsEn')} rows={4} />
        <TextArea bind={bind} path="instructions.nb" label={w('instructionsNb')} rows={4} />
        <TextArea bind={bind} path="sebUrlPatterns" label={w('patterns')} hint={w('patternsHint')} rows={3} optional />
        <button type="submit" class="button" disabled={busy}>
          {w('add')}
        </button>
      </form>
    </section>
  );
};

const EntryCard = ({ entry }: { entry: CatalogueEntry }) => {
  const { w, tv } = useWords();
  return (
    <li class="catalogue-entry">
      <h3>
        {[entry.name, entry.version].filter(Boolean).join(' ')}
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
        <AddEntryForm
          onAdded={(entry) => {
            setFlash(w('added', { name: entry.name }));
            list.reload();
          }}
        />
      )}
    </>
  );
};
