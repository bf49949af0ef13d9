import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * Hash routing (`#/registrations/…`): the static hosting serves one index.html and needs no
 * rewrite rules, and e-mail links (`#/confirm/<linkId>`) open the right page directly.
 */
export type Route =
  | { name: 'home' }
  | { name: 'sign-in' }
  | { name: 'mine' }
  | { name: 'queue' }
  | { name: 'decided' }
  | { name: 'new'; kind: 'midterm' | 'software'; from?: string }
  | { name: 'detail'; id: string }
  | { name: 'edit'; id: string }
  | { name: 'confirm'; linkId: string }
  | { name: 'calendar'; view: 'week' | 'month'; date: string | null }
  | { name: 'staffing'; group: 'IT' | 'ED' | null }
  | { name: 'catalogue' }
  | { name: 'catalogue-entry'; id: string }
  | { name: 'not-found' };

const PATTERNS: [RegExp, (m: string[]) => Route][] = [
  [/^\/?$/, () => ({ name: 'home' })],
  [/^\/sign-in$/, () => ({ name: 'sign-in' })],
  [/^\/mine$/, () => ({ name: 'mine' })],
  [/^\/queue$/, () => ({ name: 'queue' })],
  [/^\/decided$/, () => ({ name: 'decided' })],
  [/^\/new\/(midterm|software)$/, (m) => ({ name: 'new', kind: m[1] as 'midterm' | 'software' })],
  [/^\/new\/software\/for\/([^/]+)$/, (m) => ({ name: 'new', kind: 'software', from: decodeURIComponent(m[1] as string) })],
  [/^\/registrations\/([^/]+)$/, (m) => ({ name: 'detail', id: decodeURIComponent(m[1] as string) })],
  [/^\/registrations\/([^/]+)\/edit$/, (m) => ({ name: 'edit', id: decodeURIComponent(m[1] as string) })],
  [/^\/confirm\/([^/]+)$/, (m) => ({ name: 'confirm', linkId: decodeURIComponent(m[1] as string) })],
  [/^\/calendar$/, () => ({ name: 'calendar', view: 'week', date: null })],
  [/^\/calendar\/(week|month)\/(\d{4}-\d{2}-\d{2})$/, (m) => ({ name: 'calendar', view: m[1] as 'week' | 'month', date: m[2] as string })],
  [/^\/catalogue$/, () => ({ name: 'catalogue' })],
  [/^\/catalogue\/([^/]+)$/, (m) => ({ name: 'catalogue-entry', id: decodeURIComponent(m[1] as string) })],
  [/^\/staffing(?:\/(IT|ED))?$/, (m) => ({ name: 'staffing', group: (m[1] as 'IT' | 'ED' | undefined) ?? null })],
];

export const parseRoute = (hash: string): Route => {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  for (const [pattern, make] of PATTERNS) {
    const m = pattern.exec(path);
    if (m) return make([...m]);
  }
  return { name: 'not-found' };
};

/** Routes anyone may open: the sign-in page and the confirmation page e-mail links lead to. */
export const isPublic = (route: Route) => route.name === 'sign-in' || route.name === 'confirm';

export const href = (path: string) => `#${path}`;

export const navigate = (path: string, options: { replace?: boolean } = {}) => {
  if (options.replace) location.replace(href(path));
  else location.hash = path;
};

/**
 * A page with unsaved changes asks before it is left: `leaveGuard` answers whether leaving is
 * fine (a form asks the user). Closing or reloading the tab gets the browser's own question.
 */
let leaveGuard: (() => boolean) | null = null;
let shownHash = typeof location === 'undefined' ? '' : location.hash;

const onBeforeUnload = (e: BeforeUnloadEvent) => {
  e.preventDefault();
  // Older browsers ask only when returnValue is set.
  e.returnValue = '';
};

/** While `unsaved()` is true, leaving the page (a link, back, a reload, closing the tab) is confirmed with `message` first. */
export const useLeaveGuard = (unsaved: () => boolean, message: string) => {
  const check = useRef(unsaved);
  check.current = unsaved;
  const dirty = unsaved();
  useEffect(() => {
    if (!dirty) return;
    leaveGuard = () => !check.current() || window.confirm(message);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      leaveGuard = null;
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [dirty, message]);
};

export const useRoute = (): Route => {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = () => {
      if (location.hash !== shownHash && leaveGuard && !leaveGuard()) {
        // Stay: put the address back without a new history entry or another hashchange.
        history.replaceState(history.state, '', `${location.pathname}${location.search}${shownHash || '#/'}`);
        return;
      }
      shownHash = location.hash;
      setHash(location.hash);
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return parseRoute(hash);
};

/* A one-shot message for the next page (e.g. "submitted" shown on the detail page). */
let pendingFlash: string | null = null;
export const setFlash = (message: string) => {
  pendingFlash = message;
};
export const takeFlash = (): string | null => {
  const m = pendingFlash;
  pendingFlash = null;
  return m;
};
