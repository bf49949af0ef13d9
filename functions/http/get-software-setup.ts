import { getSoftwareSetup } from '../../shared/catalogue/software-setup';
import { now } from '../lib/clock';
import { calendar, catalogue, registrations, rehearsals } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';
import { rules } from '../lib/rules';

const deps = { registrations, catalogue, calendar, rehearsals, now, timeZone: rules.EXAM_TIME_ZONE };

/** GET /registrations/{id}/software-setup: catalogue revisions named, licence seats (IT) and the Safe Exam Browser allow-list. */
export const handler = httpHandler(async (req) => json(200, await getSoftwareSetup(deps, req.principal, req.path.id ?? '')));
