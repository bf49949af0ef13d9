import './locale';
import * as z from 'zod/mini';
import { ApproverGroupSchema } from './registration';

// Each schema below is built inside `/* @__PURE__ */ (() => …)()`: a function's bundle leaves out, and never builds, the
// schemas it does not use (building them was most of a cold start's import time above the SDK's; docs/performance.md).

/**
 * iCalendar feeds: the bodies and answers of /calendar/feeds and the limits of a feed. Apart
 * from the calendar's own contracts so that only the feed functions carry these schemas.
 */

/** A feed holds the exams from this many days before today (local date) ... */
export const FEED_DAYS_BEFORE = 31;
/** ... to this many days after it: about half a year, most of the registration window. */
export const FEED_DAYS_AFTER = 183;
/** Requests one feed answers in a window (calendar apps poll every few minutes at most). */
export const FEED_REQUESTS_PER_WINDOW = 120;
export const FEED_WINDOW_SECONDS = 3600;

/** POST /calendar/feeds (the body may be left out) */
export const FeedInputSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      label: z._default(z.string().check(z.trim(), z.maxLength(100, 'A label may be at most 100 characters')), ''),
    })
    .register(z.globalRegistry, { id: 'FeedInput' }))();
export type FeedInput = z.infer<typeof FeedInputSchema>;

export const FeedScopeSchema = /* @__PURE__ */ (() =>
  z
    .object({
      groups: z.array(ApproverGroupSchema).register(z.globalRegistry, { description: 'The exams these groups decide on.' }),
      ownExams: z.boolean().register(z.globalRegistry, { description: 'The exams the feed’s creator registered.' }),
    })
    .register(z.globalRegistry, {
      id: 'FeedScope',
      description: 'What the feed shows: what its creator could see on GET /calendar when it was created.',
    }))();
export type FeedScope = z.infer<typeof FeedScopeSchema>;

export const CalendarFeedSchema = /* @__PURE__ */ (() =>
  z
    .object({
      id: z.string(),
      label: z.string(),
      createdAt: z.iso.datetime(),
      scope: FeedScopeSchema,
    })
    .register(z.globalRegistry, { id: 'CalendarFeed' }))();
export type CalendarFeed = z.infer<typeof CalendarFeedSchema>;

export const CreatedFeedSchema = /* @__PURE__ */ (() =>
  z
    .extend(CalendarFeedSchema, {
      url: z.url().register(z.globalRegistry, {
        description: 'The subscription address. It carries the feed’s secret, is shown this once and is not stored; revoke the feed if it leaks.',
      }),
    })
    .register(z.globalRegistry, { id: 'CreatedFeed' }))();
export type CreatedFeed = z.infer<typeof CreatedFeedSchema>;

export const FeedListSchema = /* @__PURE__ */ (() => z.object({ items: z.array(CalendarFeedSchema) }).register(z.globalRegistry, { id: 'FeedList' }))();
export type FeedList = z.infer<typeof FeedListSchema>;
