import { decideExtraTime } from '../../shared/notices/incidents';
import { now } from '../lib/deps';
import { repository } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';

/** POST /registrations/{id}/incidents/{incidentId}/extra-time */
export const handler = httpHandler(async (req) =>
  json(200, await decideExtraTime({ repo: repository, now }, req.principal, req.path.id ?? '', req.path.incidentId ?? '', req.json())),
);
