import { useEffect, useState } from 'preact/hooks';
import type { CatalogueEntry } from '../../../shared/contracts/catalogue';
import { useApp } from '../app-context';
import { fieldId, type SoftwareDraft } from '../form-model';
import type { LocalizedText } from '../i18n';
import { pickerWord, type PickerWord } from './catalogue-picker-words';
import { describeError } from './common';
import { FieldErrors } from './fields';

/**
 * The software form's catalogue picker, loaded with the first software form: a search of the
 * catalogue (as the user types, after a pause) whose results each add a program linked to the
 * entry's newest revision, and a linked program as it shows in the form (read-only, with a way
 * back to typing it by hand). The server fills a linked program from the revision it names.
 */

const SEARCH_PAUSE_MS = 300;

const usePickerWords = () => {
  const app = useApp();
  return (key: PickerWord, vars?: Record<string, string | number>) => pickerWord(app.lang, key, vars);
};

/** The program a catalogue entry stands for, linked to the entry's revision. */
export const programFromEntry = (entry: CatalogueEntry): SoftwareDraft => ({
  name: entry.name,
  version: entry.version ?? '',
  licence: entry.licence.kind,
  webService: entry.kind === 'web-service',
  url: entry.url ?? '',
  platforms: [...entry.platforms],
  catalogue: { entryId: entry.id, revision: entry.revision },
});

type Search = { q: string; state: 'searching' } | { q: string; state: 'done'; items: CatalogueEntry[] } | { q: string; state: 'failed'; error: string };

export const CataloguePicker = ({ chosen, onAdd }: { chosen: ReadonlySet<string>; onAdd: (entry: CatalogueEntry) => void }) => {
  const app = useApp();
  const w = usePickerWords();
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState<Search | null>(null);
  useEffect(() => {
    const q = query.trim();
    if (q === '') {
      setSearch(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      setSearch({ q, state: 'searching' });
      app.api.catalogue(q, false).then(
        (list) => current && setSearch({ q, state: 'done', items: list.items }),
        (error: unknown) => current && setSearch({ q, state: 'failed', error: describeError(app, error) }),
      );
    }, SEARCH_PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);

  const id = 'catalogue-search';
  return (
    <div class="catalogue-picker">
      <h2 class="catalogue-picker__title">{w('title')}</h2>
      <div class="field">
        <label for={id}>{w('search')}</label>
        <p class="hint" id={`${id}-hint`}>
          {w('searchHint')}
        </p>
        <input
          id={id}
          type="search"
          value={query}
          autoComplete="off"
          spellcheck={false}
          aria-describedby={`${id}-hint`}
          onInput={(e) => setQuery(e.currentTarget.value)}
          // Enter searches at once rather than sending the whole form.
          onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
        />
      </div>
      <p class="catalogue-picker__status" role="status" data-testid="catalogue-status">
        {search?.state === 'searching' && w('searching')}
        {search?.state === 'failed' && search.error}
        {search?.state === 'done' && (search.items.length === 0 ? w('none', { q: search.q }) : w('found', { n: search.items.length }))}
      </p>
      {search?.state === 'done' && search.items.length > 0 && (
        <ul class="catalogue-picker__results">
          {search.items.map((entry) => {
            const taken = chosen.has(entry.id);
            const name = [entry.name, entry.version].filter(Boolean).join(' ');
            return (
              <li key={entry.id} class="catalogue-picker__result">
                <div>
                  <strong>{name}</strong>
                  <br />
                  <span class="hint">{[entry.vendor, entry.platforms.map((p) => app.tv('platform', p)).join(', ')].filter(Boolean).join(' · ')}</span>
                </div>
                <button type="button" class="button button--secondary button--small" disabled={taken} onClick={() => onAdd(entry)}>
                  {taken ? w('added') : w('add')}
                  <span class="visually-hidden"> {name}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
};

/** A program added from the catalogue: what the entry says, read-only, its errors, and the ways out. */
export const LinkedProgram = ({
  item,
  index,
  errors,
  onUnlink,
  onRemove,
}: {
  item: SoftwareDraft;
  index: number;
  errors: LocalizedText[];
  onUnlink: () => void;
  onRemove: () => void;
}) => {
  const app = useApp();
  const w = usePickerWords();
  const id = fieldId(`software.${index}.catalogue`);
  return (
    <div id={id} class={`catalogue-program ${errors.length ? 'field--error' : ''}`} data-testid="catalogue-program">
      <FieldErrors id={`${id}-error`} messages={errors} />
      <p class="catalogue-program__name">
        <strong>{item.name}</strong> {item.version ? item.version : `(${w('noVersion')})`}
      </p>
      <dl class="catalogue-program__facts">
        <dt>{w('platforms')}</dt>
        <dd>{item.platforms.map((p) => app.tv('platform', p)).join(', ')}</dd>
        <dt>{w('licence')}</dt>
        <dd>{app.tv('licence', item.licence)}</dd>
      </dl>
      <p class="hint">{item.catalogue && w('fromCatalogue', { n: item.catalogue.revision })}</p>
      <div class="catalogue-program__actions">
        <button type="button" class="button button--secondary button--small" onClick={onUnlink} aria-describedby={errors.length ? `${id}-error` : undefined}>
          {w('unlink')}
        </button>
        <button type="button" class="button button--secondary button--small" onClick={onRemove}>
          {w('remove', { n: index + 1 })}
        </button>
      </div>
    </div>
  );
};
