import { listRegistrations } from '../../shared/registrations/list-registrations';
import { calendarDeps } from '../lib/calendar';
import { approvals, queries } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';

/** GET /registrations?view=&status=&kind=&group=&limit=&nextToken= */
export const handler = httpHandler(async (req) => json(200, await listRegistrations({ queries, approvals, capacity: calendarDeps }, req.principal, req.query)));
