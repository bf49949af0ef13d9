import { readFeed } from '../../shared/calendar/feeds';
import { calendarDeps } from '../lib/calendar';
import { now } from '../lib/clock';
import { feeds, rateLimits } from '../lib/dynamodb';
import { publicHttpHandler } from '../lib/http-handler';

const deps = { ...calendarDeps, feeds, rateLimits, now };

/** GET /calendar/ics/{secret}: the feed as iCalendar, for calendar apps (the secret in the path is the credential). */
export const handler = publicHttpHandler(async (req) => ({
  statusCode: 200,
  headers: {
    'content-type': 'text/calendar; charset=utf-8',
    'content-disposition': 'inline; filename="exams.ics"',
    // The answer is one person's view: no shared cache may keep it.
    'cache-control': 'private, no-store',
    'x-robots-tag': 'noindex',
  },
  body: await readFeed(deps, req.path.secret ?? ''),
}));
