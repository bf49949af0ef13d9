import { render } from 'preact';
import { App, initialLang } from './app';
import { type Session, completeOidcSignIn, loadSession, saveSession } from './auth';
import { loadConfig } from './config';
import { translate } from './i18n';
import { navigate, setFlash } from './router';

/** Start-up: read /config.json, finish an OIDC sign-in if the issuer just sent us back, render. */
const start = async () => {
  const root = document.getElementById('app') as HTMLElement;
  try {
    const config = await loadConfig();
    let session: Session | null = loadSession();
    try {
      const completed = await completeOidcSignIn(config);
      if (completed) {
        session = completed.session;
        saveSession(session);
      }
    } catch (error) {
      setFlash(translate(initialLang(), 'signInFailed', { detail: error instanceof Error ? error.message : String(error) }));
      navigate('/sign-in', { replace: true });
    }
    root.replaceChildren();
    render(<App config={config} initialSession={session} />, root);
  } catch (error) {
    root.textContent = `The application could not start: ${error instanceof Error ? error.message : String(error)}`;
    root.setAttribute('role', 'alert');
  }
};

void start();
