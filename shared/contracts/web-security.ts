/**
 * The security headers the web app is served with: by CloudFront's response headers policy when
 * deployed (`infra/constructs/web-site.ts`), and by local mode's server, from this one list.
 */

const YEAR_SECONDS = 365 * 24 * 3600;
export const HSTS_MAX_AGE_SECONDS = 2 * YEAR_SECONDS;

/**
 * The Content-Security-Policy: nothing but the app's own scripts, styles and images, no framing,
 * no inline code; `connect` names the origins the app may call besides its own (the API, the
 * OIDC issuer).
 */
export const contentSecurityPolicy = (connect: readonly string[]): string =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `connect-src ${["'self'", ...connect].join(' ')}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

/**
 * A policy that only narrows `connect-src`, for a `<meta http-equiv>` in index.html: the browser
 * enforces every policy it is given, so the page may call only the origins both allow.
 */
export const connectOnlyPolicy = (connect: readonly string[]): string => `connect-src ${["'self'", ...connect].join(' ')}`;

/** Headers other than the CSP, lower-case, with the values CloudFront sends. */
export const SECURITY_HEADERS = {
  'strict-transport-security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // E-mail links carry their secret in the fragment, which is never sent; send no referrer at all anyway.
  'referrer-policy': 'no-referrer',
  'x-xss-protection': '0',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'cross-origin-opener-policy': 'same-origin',
} as const;
