import type { FieldError } from '../../shared/contracts/problem';
import { ApiError, NetworkError } from './api';
import { type Lang, type LocalizedText, type MessageKey, type Vars, translateProblem } from './i18n';

/** What describing an error needs of the app (its language and translators); no Preact here, so it is testable without a DOM. */
export interface Describer {
  lang: Lang;
  t: (key: MessageKey, vars?: Vars) => string;
  fieldError: (error: FieldError) => LocalizedText;
}

/**
 * An error from the API or the network in words for the user: a problem by its code, with
 * the fields it names (when the page has no place for them) by theirs.
 */
export const describeError = (app: Describer, error: unknown): string => {
  if (error instanceof NetworkError) return app.t('networkError');
  if (error instanceof ApiError) {
    const title = translateProblem(app.lang, error.problem).text;
    const fields = (error.problem.errors ?? []).map((e) => app.fieldError(e).text).join('; ');
    return fields ? app.t('requestFailed', { title, detail: fields }) : title;
  }
  return error instanceof Error ? error.message : String(error);
};
