import { cancelRegistration } from '../../shared/registrations/cancel-registration';
import { now } from '../lib/clock';
import { registrations } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';
import { idempotent } from '../lib/idempotency';
import { workflow } from '../lib/sfn';

const deps = { registrations, workflow, now };

/** POST /registrations/{id}/cancel (the body, with an optional reason, may be empty) */
export const handler = httpHandler(async (req) => {
  const body = req.event.body ? req.json() : {};
  return json(200, await idempotent(req, req.principal.sub, body, () => cancelRegistration(deps, req.principal, req.path.id ?? '', body)));
});
