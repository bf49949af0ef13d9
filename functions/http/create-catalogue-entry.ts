import { createEntry } from '../../shared/catalogue/catalogue';
import { newId, now } from '../lib/clock';
import { catalogue } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';

const deps = { catalogue, now, newId };

/** POST /catalogue (IT): a new entry at revision 1. */
export const handler = httpHandler(async (req) => json(201, await createEntry(deps, req.principal, req.json())));
