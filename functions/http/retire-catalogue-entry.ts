import { retireEntry } from '../../shared/catalogue/catalogue';
import { newId, now } from '../lib/clock';
import { catalogue } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';

const deps = { catalogue, now, newId };

/** POST /catalogue/{entryId}/retire (IT): a last revision that new requests cannot pick. */
export const handler = httpHandler(async (req) => json(200, await retireEntry(deps, req.principal, req.path.entryId ?? '', req.json())));
