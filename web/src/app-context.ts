import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { FieldError } from '../../shared/contracts/problem';
import type { Api } from './api';
import type { Session } from './auth';
import type { AppConfig } from './config';
import type { Lang, LocalizedText, MessageKey, Vars } from './i18n';

/** What every page needs: configuration, the signed-in user, the API and the language. */
export interface AppState {
  config: AppConfig;
  session: Session | null;
  setSession: (s: Session | null) => void;
  api: Api;
  lang: Lang;
  setLang: (l: Lang) => void;
  t: (key: MessageKey, vars?: Vars) => string;
  /** A value from the API (`status`, `APPROVED`) in words. */
  tv: (prefix: string, value: string) => string;
  /** A field error from the schemas, the rules or the API, worded by its code in the page's language when known. */
  fieldError: (error: FieldError) => LocalizedText;
  /** Date and time in the institution's time zone. */
  dt: (iso: string) => string;
}

export const AppContext = createContext<AppState | null>(null);

export const useApp = (): AppState => {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside <AppContext.Provider>');
  return app;
};
