import { listEntries } from '../../shared/catalogue/catalogue';
import { catalogue } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';

/** GET /catalogue?q=&retired=: the software catalogue, searched by name, version and vendor. */
export const handler = httpHandler(async (req) => json(200, await listEntries({ catalogue }, req.principal, req.query)));
