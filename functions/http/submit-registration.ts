import { randomUUID } from 'node:crypto';
import { RulesConfigSchema, parseEnv } from '../../shared/config';
import { submitRegistration } from '../../shared/registrations/submit-registration';
import { repository } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';
import { workflow } from '../lib/sfn';

const deps = { repo: repository, workflow, rules: parseEnv(RulesConfigSchema), now: () => new Date(), newId: randomUUID };

/** POST /registrations */
export const handler = httpHandler(async (req) => {
  const registration = await submitRegistration(deps, req.principal, req.json());
  return json(201, registration, { location: `/registrations/${registration.id}` });
});
