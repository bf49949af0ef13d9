import type { ProblemDetails } from '../../shared/contracts/problem';
import { type Role, RoleSchema, parseGroupsClaim } from '../../shared/rules/principal';
import type { AppConfig } from './config';

/**
 * Who is signed in. The token is kept in sessionStorage: it lives as long as the tab and is
 * not shared with other tabs. Local mode asks the local server for a dev token; a deployment
 * signs in at the configured OIDC issuer with the authorization code flow and PKCE.
 */
export interface Session {
  token: string;
  sub: string;
  name: string;
  email: string | null;
  roles: Role[];
  /** Seconds since the epoch. */
  expiresAt: number;
  idToken?: string;
}

const SESSION_KEY = 'exam-forms.session';
const PENDING_KEY = 'exam-forms.oidc-pending';

export class SignInError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SignInError';
  }
}

const base64UrlDecode = (s: string) => {
  const b64 = s
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(s.length / 4) * 4, '=');
  return new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
};
const base64UrlEncode = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** The claims of a JWT, unverified: the API verifies every token; the page only shows who is signed in. */
export const jwtClaims = (token: string): Record<string, unknown> | null => {
  try {
    return JSON.parse(base64UrlDecode(token.split('.')[1] ?? '')) as Record<string, unknown>;
  } catch {
    return null;
  }
};

export const sessionFromTokens = (token: string, groupsClaim: string, idToken?: string): Session => {
  const access = jwtClaims(token) ?? {};
  // Some issuers put profile claims only in the ID token.
  const claims = { ...(idToken ? jwtClaims(idToken) : {}), ...access };
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  const roles = parseGroupsClaim(claims[groupsClaim]).filter((g): g is Role => RoleSchema.safeParse(g).success);
  return {
    token,
    sub: str(claims.sub) ?? '',
    name: str(claims.name) ?? str(claims.preferred_username) ?? str(claims.email) ?? str(claims.sub) ?? '',
    email: str(claims.email),
    roles: [...new Set(roles)],
    expiresAt: typeof claims.exp === 'number' ? claims.exp : Number.MAX_SAFE_INTEGER,
    ...(idToken ? { idToken } : {}),
  };
};

export const loadSession = (): Session | null => {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    return s && s.expiresAt * 1000 > Date.now() ? s : null;
  } catch {
    return null;
  }
};

export const saveSession = (s: Session | null) => {
  if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
  else sessionStorage.removeItem(SESSION_KEY);
};

export const isApprover = (s: Session) => s.roles.includes('IT') || s.roles.includes('ED');
export const approverGroups = (s: Session) => s.roles.filter((r): r is 'IT' | 'ED' => r === 'IT' || r === 'ED');

/* ---------- Local mode ---------- */

export interface DevIdentity {
  sub: string;
  email: string;
  name?: string;
  groups: Role[];
}

export const signInLocal = async (config: AppConfig, identity: DevIdentity): Promise<Session> => {
  const res = await fetch(`${config.apiUrl}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(identity),
  });
  const body = (await res.json().catch(() => ({}))) as { token?: string } & Partial<ProblemDetails>;
  if (!res.ok || !body.token) {
    throw new SignInError(body.errors?.map((e) => e.message).join('; ') || body.detail || `HTTP ${res.status}`);
  }
  return sessionFromTokens(body.token, 'groups');
};

/* ---------- OIDC: authorization code with PKCE ---------- */

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

interface PendingSignIn {
  state: string;
  verifier: string;
  nonce: string;
  returnTo: string;
}

const randomToken = () => base64UrlEncode(crypto.getRandomValues(new Uint8Array(32)));

const discover = async (issuer: string): Promise<Discovery> => {
  const res = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
  if (!res.ok) throw new SignInError(`the issuer's discovery document answered ${res.status}`);
  return (await res.json()) as Discovery;
};

/** Where the issuer sends the browser back: the app's own address, without query or fragment. */
const redirectUri = () => `${location.origin}${location.pathname}`;

/** Sends the browser to the issuer's login page; `returnTo` is the route to show afterwards. */
export const startOidcSignIn = async (config: AppConfig, returnTo: string): Promise<void> => {
  const oidc = config.oidc;
  if (!oidc) throw new SignInError('no OIDC issuer is configured');
  const meta = await discover(oidc.issuer);
  const pending: PendingSignIn = { state: randomToken(), verifier: randomToken(), nonce: randomToken(), returnTo };
  const challenge = base64UrlEncode(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(pending.verifier))));
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(meta.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: oidc.clientId,
    redirect_uri: redirectUri(),
    scope: oidc.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
};

/**
 * Completes a sign-in when the issuer has sent the browser back with `?code=…&state=…`.
 * Returns the session and the route to show, or null when this page load is no such return.
 */
export const completeOidcSignIn = async (config: AppConfig): Promise<{ session: Session; returnTo: string } | null> => {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const error = params.get('error');
  if (!code && !error) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as PendingSignIn | null;
  sessionStorage.removeItem(PENDING_KEY);
  // Take the code out of the address bar and history whatever happens next.
  history.replaceState(null, '', `${location.pathname}${pending?.returnTo ?? '#/'}`);
  if (error) throw new SignInError(params.get('error_description') ?? error);
  if (!pending || params.get('state') !== pending.state) throw new SignInError('the sign-in response does not match the request');
  const oidc = config.oidc;
  if (!oidc) throw new SignInError('no OIDC issuer is configured');
  const meta = await discover(oidc.issuer);
  const res = await fetch(meta.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: code as string,
      redirect_uri: redirectUri(),
      client_id: oidc.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const tokens = (await res.json().catch(() => ({}))) as { access_token?: string; id_token?: string; error_description?: string; error?: string };
  if (!res.ok || !tokens.access_token) throw new SignInError(tokens.error_description ?? tokens.error ?? `token endpoint answered ${res.status}`);
  if (tokens.id_token && jwtClaims(tokens.id_token)?.nonce !== pending.nonce) throw new SignInError('the ID token was not issued for this sign-in');
  return { session: sessionFromTokens(tokens.access_token, oidc.groupsClaim, tokens.id_token), returnTo: pending.returnTo };
};

/** Ends the session here and, when the issuer supports it, at the issuer. */
export const signOut = async (config: AppConfig, session: Session | null): Promise<void> => {
  saveSession(null);
  if (config.mode !== 'deployed' || !config.oidc) return;
  const meta = await discover(config.oidc.issuer).catch(() => null);
  if (!meta?.end_session_endpoint) return;
  const url = new URL(meta.end_session_endpoint);
  url.search = new URLSearchParams({
    client_id: config.oidc.clientId,
    post_logout_redirect_uri: redirectUri(),
    ...(session?.idToken ? { id_token_hint: session.idToken } : {}),
  }).toString();
  location.assign(url.toString());
};
