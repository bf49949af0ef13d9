import * as z from 'zod/mini';

// Each schema below is built inside `/* @__PURE__ */ (() => …)()`: a function's bundle leaves out, and never builds, the
// schemas it does not use (building them was most of a cold start's import time above the SDK's; docs/performance.md).

/**
 * The languages of the student letters, and their setting. Apart from the letters themselves
 * (student-letter.ts) so that reading the configuration does not load the mail templates.
 */

export const LETTER_LANGUAGES = ['nb', 'en'] as const;
export const LetterLanguageSchema = /* @__PURE__ */ (() => z.enum(LETTER_LANGUAGES))();
/** `nb`: Norwegian Bokmål; `en`: English. */
export type LetterLanguage = z.infer<typeof LetterLanguageSchema>;
export const DEFAULT_LETTER_LANGUAGES: readonly LetterLanguage[] = ['nb', 'en'];

/**
 * The language a person asked for in an Accept-Language header (`nb`, `nb-NO;q=0.9, en;q=0.8`):
 * the one of ours with the highest weight; Norwegian (no, nn) reads Bokmål. Undefined when
 * the header names none of ours.
 */
export const preferredLanguage = (acceptLanguage: string | undefined): LetterLanguage | undefined => {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(/^\s*q=([\d.]+)\s*$/.exec(params.find((p) => p.trim().startsWith('q=')) ?? '')?.[1] ?? 1);
      const primary = tag.split('-')[0];
      const lang: LetterLanguage | undefined = primary === 'nb' || primary === 'no' || primary === 'nn' ? 'nb' : primary === 'en' ? 'en' : undefined;
      return { lang, q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((c): c is { lang: LetterLanguage; q: number; i: number } => c.lang !== undefined && c.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.lang;
};

/**
 * `STUDENT_LETTER_LANGUAGES`: the languages of every student letter, in the order they appear
 * in it (comma-separated, e.g. `nb,en` or `en`). Unset or empty means `nb,en`.
 */
export const StudentLetterLanguagesSchema = /* @__PURE__ */ (() =>
  z.pipe(
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
  ))();

export const StudentLetterConfigSchema = /* @__PURE__ */ (() => z.object({ STUDENT_LETTER_LANGUAGES: StudentLetterLanguagesSchema }))();

/**
 * `APPROVER_MAIL_LANGUAGES`: the languages of the e-mails to the approver groups' mailboxes, in
 * order (e.g. `nb,en`); unset means `en,nb`. A submitter's e-mails come in the submitter's own language.
 */
export const ApproverMailConfigSchema = /* @__PURE__ */ (() =>
  z.object({
    APPROVER_MAIL_LANGUAGES: z.pipe(
      z.optional(z.string()),
      z.transform((s) => (s?.trim() ? s : 'en,nb')),
    ),
  }))();
export const approverMailLanguages = (env: Record<string, string | undefined>): LetterLanguage[] =>
  StudentLetterLanguagesSchema.parse(ApproverMailConfigSchema.parse(env).APPROVER_MAIL_LANGUAGES);
