import { randomUUID } from 'node:crypto';
import { RulesConfigSchema, parseEnv } from '../../shared/config';
import { submitRegistration } from '../../shared/registrations/submit-registration';
import { repository } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';
import { idempotent } from '../lib/idempotency';
import { workflow } from '../lib/sfn';

const deps = { repo: repository, workflow, rules: parseEnv(RulesConfigSchema), now: () => new Date(), newId: randomUUID };

/** POST /registrations */
export const handler = httpHandler(async (req) => {
  const body = req.json();
  const registration = await idempotent(req, req.principal.sub, body, () => submitRegistration(deps, req.principal, body));
  return json(201, registration, { location: `/registrations/${registration.id}` });
});
