import type { FieldError } from '../../../shared/contracts/problem';
import { useApp } from '../app-context';
import { fieldId } from '../form-model';
import { EntryFields, entryBinding } from './catalogue-entry-fields';
import { type Additions, type Proposal, errorsUnder } from './catalogue-entry-model';
import { entryWord } from './catalogue-entry-words';
import { FieldErrors } from './fields';
import './add-to-catalogue.css';

/**
 * "Add to the catalogue" in IT's decision panel, loaded only for an IT approver deciding on a
 * request that proposes programs: per proposed program a checkbox, and when ticked the catalogue
 * entry's fields, filled in from what the request says. The approval then carries
 * `addToCatalogue` (AddToCatalogueSchema): each ticked program by its index in the request's
 * `software`, with its entry. Errors are kept by program (`2.instructions.en`), whether the
 * browser found them or the API answered with them (`addToCatalogue.0.entry.instructions.en`).
 */

export { type Additions, type Proposal, collectAdditions, initialAdditions, placeAdditionErrors, proposalsOf } from './catalogue-entry-model';

/** The id prefix of a program's fields in a panel (`detail-IT.add.2.`). */
const prefixOf = (idPrefix: string, software: number) => `${idPrefix}.add.${software}.`;

/** Focuses the checkbox or first field in error. */
export const focusFirstAddition = (idPrefix: string, errors: readonly FieldError[]) => {
  const first = errors[0];
  if (!first) return;
  const [software, ...rest] = first.path.split('.');
  const prefix = prefixOf(idPrefix, Number(software));
  const el = document.getElementById(fieldId(rest.length > 0 ? `${prefix}${rest.join('.')}` : `${prefix}on`));
  const target = el?.matches('input, select, textarea') ? el : el?.querySelector<HTMLElement>('input, select, textarea');
  target?.focus();
};

export const AddToCataloguePart = ({
  idPrefix,
  proposals,
  additions,
  onChange,
  errors,
}: {
  idPrefix: string;
  proposals: readonly Proposal[];
  additions: Additions;
  onChange: (next: Additions) => void;
  errors: readonly FieldError[];
}) => {
  const app = useApp();
  const w = (key: Parameters<typeof entryWord>[1], vars?: Record<string, string | number>) => entryWord(app.lang, key, vars);
  const titleId = fieldId(`${idPrefix}.add.title`);
  return (
    <fieldset class="add-to-catalogue" aria-labelledby={titleId}>
      <legend id={titleId}>{w('addTitle')}</legend>
      <p class="hint">{w('addIntro')}</p>
      {proposals.map(({ software, item }) => {
        const a = additions[software];
        if (!a) return null;
        const prefix = prefixOf(idPrefix, software);
        const mine = errorsUnder(errors, `${software}.`);
        const general = errors.filter((e) => e.path === String(software)).map(() => ({ text: w('addNotFor'), lang: app.lang }));
        const name = [item.name, item.version].filter(Boolean).join(' ');
        const bind = entryBinding(
          app.lang,
          prefix,
          a.values,
          (path, value) => onChange({ ...additions, [software]: { ...a, values: { ...a.values, [path]: value } } }),
          mine,
        );
        const checkboxId = fieldId(`${prefix}on`);
        return (
          <div key={software} class="add-to-catalogue__program" data-testid="add-to-catalogue">
            <div class={`field field--checkbox ${general.length ? 'field--error' : ''}`}>
              <FieldErrors id={`${checkboxId}-error`} messages={general} />
              <input
                id={checkboxId}
                type="checkbox"
                checked={a.on}
                aria-controls={`${checkboxId}-fields`}
                aria-describedby={general.length ? `${checkboxId}-error` : undefined}
                onChange={(e) => onChange({ ...additions, [software]: { ...a, on: e.currentTarget.checked } })}
              />
              <label for={checkboxId}>{w('addOne', { name })}</label>
            </div>
            <div id={`${checkboxId}-fields`} class="add-to-catalogue__fields" hidden={!a.on}>
              {a.on && <EntryFields bind={bind} prefix={prefix} />}
            </div>
          </div>
        );
      })}
    </fieldset>
  );
};
