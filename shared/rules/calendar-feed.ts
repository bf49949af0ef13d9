import type { RegistrationStatus } from '../contracts/registration';

/** The iCalendar STATUS of an exam (RFC 5545 §3.8.1.11). */
export type EventStatus = 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';

/**
 * An approved exam is confirmed; one still being decided (pending, or changes requested) is
 * tentative; one that will not run (cancelled, rejected, expired) is cancelled, so a calendar
 * app that showed it strikes it out rather than keeping a stale entry.
 */
export const EVENT_STATUS: Readonly<Record<RegistrationStatus, EventStatus>> = {
  APPROVED: 'CONFIRMED',
  PENDING_APPROVAL: 'TENTATIVE',
  CHANGES_REQUESTED: 'TENTATIVE',
  CANCELLED: 'CANCELLED',
  REJECTED: 'CANCELLED',
  EXPIRED: 'CANCELLED',
};

/** A feed's secret: 256 random bits, base64url without padding. */
export const FEED_SECRET = /^[A-Za-z0-9_-]{43}$/;
