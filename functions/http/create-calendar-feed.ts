import { createFeed } from '../../shared/calendar/feeds';
import { newId, now } from '../lib/clock';
import { feeds } from '../lib/dynamodb';
import { apiOrigin, httpHandler, json } from '../lib/http-handler';

const deps = { feeds, now, newId };

/** POST /calendar/feeds: a subscription URL for the caller's calendar, shown once. */
export const handler = httpHandler(async (req) => {
  const body = req.event.body ? req.json() : {};
  return json(201, await createFeed(deps, req.principal, body, (secret) => `${apiOrigin(req)}/calendar/ics/${secret}`));
});
