import { getCalendar } from '../../shared/calendar/get-calendar';
import { calendarDeps } from '../lib/calendar';
import { httpHandler, json } from '../lib/http-handler';

/** GET /calendar?from=YYYY-MM-DD&to=YYYY-MM-DD */
export const handler = httpHandler(async (req) => json(200, await getCalendar(calendarDeps, req.principal, req.query)));
