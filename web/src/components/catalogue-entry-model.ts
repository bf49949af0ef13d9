import { type AddToCatalogue, type CatalogueEntryInput, CatalogueEntryInputSchema } from '../../../shared/contracts/catalogue';
import { checkInput } from '../../../shared/contracts/parse';
import type { FieldError } from '../../../shared/contracts/problem';
import type { SoftwareItem } from '../../../shared/contracts/registration';
import { type Lang, type LocalizedText, translateFieldError } from '../i18n';
import { type EntryWord, entryWord } from './catalogue-entry-words';

/**
 * A catalogue entry as a form holds it, without the page: the values by the path of each field in
 * the API's body (`licence.seats`), the body they make, judged by the API's own schema
 * (CatalogueEntryInputSchema), and the errors worded the same whether the browser found them or
 * the API answered 400 with them (the same paths and codes).
 */

/** A field's value, as fields.tsx holds it (this module stays free of components, to be tested without a browser). */
type FieldValue = string | boolean | string[];

/** The form's values by the path of each field in the API's body (`licence.seats`). */
export type EntryValues = Record<string, FieldValue>;

export const emptyEntry = (): EntryValues => ({
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
});

/** An entry (or one revision of it) as the form's values, to edit it. */
export const valuesOfEntry = (e: CatalogueEntryInput): EntryValues => ({
  name: e.name,
  version: e.version ?? '',
  vendor: e.vendor ?? '',
  kind: e.kind,
  platforms: [...e.platforms],
  url: e.url ?? '',
  'licence.kind': e.licence.kind,
  'licence.seats': e.licence.seats === null ? '' : String(e.licence.seats),
  'instructions.en': e.instructions.en,
  'instructions.nb': e.instructions.nb,
  sebUrlPatterns: e.sebUrlPatterns.join('\n'),
});

/** A program a request proposes, as a new entry's values: what the teacher said; IT writes the instructions. */
export const valuesOfProposal = (item: SoftwareItem): EntryValues => ({
  ...emptyEntry(),
  name: item.name,
  version: item.version ?? '',
  kind: item.webService ? 'web-service' : 'installed',
  platforms: [...item.platforms],
  url: item.url ?? '',
  'licence.kind': item.licence,
});

const text = (v: FieldValue | undefined) => (typeof v === 'string' ? v.trim() : '');

/** The values as the API's body, unvalidated: empty optional text is null, the patterns one a line. */
export const entryBody = (v: EntryValues): Record<string, unknown> => ({
  name: text(v.name),
  version: text(v.version) || null,
  vendor: text(v.vendor) || null,
  kind: text(v.kind) || undefined,
  platforms: v.platforms,
  url: text(v.url) || null,
  licence: { kind: text(v['licence.kind']) || undefined, seats: text(v['licence.seats']) ? Number(text(v['licence.seats'])) : null },
  instructions: { en: text(v['instructions.en']), nb: text(v['instructions.nb']) },
  sebUrlPatterns: text(v.sebUrlPatterns)
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean),
});

/** The body the API would accept, or the errors it would answer with. */
export const checkEntry = (v: EntryValues): { input: CatalogueEntryInput; errors: [] } | { input: null; errors: FieldError[] } => {
  const result = checkInput(CatalogueEntryInputSchema, entryBody(v));
  return result.success ? { input: result.data, errors: [] } : { input: null, errors: result.errors };
};

/** The errors of an answer under `prefix` (`entry.`, `addToCatalogue.2.entry.`), with their paths as the form's. */
export const errorsUnder = (errors: readonly FieldError[], prefix: string): FieldError[] =>
  errors.filter((e) => e.path.startsWith(prefix)).map((e) => ({ ...e, path: e.path.slice(prefix.length) }));

const LABELS: Record<string, EntryWord> = {
  name: 'name',
  version: 'version',
  vendor: 'vendor',
  kind: 'kind',
  platforms: 'platforms',
  url: 'url',
  'licence.kind': 'licence',
  'licence.seats': 'seatsLabel',
  'instructions.en': 'instructionsEn',
  'instructions.nb': 'instructionsNb',
  sebUrlPatterns: 'patterns',
};
const SEATS: Partial<Record<FieldError['code'], EntryWord>> = {
  required: 'seatsNumber',
  invalid_type: 'seatsNumber',
  not_integer: 'seatsWhole',
  too_small: 'seatsTooFew',
  too_big: 'seatsTooMany',
};

/** An entry field's error in words: the entry's own wording where it has one, else the app's wording by code. */
export const entryFieldError = (lang: Lang, error: FieldError): LocalizedText => {
  const label = LABELS[error.path];
  const vars = { ...error.params };
  const own =
    error.path === 'licence.seats'
      ? SEATS[error.code]
      : error.path === 'platforms' && error.code === 'too_small'
        ? 'platformsNone'
        : label && (error.code === 'required' || error.code === 'invalid_type')
          ? 'required'
          : label && error.code === 'too_big' && error.params?.origin === 'string'
            ? 'tooLong'
            : undefined;
  if (own) return { text: entryWord(lang, own, { ...vars, label: label ? entryWord(lang, label) : '' }), lang };
  return translateFieldError(lang, error);
};

/** The field paths in the order the form shows them, for focusing the first one in error. */
export const ENTRY_PATHS = Object.keys(emptyEntry());

/* ---------- Proposed programs added with an IT approval (`addToCatalogue`) ---------- */

export interface Proposal {
  /** The program's index in the request's `software`. */
  software: number;
  item: SoftwareItem;
}

/** The programs a request proposes: those not picked from the catalogue. */
export const proposalsOf = (software: readonly SoftwareItem[]): Proposal[] => software.flatMap((item, index) => (item.catalogue ? [] : [{ software: index, item }]));

export type Additions = Record<number, { on: boolean; values: EntryValues }>;

export const initialAdditions = (proposals: readonly Proposal[]): Additions =>
  Object.fromEntries(proposals.map((p) => [p.software, { on: false, values: valuesOfProposal(p.item) }]));

/** The `addToCatalogue` of the approval, or the errors of the ticked programs (by program). */
export const collectAdditions = (additions: Additions): { body: AddToCatalogue; errors: FieldError[] } => {
  const body: AddToCatalogue = [];
  const errors: FieldError[] = [];
  for (const [software, a] of Object.entries(additions)) {
    if (!a.on) continue;
    const checked = checkEntry(a.values);
    if (checked.input) body.push({ software: Number(software), entry: checked.input });
    else errors.push(...checked.errors.map((e) => ({ ...e, path: `${software}.${e.path}` })));
  }
  return { body, errors };
};

/** The API's errors about `addToCatalogue`, by program: `addToCatalogue.0.entry.name` of the first program sent → `<its index>.name`. */
export const placeAdditionErrors = (errors: readonly FieldError[], sent: AddToCatalogue): FieldError[] =>
  sent.flatMap((a, i) => [
    ...errorsUnder(errors, `addToCatalogue.${i}.entry.`).map((e) => ({ ...e, path: `${a.software}.${e.path}` })),
    ...errors.filter((e) => e.path === `addToCatalogue.${i}.software`).map((e) => ({ ...e, path: `${a.software}` })),
  ]);
