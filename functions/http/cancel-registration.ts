import { cancelRegistration } from '../../shared/registrations/cancel-registration';
import { now } from '../lib/deps';
import { repository } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';
import { workflow } from '../lib/sfn';

const deps = { repo: repository, workflow, now };

/** POST /registrations/{id}/cancel (the body, with an optional reason, may be empty) */
export const handler = httpHandler(async (req) =>
  json(200, await cancelRegistration(deps, req.principal, req.path.id ?? '', req.event.body ? req.json() : {})),
);
