import { CATALOGUE_ENTRY_ID, type CatalogueRevision } from '../contracts/catalogue';
import type { CatalogueChoice, RegistrationInput } from '../contracts/registration';
import { ValidationError } from '../errors';
import type { CatalogueStore } from '../ports';

/**
 * The catalogue entries a software request names, read for the registration's use cases (submit,
 * resubmit, approve) and its views (seats, allow-list, the student letter). A request names an
 * entry by id and revision; the registration keeps that revision, which stays readable.
 */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const choiceOf = (item: unknown): CatalogueChoice | null => {
  const c = isObject(item) ? item.catalogue : undefined;
  return isObject(c) && typeof c.entryId === 'string' && CATALOGUE_ENTRY_ID.test(c.entryId) && Number.isInteger(c.revision) && (c.revision as number) >= 1
    ? { entryId: c.entryId, revision: c.revision as number }
    : null;
};
const keyOf = (c: CatalogueChoice) => `${c.entryId}#${c.revision}`;

/** The revisions the choices name, each read once; a missing one is absent from the map. */
export const revisionsNamed = async (catalogue: CatalogueStore, choices: readonly CatalogueChoice[]): Promise<Map<string, CatalogueRevision>> => {
  const distinct = [...new Map(choices.map((c) => [keyOf(c), c])).values()];
  const found = await Promise.all(distinct.map(async (c) => [keyOf(c), await catalogue.revision(c.entryId, c.revision)] as const));
  return new Map(found.filter((f): f is readonly [string, CatalogueRevision] => f[1] !== null));
};

/** The revision a stored software item names, if any. */
export const revisionOfItem = (revisions: Map<string, CatalogueRevision>, item: { catalogue?: CatalogueChoice }) =>
  item.catalogue ? (revisions.get(keyOf(item.catalogue)) ?? null) : null;

/** The choices of a stored form (none on a mid-term registration). */
export const choicesOf = (form: RegistrationInput): CatalogueChoice[] =>
  form.kind === 'software' ? form.software.flatMap((s) => (s.catalogue ? [s.catalogue] : [])) : [];

/**
 * A submitted body with each catalogue choice filled in from the revision it names (name,
 * version, licence, web service, address, platforms), so what is stored and decided on is what
 * the catalogue says. A choice of an entry or revision that does not exist, or of a retired entry
 * (unless `kept` already named it: a resubmission may keep what was chosen before), is refused by
 * its field. Anything malformed is left for the schema to refuse.
 */
export const withCatalogueChoices = async (catalogue: CatalogueStore, body: unknown, kept: readonly CatalogueChoice[] = []): Promise<unknown> => {
  if (!isObject(body) || body.kind !== 'software' || !Array.isArray(body.software)) return body;
  const items: unknown[] = body.software;
  const choices = items.map(choiceOf);
  if (choices.every((c) => c === null)) return body;
  const named = choices.filter((c): c is CatalogueChoice => c !== null);
  const [revisions, newest] = await Promise.all([
    revisionsNamed(catalogue, named),
    Promise.all([...new Set(named.map((c) => c.entryId))].map(async (id) => [id, await catalogue.get(id)] as const)).then((e) => new Map(e)),
  ]);
  const keptKeys = new Set(kept.map(keyOf));
  const errors: ConstructorParameters<typeof ValidationError>[0] = [];
  const software = items.map((item, i) => {
    const choice = choices[i];
    if (!choice || !isObject(item)) return item;
    const revision = revisions.get(keyOf(choice));
    const path = `software.${i}.catalogue`;
    if (!revision) {
      errors.push({ path, code: 'UNKNOWN_CATALOGUE_ENTRY', message: `There is no revision ${choice.revision} of catalogue entry ${choice.entryId}` });
      return item;
    }
    if (newest.get(choice.entryId)?.retired && !keptKeys.has(keyOf(choice))) {
      errors.push({ path, code: 'CATALOGUE_ENTRY_RETIRED', message: `${revision.name} has been retired from the catalogue; pick another or propose it` });
      return item;
    }
    return {
      ...item,
      name: revision.name,
      version: revision.version,
      licence: revision.licence.kind,
      webService: revision.kind === 'web-service',
      url: revision.url,
      platforms: revision.platforms,
    };
  });
  if (errors.length > 0) throw new ValidationError(errors);
  return { ...body, software };
};

/** Programs with the install-and-test instructions of the catalogue revision each names (for the student letter). */
export const withInstructions = async <S extends { catalogue?: CatalogueChoice }>(
  catalogue: CatalogueStore,
  software: readonly S[],
): Promise<(S & { instructions: CatalogueRevision['instructions'] | null })[]> => {
  const revisions = await revisionsNamed(
    catalogue,
    software.flatMap((s) => (s.catalogue ? [s.catalogue] : [])),
  );
  return software.map((s) => ({ ...s, instructions: revisionOfItem(revisions, s)?.instructions ?? null }));
};
