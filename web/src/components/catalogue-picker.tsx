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

/**
 * The search is a WAI-ARIA combobox (list autocomplete): the input owns a listbox of the results.
 * Down and Up move through the options (the input keeps the focus; aria-activedescendant names
 * the option, which says aria-selected), Enter adds the option, Escape closes the list (and a
 * second Escape clears the search); a click on an option adds it too. An entry already in the
 * form is an option that says aria-disabled.
 */
export const CataloguePicker = ({ chosen, onAdd }: { chosen: ReadonlySet<string>; onAdd: (entry: CatalogueEntry) => void }) => {
  const app = useApp();
  const w = usePickerWords();
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState<Search | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  useEffect(() => {
    const q = query.trim();
    if (q === '') {
      setSearch(null);
      setOpen(false);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      setSearch({ q, state: 'searching' });
      app.api.catalogue(q, false).then(
        (list) => {
          if (!current) return;
          setSearch({ q, state: 'done', items: list.items });
          setActive(-1);
          setOpen(list.items.length > 0);
        },
        (error: unknown) => current && setSearch({ q, state: 'failed', error: describeError(app, error) }),
      );
    }, SEARCH_PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);

  const id = 'catalogue-search';
  const listId = `${id}-results`;
  const items = search?.state === 'done' ? search.items : [];
  const expanded = open && items.length > 0;
  const optionId = (entry: CatalogueEntry) => `${id}-option-${entry.id}`;
  const activeEntry = expanded ? items[active] : undefined;
  useEffect(() => {
    if (activeEntry) document.getElementById(optionId(activeEntry))?.scrollIntoView({ block: 'nearest' });
  }, [activeEntry]);

  const choose = (entry: CatalogueEntry) => {
    if (chosen.has(entry.id)) return;
    setOpen(false);
    setActive(-1);
    onAdd(entry);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const move = (to: number) => {
      e.preventDefault();
      if (items.length === 0) return;
      setOpen(true);
      setActive((to + items.length) % items.length);
    };
    if (e.key === 'ArrowDown') move(expanded ? active + 1 : e.altKey ? -1 : 0);
    else if (e.key === 'ArrowUp') move(expanded ? (active <= 0 ? items.length - 1 : active - 1) : items.length - 1);
    else if (e.key === 'Enter') {
      // Enter adds the option in view, and never sends the whole form.
      e.preventDefault();
      if (activeEntry) choose(activeEntry);
    } else if (e.key === 'Escape' && expanded) {
      e.preventDefault();
      setOpen(false);
      setActive(-1);
    } else if (e.key === 'Escape' && query !== '') {
      e.preventDefault();
      setQuery('');
    }
  };

  return (
    <div class="catalogue-picker">
      <h2 class="catalogue-picker__title">{w('title')}</h2>
      <div class="field">
        <label for={id}>{w('search')}</label>
        <p class="hint" id={`${id}-hint`}>
          {w('searchHint')}
        </p>
        {/* The list opens over what follows, so closing it moves nothing under the pointer. */}
        <div class="catalogue-picker__combo">
          <input
            id={id}
            type="text"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={expanded ? 'true' : 'false'}
            aria-controls={listId}
            aria-activedescendant={activeEntry ? optionId(activeEntry) : undefined}
            value={query}
            autoComplete="off"
            spellcheck={false}
            aria-describedby={`${id}-hint`}
            onInput={(e) => setQuery(e.currentTarget.value)}
            onKeyDown={onKeyDown}
            onBlur={() => setOpen(false)}
            onClick={() => items.length > 0 && setOpen(true)}
          />
          <ul id={listId} class="catalogue-picker__results" role="listbox" aria-label={w('results')} hidden={!expanded}>
            {items.map((entry, i) => {
              const taken = chosen.has(entry.id);
              const name = [entry.name, entry.version].filter(Boolean).join(' ');
              return (
                <li
                  key={entry.id}
                  id={optionId(entry)}
                  role="option"
                  aria-selected={i === active ? 'true' : 'false'}
                  aria-disabled={taken ? 'true' : undefined}
                  class={`catalogue-picker__result ${i === active ? 'catalogue-picker__result--active' : ''}`}
                  // The input keeps the focus (and the list stays open) while the pointer picks an option.
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => choose(entry)}
                >
                  <span>
                    <strong>{name}</strong>
                    <br />
                    <span class="hint">{[entry.vendor, entry.platforms.map((p) => app.tv('platform', p)).join(', ')].filter(Boolean).join(' · ')}</span>
                  </span>
                  <span class="catalogue-picker__state">{taken ? w('added') : w('add')}</span>
                </li>
              );
            })}
          </ul>
        </div>
      </div>
      <p class="catalogue-picker__status" role="status" data-testid="catalogue-status">
        {search?.state === 'searching' && w('searching')}
        {search?.state === 'failed' && search.error}
        {search?.state === 'done' && (search.items.length === 0 ? w('none', { q: search.q }) : w('found', { n: search.items.length }))}
      </p>
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
