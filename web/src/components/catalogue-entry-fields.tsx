import type { FieldError } from '../../../shared/contracts/problem';
import { useApp } from '../app-context';
import type { Lang } from '../i18n';
import { type EntryValues, entryFieldError } from './catalogue-entry-model';
import { type EntryWord, entryWord } from './catalogue-entry-words';
import { type Binding, ChoiceGroup, type FieldValue, Select, TextArea, TextField } from './fields';

/**
 * The fields of a catalogue entry, as the catalogue page (create, edit) and the IT decision
 * panel (a proposed program added with the approval) show them; their values and errors are
 * catalogue-entry-model's.
 */

/** A binding of the entry fields to values kept under `prefix` in the page (field ids stay unique when a page has several entries). */
export const entryBinding = (
  lang: Lang,
  prefix: string,
  values: EntryValues,
  set: (path: string, value: FieldValue) => void,
  errors: readonly FieldError[],
): Binding => {
  const local = (path: string) => path.slice(prefix.length);
  return {
    value: (path) => values[local(path)],
    set: (path, value) => set(local(path), value),
    // Errors of one pattern (`sebUrlPatterns.2`) show at the patterns' field.
    errors: (path) => errors.filter((e) => e.path === local(path) || e.path.startsWith(`${local(path)}.`)).map((e) => entryFieldError(lang, e)),
  };
};

export const EntryFields = ({ bind, prefix = '' }: { bind: Binding; prefix?: string }) => {
  const { lang, tv } = useApp();
  const w = (key: EntryWord) => entryWord(lang, key);
  const options = (kind: string, values: string[]) => values.map((value) => ({ value, label: tv(kind, value) }));
  const p = (path: string) => `${prefix}${path}`;
  return (
    <>
      <TextField bind={bind} path={p('name')} label={w('name')} />
      <TextField bind={bind} path={p('version')} label={w('version')} optional size="medium" />
      <TextField bind={bind} path={p('vendor')} label={w('vendor')} optional size="medium" />
      <Select
        bind={bind}
        path={p('kind')}
        label={w('kind')}
        placeholder={w('choose')}
        options={[
          { value: 'installed', label: w('installed') },
          { value: 'web-service', label: w('webService') },
        ]}
      />
      <ChoiceGroup bind={bind} path={p('platforms')} label={w('platforms')} multiple inline options={options('platform', ['windows', 'macos', 'linux', 'web'])} />
      <TextField bind={bind} path={p('url')} label={w('url')} hint={w('urlHint')} type="url" optional />
      <Select
        bind={bind}
        path={p('licence.kind')}
        label={w('licence')}
        placeholder={w('choose')}
        options={options('licence', ['campus', 'free', 'student-purchase', 'other'])}
      />
      <TextField bind={bind} path={p('licence.seats')} label={w('seatsLabel')} hint={w('seatsHint')} inputMode="numeric" size="short" optional />
      <TextArea bind={bind} path={p('instructions.en')} label={w('instructionsEn')} rows={4} />
      <TextArea bind={bind} path={p('instructions.nb')} label={w('instructionsNb')} rows={4} />
      <TextArea bind={bind} path={p('sebUrlPatterns')} label={w('patterns')} hint={w('patternsHint')} rows={3} optional />
    </>
  );
};
