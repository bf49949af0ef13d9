import * as z from 'zod/mini';
import { type RulesConfig, RulesConfigSchema } from '../../shared/contracts/env';

/**
 * Runtime configuration, read from `/config.json` when the app starts. Local mode serves it
 * from the local API server; a deployment writes it next to the app with the API's URL and
 * the OIDC issuer, so one build runs anywhere.
 */
const OidcSchema = z.object({
  issuer: z.url(),
  clientId: z.string().check(z.minLength(1)),
  scope: z._default(z.string(), 'openid profile email'),
  /** The claim that carries the groups staff, IT, ED (the API reads the same one). */
  groupsClaim: z._default(z.string(), 'groups'),
});

export const AppConfigSchema = z.object({
  mode: z.enum(['local', 'deployed']),
  /** Base URL of the API; empty when the API is on the same origin (local mode). */
  apiUrl: z.pipe(
    z._default(z.string(), ''),
    z.transform((u) => u.replace(/\/+$/, '')),
  ),
  oidc: z.optional(OidcSchema),
  /** The rules configuration the API runs with (same variables, same schema), for live checks. */
  rules: z._default(z.record(z.string(), z.string()), {}),
});

export interface AppConfig extends Omit<z.infer<typeof AppConfigSchema>, 'rules'> {
  rules: RulesConfig;
}

export class ConfigLoadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigLoadError';
  }
}

export const loadConfig = async (): Promise<AppConfig> => {
  const res = await fetch('./config.json', { cache: 'no-store' });
  if (!res.ok) throw new ConfigLoadError(`config.json answered ${res.status}`);
  const parsed = AppConfigSchema.safeParse(await res.json());
  if (!parsed.success) throw new ConfigLoadError(`config.json is invalid: ${parsed.error.message}`, { cause: parsed.error });
  if (parsed.data.mode === 'deployed' && !parsed.data.oidc) throw new ConfigLoadError('config.json: a deployment needs "oidc"');
  return { ...parsed.data, rules: RulesConfigSchema.parse(parsed.data.rules) };
};
