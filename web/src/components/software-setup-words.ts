import type { Lang } from '../i18n';

/** Words of the software set-up panel on a registration, in English and Bokmål. */
const en = {
  title: 'Software set-up',
  fromCatalogue: 'from the catalogue, revision {n}',
  proposal: 'proposal',
  seatsTitle: 'Licence seats',
  seatsOk: '{name}: {peak} of {seats} seats in use at the busiest time with this exam.',
  allowTitle: 'Safe Exam Browser allow-list',
  allowNone: 'Nothing to allow: Safe Exam Browser blocks every other site.',
  downloadText: 'Download as text',
  downloadSeb: 'Download as SEB configuration',
  rehearsalTitle: 'Rehearsal',
  rehearsalDue: 'Due by {date}.',
  rehearsal_missing: 'Not rehearsed yet.',
  rehearsal_tested: 'Tested.',
  rehearsal_failed: 'Failed.',
  flag_failed: 'The rehearsal failed: fix the set-up and rehearse it again before the exam.',
  flag_missing: 'The set-up has not been rehearsed, and the date is close.',
  result: 'Result',
  tested: 'Tested',
  failed: 'Failed',
  comment: 'Rehearsal comment',
  record: 'Record the rehearsal',
  recorded: 'The rehearsal was recorded.',
  badge_missing: 'Rehearsal not done (by {date})',
  badge_due: 'Rehearsal due soon (by {date})',
  badge_failed: 'Rehearsal failed',
  badge_tested: 'Rehearsal tested',
};
export type SetupWord = keyof typeof en;

const nb: Record<SetupWord, string> = {
  title: 'Programvareoppsett',
  fromCatalogue: 'fra katalogen, versjon {n}',
  proposal: 'forslag',
  seatsTitle: 'Lisensplasser',
  seatsOk: '{name}: {peak} av {seats} plasser i bruk på det travleste med denne eksamenen.',
  allowTitle: 'Tillatte adresser i Safe Exam Browser',
  allowNone: 'Ingenting å slippe gjennom: Safe Exam Browser stenger alle andre nettsteder.',
  downloadText: 'Last ned som tekst',
  downloadSeb: 'Last ned som SEB-oppsett',
  rehearsalTitle: 'Generalprøve',
  rehearsalDue: 'Skal være gjort innen {date}.',
  rehearsal_missing: 'Ikke prøvd ennå.',
  rehearsal_tested: 'Testet.',
  rehearsal_failed: 'Feilet.',
  flag_failed: 'Generalprøven feilet: rett opp oppsettet og prøv igjen før eksamen.',
  flag_missing: 'Oppsettet er ikke prøvd, og datoen nærmer seg.',
  result: 'Resultat',
  tested: 'Testet',
  failed: 'Feilet',
  comment: 'Kommentar til generalprøven',
  record: 'Registrer generalprøven',
  recorded: 'Generalprøven er registrert.',
  badge_missing: 'Generalprøve ikke gjort (innen {date})',
  badge_due: 'Generalprøve snart (innen {date})',
  badge_failed: 'Generalprøven feilet',
  badge_tested: 'Generalprøve testet',
};

export const setupWord = (lang: Lang, key: SetupWord, vars: Record<string, string | number> = {}) =>
  (lang === 'nb' ? nb : en)[key].replace(/\{(\w+)\}/g, (_m, k: string) => String(vars[k] ?? ''));
