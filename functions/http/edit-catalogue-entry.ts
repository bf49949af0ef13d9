import { editEntry } from '../../shared/catalogue/catalogue';
import { newId, now } from '../lib/clock';
import { catalogue } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';

const deps = { catalogue, now, newId };

/** PUT /catalogue/{entryId} (IT): a new revision, based on the one the caller edited. */
export const handler = httpHandler(async (req) => json(200, await editEntry(deps, req.principal, req.path.entryId ?? '', req.json())));
