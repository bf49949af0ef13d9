import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type CryptoKey, type JWK, SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify } from 'jose';
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
 * Local stand-in for the OIDC issuer: signs ES256 tokens and verifies them as API Gateway's
 * JWT authorizer does (signature, issuer, audience, expiry, not-before). The key is kept in
 * DATA_DIR so tokens survive a restart.
 */
export class DevAuth {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
  ) {}

  static async create(dataDir: string | null): Promise<DevAuth> {
    const file = dataDir ? path.join(dataDir, 'dev-signing-key.json') : null;
    if (file && existsSync(file)) {
      const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
      const { d: _d, ...pub } = jwk;
      return new DevAuth((await importJWK(jwk, ALG)) as CryptoKey, (await importJWK(pub, ALG)) as CryptoKey);
    }
    const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
    if (file) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(await exportJWK(privateKey)), { mode: 0o600 });
    }
    return new DevAuth(privateKey, publicKey);
  }

  async issue(req: DevTokenRequest, options: { expiresIn?: string | number; notBefore?: string | number; issuer?: string; audience?: string } = {}) {
    let jwt = new SignJWT({ email: req.email, name: req.name ?? req.email, groups: req.groups })
      .setProtectedHeader({ alg: ALG, typ: 'JWT' })
      .setSubject(req.sub)
      .setIssuer(options.issuer ?? DEV_ISSUER)
      .setAudience(options.audience ?? DEV_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '12h');
    if (options.notBefore !== undefined) jwt = jwt.setNotBefore(options.notBefore);
    return jwt.sign(this.privateKey);
  }

  /** Returns the token's claims, or null when it is not valid. */
  async verify(token: string): Promise<Record<string, unknown> | null> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, algorithms: [ALG] });
      return payload;
    } catch {
      return null;
    }
  }
}
