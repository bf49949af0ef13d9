import { submitRegistration } from '../../shared/registrations/submit-registration';
import { newId, now } from '../lib/clock';
import { catalogue, registrations } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';
import { idempotent } from '../lib/idempotency';
import { countMetric } from '../lib/observability';
import { rules } from '../lib/rules';
import { workflow } from '../lib/sfn';

const deps = { registrations, workflow, catalogue, rules, now, newId };

/** POST /registrations */
export const handler = httpHandler(async (req) => {
  const body = req.json();
  const registration = await idempotent(req, req.principal.sub, body, () => submitRegistration(deps, req.principal, body));
  countMetric('RegistrationSubmitted', 1, { kind: registration.kind });
  return json(201, registration, { location: `/registrations/${registration.id}` });
});
