import type { Lang } from '../i18n';

/**
 * The words of a catalogue entry's fields and of adding a proposed program to the catalogue, in
 * English and Bokmål: loaded with the catalogue page, or with the IT decision panel of a request
 * that proposes programs.
 */
const en = {
  name: 'Name',
  version: 'Version',
  vendor: 'Vendor',
  kind: 'Kind',
  installed: 'Installed program',
  webService: 'Web service',
  platforms: 'Platforms',
  url: 'Address',
  urlHint: 'Where students find it: the service itself, or the download page.',
  licence: 'Licence',
  seatsLabel: 'Licence seats',
  seatsHint: 'How many candidates may use it at once. Leave empty for no limit.',
  instructionsEn: 'Install-and-test instructions in English',
  instructionsNb: 'Install-and-test instructions in Bokmål',
  patterns: 'Addresses Safe Exam Browser must allow',
  patternsHint: 'One pattern a line, such as https://*.lovdata.no/*',
  choose: 'Choose',
  required: '{label} is required',
  tooLong: '{label} must be at most {maximum} characters',
  seatsTooFew: 'At least one seat',
  seatsTooMany: 'At most {maximum} seats',
  seatsWhole: 'Seats must be a whole number',
  seatsNumber: 'Seats must be a number, or empty for no limit',
  platformsNone: 'Choose at least one platform',
  addTitle: 'Add to the software catalogue',
  addIntro:
    'Programs the request proposes (not picked from the catalogue). Tick one to add it to the catalogue with this approval; check and complete what the catalogue says.',
  addOne: 'Add {name} to the catalogue',
  addNotFor: 'Not a proposed program of this request',
  fixErrors: 'Correct the marked fields.',
};
export type EntryWord = keyof typeof en;

const nb: Record<EntryWord, string> = {
  name: 'Navn',
  version: 'Versjon',
  vendor: 'Leverandør',
  kind: 'Type',
  installed: 'Installert program',
  webService: 'Nettjeneste',
  platforms: 'Plattformer',
  url: 'Adresse',
  urlHint: 'Der studentene finner det: selve tjenesten, eller nedlastingssiden.',
  licence: 'Lisens',
  seatsLabel: 'Lisensplasser',
  seatsHint: 'Hvor mange kandidater som kan bruke det samtidig. La stå tomt for ingen grense.',
  instructionsEn: 'Installasjons- og testveiledning på engelsk',
  instructionsNb: 'Installasjons- og testveiledning på bokmål',
  patterns: 'Adresser Safe Exam Browser skal slippe gjennom',
  patternsHint: 'Ett mønster per linje, for eksempel https://*.lovdata.no/*',
  choose: 'Velg',
  required: '{label} må fylles ut',
  tooLong: '{label} kan ha høyst {maximum} tegn',
  seatsTooFew: 'Minst én lisensplass',
  seatsTooMany: 'Høyst {maximum} lisensplasser',
  seatsWhole: 'Lisensplasser må være et helt tall',
  seatsNumber: 'Lisensplasser må være et tall, eller tomt for ingen grense',
  platformsNone: 'Velg minst én plattform',
  addTitle: 'Legg til i programvarekatalogen',
  addIntro:
    'Programmer forespørselen foreslår (ikke valgt fra katalogen). Kryss av for å legge et til i katalogen med denne godkjenningen; sjekk og fyll ut det katalogen skal si.',
  addOne: 'Legg {name} til i katalogen',
  addNotFor: 'Ikke et foreslått program i denne forespørselen',
  fixErrors: 'Rett opp feltene som er merket.',
};

export const entryWord = (lang: Lang, key: EntryWord, vars: Record<string, string | number> = {}) =>
  (lang === 'nb' ? nb : en)[key].replace(/\{(\w+)\}/g, (_m, k: string) => String(vars[k] ?? ''));
