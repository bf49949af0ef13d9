import type { ComponentChildren, Ref } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { useApp } from '../app-context';
import { describeError } from '../describe-error';
import type { LocalizedText } from '../i18n';
import { href } from '../router';

/** Text that may be in another language than the page (an untranslated API message). */
export const Msg = ({ m }: { m: LocalizedText }) => {
  const { lang } = useApp();
  return m.lang === lang ? <>{m.text}</> : <span lang={m.lang}>{m.text}</span>;
};

/** The first page after loading keeps the browser's own focus order (skip link first). */
let firstPage = true;

/**
 * The page's heading. When the route changes it takes the focus, so keyboard and screen-reader
 * users start at the new page's title; it also sets the document title.
 */
export const PageHeading = ({ children, title }: { children: ComponentChildren; title: string }) => {
  const { t } = useApp();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – ${t('appName')}`;
  }, [title, t]);
  useEffect(() => {
    if (firstPage) firstPage = false;
    else ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
};

/** Errors are announced at once (role=alert); other notices politely (role=status). */
export const Notice = ({ kind, children, focusRef }: { kind: 'error' | 'success' | 'info'; children: ComponentChildren; focusRef?: Ref<HTMLDivElement> }) => (
  <div class={`notice notice--${kind}`} role={kind === 'error' ? 'alert' : 'status'} tabIndex={focusRef ? -1 : undefined} ref={focusRef}>
    {children}
  </div>
);

export const Loading = () => {
  const { t } = useApp();
  return (
    <p class="loading" role="status">
      {t('loading')}
    </p>
  );
};

export { describeError };

/** Whether asking again can help: a lost connection, a busy or failing server; not a refusal (not found, no access, gone). */
export const mayPassOnRetry = (error: unknown) => !(error instanceof ApiError) || error.status >= 500 || error.status === 408 || error.status === 429;

/** An error in words, with "Try again" only where trying again can help, and the way home when the thing is not there. */
export const ErrorNotice = ({ error, onRetry }: { error: unknown; onRetry?: () => void }) => {
  const app = useApp();
  const missing = error instanceof ApiError && (error.status === 404 || error.status === 410);
  return (
    <Notice kind="error">
      <p>{describeError(app, error)}</p>
      {missing && (
        <p>
          <a href={href('/')}>{app.t('goHome')}</a>
        </p>
      )}
      {onRetry && mayPassOnRetry(error) && (
        <button type="button" class="button button--secondary" onClick={onRetry}>
          {app.t('retry')}
        </button>
      )}
    </Notice>
  );
};

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (d: T) => void;
}

/** Loads data for a page; `reload` fetches again. Results of a superseded load are dropped. */
export const useLoad = <T,>(load: () => Promise<T>, deps: unknown[]): Loaded<T> => {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({ data: null, error: null, loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    load().then(
      (data) => current && setState({ data, error: null, loading: false }),
      (error: unknown) => current && setState({ data: null, error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const setData = useCallback((data: T) => setState({ data, error: null, loading: false }), []);
  return { ...state, reload, setData };
};
