import { RulesConfigSchema, parseEnv } from '../../shared/contracts/env';

/** The exam rules' settings (periods, time zone, lead time, phones), read once per instance. */
export const rules = parseEnv(RulesConfigSchema);
