import { recordRehearsal } from '../../shared/catalogue/rehearsal';
import { now } from '../lib/clock';
import { registrations, rehearsals } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';
import { rules } from '../lib/rules';

const deps = { registrations, rehearsals, now, timeZone: rules.EXAM_TIME_ZONE };

/** PUT /registrations/{id}/rehearsal (IT): the software set-up was tested, or failed. */
export const handler = httpHandler(async (req) => json(200, await recordRehearsal(deps, req.principal, req.path.id ?? '', req.json())));
