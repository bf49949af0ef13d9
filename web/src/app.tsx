import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { createApi } from './api';
import { AppContext, type AppState, useApp } from './app-context';
import { type Session, isApprover, saveSession, signOut } from './auth';
import { ErrorNotice, Loading, PageHeading } from './components/common';
import type { AppConfig } from './config';
import { type Lang, formatDateTime, translate, translateFieldError, translateValue } from './i18n';
import { ConfirmPage } from './pages/confirm';
import { RegistrationDetailPage } from './pages/registration-detail';
import { EditRegistrationPage, NewRegistrationPage } from './pages/registration-form';
import { MyRegistrationsPage } from './pages/registration-list';
import { SignInPage, rememberReturnTo } from './pages/sign-in';
import { type Route, href, isPublic, navigate, setFlash, useRoute } from './router';

const LANG_KEY = 'exam-forms.lang';

export const initialLang = (): Lang => {
  const saved = localStorage.getItem(LANG_KEY);
  if (saved === 'en' || saved === 'nb') return saved;
  return /^(nb|no|nn)\b/i.test(navigator.language) ? 'nb' : 'en';
};

const NotFoundPage = () => {
  const { t } = useApp();
  return (
    <>
      <PageHeading title={t('notFoundTitle')}>{t('notFoundTitle')}</PageHeading>
      <p>{t('notFoundText')}</p>
      <a href={href('/')}>{t('goHome')}</a>
    </>
  );
};

/**
 * A page whose code, words and styles are a chunk of their own, loaded when first shown; a
 * failed load offers to try again.
 */
const lazyPages = <M,>(load: () => Promise<M>) => {
  let module: Promise<M> | null = null;
  return function LazyPages({ render }: { render: (module: M) => preact.JSX.Element }) {
    const [loaded, setLoaded] = useState<{ module: M | null; error: unknown }>({ module: null, error: null });
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
      module ??= load();
      module.then(
        (m) => setLoaded({ module: m, error: null }),
        (error: unknown) => {
          module = null;
          setLoaded({ module: null, error });
        },
      );
    }, [attempt]);
    if (loaded.error) return <ErrorNotice error={loaded.error} onRetry={() => setAttempt((a) => a + 1)} />;
    if (!loaded.module) return <Loading />;
    return render(loaded.module);
  };
};

/** The calendar pages, the approvers' queue and the software catalogue load on demand. */
const CalendarPages = lazyPages(() => import('./pages/calendar'));
const QueuePages = lazyPages(() => import('./pages/queue'));
const CataloguePages = lazyPages(() => import('./pages/catalogue'));

const Page = ({ route }: { route: Route }) => {
  switch (route.name) {
    case 'sign-in':
      return <SignInPage />;
    case 'mine':
      return <MyRegistrationsPage />;
    case 'queue':
      return <QueuePages render={({ QueuePage }) => <QueuePage />} />;
    case 'decided':
      return <QueuePages render={({ DecidedPage }) => <DecidedPage />} />;
    case 'new':
      return <NewRegistrationPage kind={route.kind} from={route.from} />;
    case 'detail':
      return <RegistrationDetailPage id={route.id} />;
    case 'edit':
      return <EditRegistrationPage id={route.id} />;
    case 'confirm':
      return <ConfirmPage linkId={route.linkId} />;
    case 'calendar':
    case 'staffing':
      return (
        <CalendarPages
          render={({ CalendarPage, StaffingPage }) =>
            route.name === 'calendar' ? <CalendarPage view={route.view} date={route.date} /> : <StaffingPage group={route.group} />
          }
        />
      );
    case 'catalogue':
      return <CataloguePages render={({ CataloguePage }) => <CataloguePage />} />;
    case 'catalogue-entry':
      return <CataloguePages render={({ CatalogueEntryPage }) => <CatalogueEntryPage id={route.id} />} />;
    default:
      return <NotFoundPage />;
  }
};

