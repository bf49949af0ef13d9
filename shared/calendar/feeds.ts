import { createHash, randomBytes } from 'node:crypto';
import {
  type CalendarFeed,
  type CreatedFeed,
  FEED_DAYS_AFTER,
  FEED_DAYS_BEFORE,
  FEED_REQUESTS_PER_WINDOW,
  FEED_WINDOW_SECONDS,
  type FeedList,
  FeedInputSchema,
} from '../contracts/calendar-feeds';
import { parseInput } from '../contracts/parse';
import { ForbiddenError, NotFoundError, TooManyRequestsError } from '../errors';
import type { CalendarFeedRecord, CalendarFeedStore, Clock, IdGenerator, RateLimitStore } from '../ports';
import type { CalendarDeps } from '../read-models/capacity';
import { FEED_SECRET } from '../rules/calendar-feed';
import { addDays, startOfLocalDay } from '../rules/capacity';
import { localDate } from '../rules/exam-rules';
import type { Principal } from '../rules/principal';
import { calendarScope, examsBetween } from './get-calendar';
import { renderFeed } from './ical';

/**
 * iCalendar feeds: a subscription URL that a calendar app fetches without a token. The URL
 * carries a secret of 256 random bits; only its SHA-256 is stored, and the feed is found by that
 * hash (a lookup, never a comparison of secrets, so nothing can be learned from timing). A feed
 * shows what its creator could see on GET /calendar when it was created, fixed then and stored
 * with it; the creator lists and revokes their feeds, and a revoked or unknown secret is 404.
 */

export interface FeedDeps {
  feeds: CalendarFeedStore;
  now: Clock;
  newId: IdGenerator;
}

export interface FeedReadDeps extends CalendarDeps {
  feeds: CalendarFeedStore;
  rateLimits: RateLimitStore;
  now: Clock;
}

export const hashFeedSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Feed ids are UUIDs; anything else cannot name a feed. */
const FEED_ID = /^[0-9a-zA-Z-]{1,64}$/;

const publicFeed = (f: CalendarFeedRecord): CalendarFeed => ({ id: f.id, label: f.label, createdAt: f.createdAt, scope: f.scope });

/** Use case: POST /calendar/feeds. `urlOf` makes the subscription URL of a secret (the API's own address). */
export const createFeed = async (deps: FeedDeps, principal: Principal, body: unknown, urlOf: (secret: string) => string): Promise<CreatedFeed> => {
  const scope = calendarScope(principal);
  if (scope.groups.length === 0 && !scope.ownExams) throw new ForbiddenError('Only staff and approvers have a calendar to subscribe to');
  const input = parseInput(FeedInputSchema, body ?? {});
  const secret = randomBytes(32).toString('base64url');
  const feed: CalendarFeedRecord = {
    id: deps.newId(),
    secretHash: hashFeedSecret(secret),
    owner: { sub: principal.sub, email: principal.email, name: principal.name },
    label: input.label,
    createdAt: deps.now().toISOString(),
    scope: { groups: scope.groups, ownExams: scope.ownExams },
  };
  await deps.feeds.create(feed);
  return { ...publicFeed(feed), url: urlOf(secret) };
};

/** Use case: GET /calendar/feeds: the caller's feeds, without their URLs (which are not stored). */
export const listFeeds = async (deps: Pick<FeedDeps, 'feeds'>, principal: Principal): Promise<FeedList> => ({
  items: (await deps.feeds.listOwned(principal.sub)).map(publicFeed),
});

/** Use case: DELETE /calendar/feeds/{feedId}. Only the creator revokes; anyone else's feed is as unknown as a missing one. */
export const revokeFeed = async (deps: Pick<FeedDeps, 'feeds'>, principal: Principal, feedId: string): Promise<void> => {
  if (!FEED_ID.test(feedId) || !(await deps.feeds.revoke(principal.sub, feedId))) throw new NotFoundError('You have no calendar feed with this id');
};

/**
 * Use case: GET /calendar/ics/{secret}: the feed as text/calendar. Holds the exams that run
 * from FEED_DAYS_BEFORE days before today to FEED_DAYS_AFTER days after it (local dates).
 * Each feed answers at most FEED_REQUESTS_PER_WINDOW requests per window, across instances.
 */
export const readFeed = async (deps: FeedReadDeps, secret: string): Promise<string> => {
  const feed = FEED_SECRET.test(secret) ? await deps.feeds.byHash(hashFeedSecret(secret)) : null;
  if (!feed) throw new NotFoundError('No such calendar feed; it may have been revoked');
  const now = deps.now();
  const taken = await deps.rateLimits.take(`feed#${feed.id}`, FEED_REQUESTS_PER_WINDOW, FEED_WINDOW_SECONDS, now);
  if (!taken.allowed) throw new TooManyRequestsError('This calendar feed has been fetched too often; try again later', taken.retryAfterSeconds);

  const today = localDate(now, deps.timeZone);
  const from = startOfLocalDay(addDays(today, -FEED_DAYS_BEFORE), deps.timeZone);
  const to = startOfLocalDay(addDays(today, FEED_DAYS_AFTER + 1), deps.timeZone);
  const scope = { sub: feed.owner.sub, groups: feed.scope.groups, ownExams: feed.scope.ownExams };
  const records = await examsBetween(deps.calendar, scope, from, to);
  return renderFeed(records, feed.scope, deps.staffing, now);
};
