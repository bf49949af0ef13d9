import { getSoftwareSetup } from '../../shared/catalogue/software-setup';
import { calendar, catalogue, registrations } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';

/** GET /registrations/{id}/software-setup: catalogue revisions named, licence seats (IT) and the Safe Exam Browser allow-list. */
export const handler = httpHandler(async (req) => json(200, await getSoftwareSetup({ registrations, catalogue, calendar }, req.principal, req.path.id ?? '')));
