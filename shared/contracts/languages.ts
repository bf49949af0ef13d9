import * as z from 'zod/mini';

/**
 * The languages of the student letters, and their setting. Apart from the letters themselves
 * (student-letter.ts) so that reading the configuration does not load the mail templates.
 */

export const LETTER_LANGUAGES = ['nb', 'en'] as const;
export const LetterLanguageSchema = z.enum(LETTER_LANGUAGES);
/** `nb`: Norwegian Bokmål; `en`: English. */
export type LetterLanguage = z.infer<typeof LetterLanguageSchema>;
export const DEFAULT_LETTER_LANGUAGES: readonly LetterLanguage[] = ['nb', 'en'];

/**
 * `STUDENT_LETTER_LANGUAGES`: the languages of every student letter, in the order they appear
 * in it (comma-separated, e.g. `nb,en` or `en`). Unset or empty means `nb,en`.
 */
export const StudentLetterLanguagesSchema = z.pipe(
  z.pipe(
    z.pipe(
      z.optional(z.string()),
      z.transform((s) =>
        (s?.trim() ? s : DEFAULT_LETTER_LANGUAGES.join(','))
          .split(',')
          .map((l) => l.trim().toLowerCase())
          .filter(Boolean),
      ),
    ),
    z
      .array(z.enum(LETTER_LANGUAGES, { error: `each language must be one of ${LETTER_LANGUAGES.join(', ')}` }))
      .check(z.minLength(1, `name at least one of ${LETTER_LANGUAGES.join(', ')}`)),
  ),
  z.transform((list) => [...new Set(list)]),
);

export const StudentLetterConfigSchema = z.object({ STUDENT_LETTER_LANGUAGES: StudentLetterLanguagesSchema });
