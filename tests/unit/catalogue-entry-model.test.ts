import { describe, expect, it } from 'vitest';
import { AddToCatalogueSchema, CatalogueEditInputSchema, CatalogueEntryInputSchema } from '../../shared/contracts/catalogue';
import { checkInput } from '../../shared/contracts/parse';
import type { SoftwareItem } from '../../shared/contracts/registration';
import {
  checkEntry,
  collectAdditions,
  entryBody,
  entryFieldError,
  errorsUnder,
  initialAdditions,
  placeAdditionErrors,
  proposalsOf,
  valuesOfEntry,
  valuesOfProposal,
} from '../../web/src/components/catalogue-entry-model';
import { catalogueEntryBody, webServiceEntryBody } from '../support/fixtures';

/**
 * The catalogue entry form's logic without a browser: the values make the API's body, the API's
 * schema judges them with the paths and codes the API answers with, and proposed programs become
 * `addToCatalogue` by their index in the request.
 */
const matlab = CatalogueEntryInputSchema.parse(catalogueEntryBody());
const lovdata = CatalogueEntryInputSchema.parse(webServiceEntryBody());
const geogebra: SoftwareItem = { name: 'GeoGebra', version: '6', licence: 'free', webService: false, url: null, platforms: ['windows', 'macos'] };

describe('the catalogue entry form', () => {
  it('gives back the entry it was filled from, for a program and a web service', () => {
    for (const entry of [matlab, lovdata]) expect(checkEntry(valuesOfEntry(entry))).toEqual({ input: entry, errors: [] });
  });

  it('finds what the API finds, at the same paths and with the same codes', () => {
    const values = { ...valuesOfEntry(lovdata), 'licence.seats': '0', name: ' ', sebUrlPatterns: 'https://lovdata.no/*\nnot a pattern' };
    const browser = checkEntry(values);
    const api = checkInput(CatalogueEditInputSchema, { basedOnRevision: 1, entry: entryBody(values) });
    expect(browser.input).toBeNull();
    expect(api.success).toBe(false);
    expect(browser.errors).toEqual(errorsUnder(api.success ? [] : api.errors, 'entry.'));
    expect(browser.errors.map((e) => [e.path, e.code])).toEqual([
      ['name', 'required'],
      ['licence.seats', 'too_small'],
      ['sebUrlPatterns.1', 'INVALID_URL_PATTERN'],
    ]);
  });

  it('words each error the same in the browser and from the API, in English and Bokmål', () => {
    const seats = { path: 'licence.seats', code: 'too_small', message: 'At least one seat', params: { minimum: 1, origin: 'number' } } as const;
    expect(entryFieldError('en', seats)).toEqual({ text: 'At least one seat', lang: 'en' });
    expect(entryFieldError('nb', seats)).toEqual({ text: 'Minst én lisensplass', lang: 'nb' });
    expect(entryFieldError('en', { path: 'licence.seats', code: 'invalid_type', message: 'Seats must be a number' }).text).toBe(
      'Seats must be a number, or empty for no limit',
    );
    expect(entryFieldError('nb', { path: 'instructions.en', code: 'required', message: 'x' }).text).toBe('Installasjons- og testveiledning på engelsk må fylles ut');
    expect(entryFieldError('en', { path: 'name', code: 'too_big', message: 'x', params: { maximum: 120, origin: 'string' } }).text).toBe(
      'Name must be at most 120 characters',
    );
    // What the entry has no words of its own for is worded as anywhere in the app.
    expect(entryFieldError('nb', { path: 'sebUrlPatterns.1', code: 'INVALID_URL_PATTERN', message: 'x' }).text).toBe(
      'Må være et adressemønster som https://*.lovdata.no/*',
    );
  });
});

describe('adding proposed programs with an IT approval', () => {
  const software: SoftwareItem[] = [
    { ...geogebra, catalogue: { entryId: 'e1', revision: 1 } },
    geogebra,
    { ...geogebra, name: 'Overleaf', webService: true, url: 'https://overleaf.com' },
  ];

  it('offers the programs not picked from the catalogue, filled in from the request', () => {
    const proposals = proposalsOf(software);
    expect(proposals.map((p) => p.software)).toEqual([1, 2]);
    expect(valuesOfProposal(software[2] as SoftwareItem)).toMatchObject({
      name: 'Overleaf',
      kind: 'web-service',
      url: 'https://overleaf.com',
      'licence.kind': 'free',
    });
  });

  it('sends only the ticked programs, by their index in the request, once they are complete', () => {
    const additions = initialAdditions(proposalsOf(software));
    expect(collectAdditions(additions)).toEqual({ body: [], errors: [] });

    const ticked = { ...additions, 2: { on: true, values: (additions[2] as { values: Record<string, string> }).values } };
    const incomplete = collectAdditions(ticked);
    expect(incomplete.body).toEqual([]);
    expect(incomplete.errors.map((e) => [e.path, e.code])).toEqual([
      ['2.instructions.en', 'required'],
      ['2.instructions.nb', 'required'],
      ['2.sebUrlPatterns', 'SEB_PATTERNS_REQUIRED'],
    ]);

    const values = { ...ticked[2].values, 'instructions.en': 'Sign in.', 'instructions.nb': 'Logg inn.', sebUrlPatterns: 'https://*.overleaf.com/*' };
    const { body, errors } = collectAdditions({ ...ticked, 2: { on: true, values } });
    expect(errors).toEqual([]);
    expect(body).toEqual([{ software: 2, entry: expect.objectContaining({ name: 'Overleaf', kind: 'web-service', sebUrlPatterns: ['https://*.overleaf.com/*'] }) }]);
    expect(AddToCatalogueSchema.safeParse(body).success).toBe(true);
  });

  it('puts the API’s errors at the program they are about', () => {
    const entry = matlab;
    const sent = [
      { software: 1, entry },
      { software: 2, entry },
    ];
    const errors = [
      { path: 'addToCatalogue.1.entry.licence.seats', code: 'too_small', message: 'At least one seat' },
      { path: 'addToCatalogue.0.software', code: 'invalid_value', message: 'Not a proposed program of this request (or named twice)' },
      { path: 'comment', code: 'too_big', message: 'x' },
    ] as const;
    expect(placeAdditionErrors([...errors], sent).map((e) => [e.path, e.code])).toEqual([
      ['1', 'invalid_value'],
      ['2.licence.seats', 'too_small'],
    ]);
  });
});
