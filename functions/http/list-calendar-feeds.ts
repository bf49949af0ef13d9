import { listFeeds } from '../../shared/calendar/feeds';
import { feeds } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';

/** GET /calendar/feeds: the caller's feeds (their URLs are not stored). */
export const handler = httpHandler(async (req) => json(200, await listFeeds({ feeds }, req.principal)));