const Header = () => {
  const app = useApp();
  const { t, session, config } = app;
  const staff = session?.roles.includes('staff');
  const approver = session && isApprover(session);
  const other: Lang = app.lang === 'en' ? 'nb' : 'en';
  return (
    <header class="site-header">
      <div class="site-header__bar">
        <a class="site-header__name" href={href('/')}>
          {t('appName')}
        </a>
        <div class="site-header__tools">
          <button type="button" class="link-button" lang={other} onClick={() => app.setLang(other)}>
            {t('languageSwitch')}
          </button>
          {session && (
            <button
              type="button"
              class="link-button"
              onClick={() => {
                app.setSession(null);
                void signOut(config, session).then(() => navigate('/sign-in'));
              }}
            >
              {t('signOut')}
            </button>
          )}
        </div>
      </div>
      {session && (
        <nav aria-label={t('mainNav')} class="site-nav">
          <ul>
            {staff && (
              <>
                <li>
                  <a href={href('/mine')}>{t('navMine')}</a>
                </li>
                <li>
                  <a href={href('/new/midterm')}>{t('navNewMidterm')}</a>
                </li>
                <li>
                  <a href={href('/new/software')}>{t('navNewSoftware')}</a>
                </li>
              </>
            )}
            {approver && (
              <li>
                <a href={href('/queue')}>{t('navQueue')}</a>
              </li>
            )}
            {(staff || approver) && (
              <li>
                <a href={href('/calendar')}>{t('navCalendar')}</a>
              </li>
            )}
            {(staff || approver) && (
              <li>
                <a href={href('/catalogue')}>{t('navCatalogue')}</a>
              </li>
            )}
          </ul>
          <p class="site-nav__who">{t('signedInAs', { name: session.name, roles: session.roles.map((r) => app.tv('roleShort', r)).join(', ') })}</p>
        </nav>
      )}
    </header>
  );
};

const Footer = () => {
  const { t, config } = useApp();
  return (
    <footer class="site-footer">
      <p>{t('helpGeneral', { phone: config.rules.HELP_PHONE_GENERAL })}</p>
      <p>{t('helpDuringExam', { phone: config.rules.HELP_PHONE_DURING_EXAM })}</p>
    </footer>
  );
};

/** Where `#/` leads: approvers (only) to their queue, everyone else to their registrations. */
const homeOf = (s: Session) => (isApprover(s) && !s.roles.includes('staff') ? '/queue' : '/mine');

export const App = ({ config, initialSession }: { config: AppConfig; initialSession: Session | null }) => {
  const route = useRoute();
  const [session, setSessionState] = useState(initialSession);
  const [lang, setLangState] = useState<Lang>(initialLang);

  const setSession = useCallback((s: Session | null) => {
    saveSession(s);
    setSessionState(s);
  }, []);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(LANG_KEY, l);
    setLangState(l);
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const state = useMemo<AppState>(() => {
    const api = createApi(
      config.apiUrl,
      () => session?.token ?? null,
      () => {
        // The token was refused (expired or revoked): sign in again, then come back here.
        rememberReturnTo(location.hash);
        setFlash(translate(lang, 'sessionExpired'));
        setSession(null);
        navigate('/sign-in');
      },
      lang,
    );
    return {
      config,
      session,
      setSession,
      api,
      lang,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      tv: (prefix, value) => translateValue(lang, prefix, value),
      fieldError: (error) => translateFieldError(lang, error),
      dt: (iso) => formatDateTime(lang, iso, config.rules.EXAM_TIME_ZONE),
    };
  }, [config, session, lang, setSession, setLang]);

  // Pages other than sign-in and e-mail confirmations need a signed-in user.
  const needsSignIn = !session && !isPublic(route);
  useEffect(() => {
    if (needsSignIn) {
      rememberReturnTo(location.hash);
      navigate('/sign-in', { replace: true });
    } else if (session && route.name === 'home') {
      navigate(homeOf(session), { replace: true });
    }
  }, [needsSignIn, session, route.name]);

  const skipToMain = (e: Event) => {
    e.preventDefault();
    document.getElementById('main')?.focus();
  };

  return (
    <AppContext.Provider value={state}>
      <a class="skip-link" href="#main" onClick={skipToMain}>
        {state.t('skipToContent')}
      </a>
      <Header />
      <main id="main" tabIndex={-1}>
        {needsSignIn || route.name === 'home' ? null : <Page route={route} />}
      </main>
      <Footer />
    </AppContext.Provider>
  );
};
