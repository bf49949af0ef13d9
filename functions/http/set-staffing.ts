import { setStaffing } from '../../shared/calendar/set-staffing';
import { now } from '../lib/clock';
import { calendar } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';
import { rules } from '../lib/rules';

const deps = { calendar, now, timeZone: rules.EXAM_TIME_ZONE };

/** PUT /calendar/staffing/{group}/{date} */
export const handler = httpHandler(async (req) => json(200, await setStaffing(deps, req.principal, req.path, req.json())));
