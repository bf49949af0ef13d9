/**
 * Dates as a person reads them, in the user's language: an exam period configured as
 * `05-06`/`06-14` reads "6 May – 14 June" or "6. mai – 14. juni". Each end is formatted on
 * its own and joined with a spaced dash, so every browser and Node write the same text.
 */
import { dateTimeFormat } from './date-format';

export type WordsLanguage = 'en' | 'nb';

export const LOCALE_OF: Record<WordsLanguage, string> = { en: 'en-GB', nb: 'nb-NO' };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;

/** A configured date (`MM-DD` recurring every year, or `YYYY-MM-DD`) in words; recurring ones without a year. */
export const dayWords = (lang: WordsLanguage, date: string): string => {
  const full = ISO_DATE.exec(date);
  const recurring = MONTH_DAY.exec(date);
  if (!full && !recurring) return date;
  // A leap year, so 02-29 is a day too.
  const iso = full ? date : `2024-${date}`;
  return dateTimeFormat(LOCALE_OF[lang], { day: 'numeric', month: 'long', ...(full ? { year: 'numeric' } : {}), timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  );
};

/** A period from one configured date to another, both included: "6 May – 14 June". */
export const periodWords = (lang: WordsLanguage, from: string, to: string): string => `${dayWords(lang, from)} – ${dayWords(lang, to)}`;
