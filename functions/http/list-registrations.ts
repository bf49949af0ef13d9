import { randomBytes } from 'node:crypto';
import { PageTokenConfigSchema, parseEnv } from '../../shared/contracts/env';
import { listRegistrations } from '../../shared/registrations/list-registrations';
import { calendarDeps } from '../lib/calendar';
import { now } from '../lib/clock';
import { queries } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';
import { rules } from '../lib/rules';

const { PAGE_TOKEN_KEY } = parseEnv(PageTokenConfigSchema);
const deps = { queries, pageTokenKey: PAGE_TOKEN_KEY ?? randomBytes(32), timeZone: rules.EXAM_TIME_ZONE, now };

/** GET /registrations?view=&status=&kind=&group=&examType=&from=&to=&resubmitted=&q=&limit=&nextToken= */
export const handler = httpHandler(async (req) => json(200, await listRegistrations({ ...deps, capacity: calendarDeps }, req.principal, req.query)));
