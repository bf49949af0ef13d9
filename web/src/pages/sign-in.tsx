import { useState } from 'preact/hooks';
import type { Role } from '../../../shared/rules/principal';
import { useApp } from '../app-context';
import { type DevIdentity, signInLocal, startOidcSignIn } from '../auth';
import { Notice, PageHeading } from '../components/common';
import { type Binding, ChoiceGroup, type FieldValue, TextField } from '../components/fields';
import { navigate, takeFlash } from '../router';

const RETURN_KEY = 'exam-forms.return-to';

/** Remembers the page to show after signing in. */
export const rememberReturnTo = (hash: string) => sessionStorage.setItem(RETURN_KEY, hash);
const takeReturnTo = () => {
  const r = sessionStorage.getItem(RETURN_KEY);
  sessionStorage.removeItem(RETURN_KEY);
  return r && !r.startsWith('#/sign-in') ? r : '#/';
};

const PRESETS: Record<string, DevIdentity> = {
  staff: { sub: 'kari', email: 'kari.nordmann@example.edu', name: 'Kari Nordmann', groups: ['staff'] },
  IT: { sub: 'ivar-it', email: 'ivar@example.edu', name: 'Ivar IT', groups: ['IT'] },
  ED: { sub: 'eva-ed', email: 'eva@example.edu', name: 'Eva ED', groups: ['ED'] },
};

/** Local mode: pick a development identity. A deployment: go to the OIDC issuer. */
export const SignInPage = () => {
  const app = useApp();
  const { t, config } = app;
  const [notice] = useState(takeFlash);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form, setForm] = useState<Record<string, FieldValue>>({ preset: 'staff', sub: '', email: '', name: '', groups: ['staff'] });

  const bind: Binding = {
    value: (p) => form[p],
    set: (p, v) => setForm((f) => ({ ...f, [p]: v })),
    errors: () => [],
  };

  const signIn = async (e: Event) => {
    e.preventDefault();
    setFailure(null);
    setBusy(true);
    try {
      if (config.mode === 'deployed') {
        await startOidcSignIn(config, takeReturnTo());
        return;
      }
      const preset = PRESETS[String(form.preset)];
      const identity: DevIdentity = preset ?? {
        sub: String(form.sub),
        email: String(form.email),
        ...(form.name ? { name: String(form.name) } : {}),
        groups: form.groups as Role[],
      };
      app.setSession(await signInLocal(config, identity));
      navigate(takeReturnTo().replace(/^#/, ''), { replace: true });
    } catch (error) {
      setFailure(t('signInFailed', { detail: error instanceof Error ? error.message : String(error) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="narrow">
      <PageHeading title={t('signInTitle')}>{t('signInTitle')}</PageHeading>
      {notice && <Notice kind="info">{notice}</Notice>}
      {failure && <Notice kind="error">{failure}</Notice>}
      <form onSubmit={(e) => void signIn(e)} noValidate>
        {config.mode === 'local' ? (
          <>
            <p>{t('signInLocalIntro')}</p>
            <ChoiceGroup
              bind={bind}
              path="preset"
              label={t('identity')}
              options={[
                { value: 'staff', label: t('presetStaff') },
                { value: 'IT', label: t('presetIT') },
                { value: 'ED', label: t('presetED') },
                { value: 'custom', label: t('presetCustom') },
              ]}
            />
            {form.preset === 'custom' && (
              <div class="group">
                <TextField bind={bind} path="sub" label={t('userId')} size="medium" />
                <TextField bind={bind} path="email" label={t('email')} type="email" autoComplete="email" />
                <TextField bind={bind} path="name" label={t('name')} optional autoComplete="name" />
                <ChoiceGroup
                  bind={bind}
                  path="groups"
                  label={t('roles')}
                  multiple
                  options={(['staff', 'IT', 'ED'] as const).map((r) => ({ value: r, label: t(`role_${r}`) }))}
                />
              </div>
            )}
            <button type="submit" class="button" disabled={busy}>
              {t('signInButton')}
            </button>
          </>
        ) : (
          <>
            <p>{t('signInOidcIntro')}</p>
            <button type="submit" class="button" disabled={busy}>
              {t('signInOidcButton', { host: new URL(config.oidc?.issuer ?? location.href).host })}
            </button>
          </>
        )}
      </form>
    </div>
  );
};
