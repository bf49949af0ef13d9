import type { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import * as z from 'zod/mini';
import { PARAMETER_NAMES, ParameterConfigSchema, type RuntimeSettings, RuntimeSettingsSchema, parseEnv } from '../../shared/contracts/env';
import { logger } from './observability';
import { traced } from './tracing';

export type SettingKey = keyof RuntimeSettings;

/** Where the settings that change without a deploy come from (port; Parameter Store when deployed). */
export interface SettingsSource {
  read<K extends SettingKey>(keys: readonly K[]): Promise<Pick<RuntimeSettings, K>>;
}

/** Values by setting name, parsed with the environment's schema; a bad value names the setting (and where it came from). */
const parseSettings = <K extends SettingKey>(keys: readonly K[], values: Record<string, unknown>, where: (key: K) => string): Pick<RuntimeSettings, K> => {
  const parsed: Partial<RuntimeSettings> = {};
  for (const key of keys) {
    const schema = z.object({ [where(key)]: RuntimeSettingsSchema.shape[key] });
    (parsed as Record<string, unknown>)[key] = (parseEnv(schema, { [where(key)]: values[key] } as NodeJS.ProcessEnv) as Record<string, unknown>)[where(key)];
  }
  return parsed as Pick<RuntimeSettings, K>;
};

/** The environment variables of the same names (local mode, tests, and a deployed function before its first read). */
export const environmentSettings = (env: NodeJS.ProcessEnv = process.env): SettingsSource => ({
  read: async (keys) => parseSettings(keys, env, (k) => k),
});

/**
 * Parameter Store under `path` (`/exam-forms/<stage>/approvers/IT`, …), read with one
 * GetParameters call and kept `maxAgeSeconds` by the Powertools provider.
 */
export const parameterStoreSettings = (provider: Pick<SSMProvider, 'getParametersByName'>, path: string, maxAgeSeconds: number): SettingsSource => ({
  read: async (keys) => {
    const nameOf = (key: SettingKey) => `${path}${PARAMETER_NAMES[key]}`;
    const values = await provider.getParametersByName<string>(Object.fromEntries(keys.map((k) => [nameOf(k), {}])), {
      maxAge: maxAgeSeconds,
      throwOnError: true,
    });
    return parseSettings(keys, Object.fromEntries(keys.map((k) => [k, values[nameOf(k)]])), nameOf);
  },
});

const subscribers: { keys: SettingKey[]; apply: (settings: Partial<RuntimeSettings>) => void }[] = [];

/** Keeps `apply` told of the current values of `keys`: each function reads only the settings the modules it loads use. */
export const onSettings = <K extends SettingKey>(keys: K[], apply: (settings: Pick<RuntimeSettings, K>) => void) => {
  subscribers.push({ keys, apply: apply as (settings: Partial<RuntimeSettings>) => void });
};

let source: SettingsSource | null | undefined;
const configuredSource = async (): Promise<SettingsSource | null> => {
  if (source === undefined) {
    const { CONFIG_PARAMETERS_PATH, CONFIG_PARAMETERS_MAX_AGE_SECONDS } = parseEnv(ParameterConfigSchema);
    if (!CONFIG_PARAMETERS_PATH) {
      source = null;
    } else {
      const [{ SSMProvider }, { SSMClient }] = await Promise.all([import('@aws-lambda-powertools/parameters/ssm'), import('@aws-sdk/client-ssm')]);
      source = parameterStoreSettings(new SSMProvider({ awsSdkV3Client: traced(new SSMClient({})) }), CONFIG_PARAMETERS_PATH, CONFIG_PARAMETERS_MAX_AGE_SECONDS);
    }
  }
  return source;
};

/**
 * Brings the settings up to date at the start of an invocation (the handler wrappers call it).
 * Without CONFIG_PARAMETERS_PATH the environment's values, read at load, stay. A value that
 * cannot be read or parsed leaves the last good one in place, and is logged as an error.
 */
export const refreshSettings = async (from?: SettingsSource | null) => {
  if (subscribers.length === 0) return;
  const settingsSource = from === undefined ? await configuredSource() : from;
  if (!settingsSource) return;
  try {
    const settings = await settingsSource.read([...new Set(subscribers.flatMap((s) => s.keys))]);
    for (const s of subscribers) s.apply(settings);
  } catch (error) {
    logger.error('settings not refreshed; the last values stay', { error: error as Error });
  }
};
