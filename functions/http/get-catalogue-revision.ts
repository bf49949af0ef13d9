import { getRevision } from '../../shared/catalogue/catalogue';
import { catalogue } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';

/** GET /catalogue/{entryId}/revisions/{revision}: one revision, as a registration that named it was approved with. */
export const handler = httpHandler(async (req) => json(200, await getRevision({ catalogue }, req.principal, req.path.entryId ?? '', req.path.revision ?? '')));
