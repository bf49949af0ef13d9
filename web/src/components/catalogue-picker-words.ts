import type { Lang } from '../i18n';

/** The words of the catalogue picker in the software form, in English and Bokmål, loaded with the picker. */
const en = {
  title: 'Pick from the software catalogue',
  search: 'Search the catalogue',
  searchHint: 'Programs and web services IT has tested for exams. Not there? Type it by hand as a proposal.',
  searching: 'Searching…',
  none: 'Nothing in the catalogue matches “{q}”. Type the program by hand below: IT looks at it as a proposal.',
  found: '{n} found. Down arrow to go through them, Enter to add one.',
  results: 'Catalogue entries',
  add: 'Add',
  added: 'Added',
  fromCatalogue: 'From the catalogue, revision {n}',
  unlink: 'Type it by hand instead',
  remove: 'Remove program {n}',
  version: 'Version',
  platforms: 'Platforms',
  licence: 'Licence',
  noVersion: 'any version',
};
export type PickerWord = keyof typeof en;

const nb: Record<PickerWord, string> = {
  title: 'Velg fra programvarekatalogen',
  search: 'Søk i katalogen',
  searchHint: 'Programmer og nettjenester IT har testet for eksamen. Finner du det ikke? Skriv det inn selv som et forslag.',
  searching: 'Søker …',
  none: 'Ingenting i katalogen passer til «{q}». Skriv inn programmet selv nedenfor: IT ser på det som et forslag.',
  found: '{n} treff. Pil ned for å gå gjennom dem, Enter for å legge til et.',
  results: 'Oppføringer i katalogen',
  add: 'Legg til',
  added: 'Lagt til',
  fromCatalogue: 'Fra katalogen, versjon {n}',
  unlink: 'Skriv det inn selv i stedet',
  remove: 'Fjern program {n}',
  version: 'Versjon',
  platforms: 'Plattformer',
  licence: 'Lisens',
  noVersion: 'alle versjoner',
};

export const pickerWord = (lang: Lang, key: PickerWord, vars: Record<string, string | number> = {}) =>
  (lang === 'nb' ? nb : en)[key].replace(/\{(\w+)\}/g, (_m, k: string) => String(vars[k] ?? ''));
