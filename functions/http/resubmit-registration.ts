import { resubmitRegistration } from '../../shared/registrations/resubmit-registration';
import { newId, now } from '../lib/clock';
import { catalogue, registrations } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';
import { rules } from '../lib/rules';
import { workflow } from '../lib/sfn';

const deps = { registrations, workflow, catalogue, rules, now, newId };

/** PUT /registrations/{id} */
export const handler = httpHandler(async (req) => json(200, await resubmitRegistration(deps, req.principal, req.path.id ?? '', req.json())));
