import { z } from 'zod';
import { type RulesConfig, RulesConfigSchema } from '../../shared/config';

/**
 * Runtime configuration, read from `/config.json` when the app starts. Local mode serves it
 * from the local API server; a deployment writes it next to the app with the API's URL and
 * the OIDC issuer, so one build runs anywhere.
 */
const OidcSchema = z.object({
  issuer: z.url(),
  clientId: z.string().min(1),
  scope: z.string().default('openid profile email'),
  /** The claim that carries the groups staff, IT, ED (the API reads the same one). */
  groupsClaim: z.string().default('groups'),
});

export const AppConfigSchema = z.object({
  mode: z.enum(['local', 'deployed']),
  /** Base URL of the API; empty when the API is on the same origin (local mode). */
  apiUrl: z.string().default('').transform((u) => u.replace(/\/+$/, '')),
  oidc: OidcSchema.optional(),
  /** The rules configuration the API runs with (same variables, same schema), for live checks. */
  rules: z.record(z.string(), z.string()).default({}),
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
