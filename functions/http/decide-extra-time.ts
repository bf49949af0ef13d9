import { decideExtraTime } from '../../shared/notices/extra-time';
import { now } from '../lib/clock';
import { incidents, registrations } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';

/** POST /registrations/{id}/incidents/{incidentId}/extra-time */
export const handler = httpHandler(async (req) =>
  json(200, await decideExtraTime({ registrations, incidents, now }, req.principal, req.path.id ?? '', req.path.incidentId ?? '', req.json())),
);
