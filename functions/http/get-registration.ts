import { getRegistration } from '../../shared/registrations/get-registration';
import { repository } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';
import { notices } from '../lib/notices';

/** GET /registrations/{id} */
export const handler = httpHandler(async (req) => json(200, await getRegistration({ repo: repository, notices }, req.principal, req.path.id ?? '')));
