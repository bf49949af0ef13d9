import { getRegistration } from '../../shared/registrations/get-registration';
import { calendarDeps } from '../lib/calendar';
import { candidates, notices, registrations } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';

/** GET /registrations/{id} */
export const handler = httpHandler(async (req) =>
  json(200, await getRegistration({ registrations, notices, candidates, capacity: calendarDeps }, req.principal, req.path.id ?? '')),
);
