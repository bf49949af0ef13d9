import { listRegistrations } from '../../shared/registrations/list-registrations';
import { repository } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';

/** GET /registrations?view=&status=&kind=&group=&limit=&nextToken= */
export const handler = httpHandler(async (req) => json(200, await listRegistrations({ repo: repository }, req.principal, req.query)));
