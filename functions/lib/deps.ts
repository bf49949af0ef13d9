import { randomUUID } from 'node:crypto';
import { RulesConfigSchema, parseEnv } from '../../shared/config';
import { callbacks } from './callbacks';
import { repository } from './dynamodb';

/** Dependencies shared by the registration routes that do not start workflows. */
export const now = () => new Date();
export const newId = randomUUID;
export const rules = parseEnv(RulesConfigSchema);
export const decideDeps = { repo: repository, callbacks, now };
