import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type CryptoKey, type JWK, type JWTHeaderParameters, SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, jwtVerify } from 'jose';
import { z } from 'zod';
import { RoleSchema } from '../shared/rules/principal';

export const DEV_ISSUER = 'urn:exam-forms:local';
export const DEV_AUDIENCE = 'exam-forms';
const ALG = 'ES256';

export const DevTokenRequestSchema = z.strictObject({
  sub: z.string().trim().min(1, 'sub is required').max(128),
  email: z.email({ error: 'Must be a valid e-mail address' }),
  name: z.string().trim().max(200).optional(),
  groups: z.array(RoleSchema, { error: 'groups must be a list of staff, IT and ED' }).min(1, 'Name at least one group').max(3),
});
export type DevTokenRequest = z.infer<typeof DevTokenRequestSchema>;

/**
 * The token API Gateway takes from the `Authorization` header: the token alone, or prefixed with
 * `Bearer `. Anything else (another scheme, a second word after the token) is no token at all.
 */
export const tokenFromAuthorization = (header: string | undefined): string | null => {
  const raw = header ?? '';
  const token = /^bearer /i.test(raw) ? raw.slice('bearer '.length) : raw;
  return /^[\w-]+\.[\w-]+\.[\w-]*$/.test(token) ? token : null;
};

/**
 * Local stand-in for the OIDC issuer: signs ES256 tokens and verifies them as API Gateway's JWT
 * authorizer does: a `kid` naming the signing key, the signature, `iss`, `aud`, an `exp` after now
 * (required), `nbf` and `iat` (when present) not after now. The key is kept in DATA_DIR so tokens
 * survive a restart.
 */
export class DevAuth {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    /** The key's id, as a JWKS would publish it: its RFC 7638 thumbprint. */
    readonly keyId: string,
  ) {}

  static async create(dataDir: string | null): Promise<DevAuth> {
    const file = dataDir ? path.join(dataDir, 'dev-signing-key.json') : null;
    if (file && existsSync(file)) {
      const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
      const { d: _d, ...pub } = jwk;
      return new DevAuth((await importJWK(jwk, ALG)) as CryptoKey, (await importJWK(pub, ALG)) as CryptoKey, await calculateJwkThumbprint(pub));
    }
    const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
    if (file) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(await exportJWK(privateKey)), { mode: 0o600 });
    }
    return new DevAuth(privateKey, publicKey, await calculateJwkThumbprint(await exportJWK(publicKey)));
  }

  async issue(
    req: DevTokenRequest,
    options: {
      /** null: no `exp` at all (API Gateway refuses such a token). */
      expiresIn?: string | number | null;
      notBefore?: string | number;
      issuer?: string;
      audience?: string;
      issuedAt?: number;
      keyId?: string;
    } = {},
  ) {
    let jwt = new SignJWT({ email: req.email, name: req.name ?? req.email, groups: req.groups })
      .setProtectedHeader({ alg: ALG, typ: 'JWT', kid: options.keyId ?? this.keyId })
      .setSubject(req.sub)
      .setIssuer(options.issuer ?? DEV_ISSUER)
      .setAudience(options.audience ?? DEV_AUDIENCE)
      .setIssuedAt(options.issuedAt);
    if (options.expiresIn !== null) jwt = jwt.setExpirationTime(options.expiresIn ?? '12h');
    if (options.notBefore !== undefined) jwt = jwt.setNotBefore(options.notBefore);
    return jwt.sign(this.privateKey);
  }

  /** Returns the token's claims, or null when it is not valid. */
  async verify(token: string): Promise<Record<string, unknown> | null> {
    try {
      const key = (header: JWTHeaderParameters) => {
        if (header.kid !== this.keyId) throw new Error('unknown kid');
        return this.publicKey;
      };
      const { payload } = await jwtVerify(token, key, { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, algorithms: [ALG], requiredClaims: ['exp'] });
      // jose checks iat only against a maximum age; API Gateway refuses one issued in the future.
      if (payload.iat !== undefined && payload.iat > Math.floor(Date.now() / 1000)) return null;
      return payload;
    } catch {
      return null;
    }
  }
}
