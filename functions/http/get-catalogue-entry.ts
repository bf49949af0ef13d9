import { getEntry } from '../../shared/catalogue/catalogue';
import { catalogue } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';

/** GET /catalogue/{entryId}: the entry's newest revision and its audit trail. */
export const handler = httpHandler(async (req) => json(200, await getEntry({ catalogue }, req.principal, req.path.entryId ?? '')));
