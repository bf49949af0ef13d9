import type { CalendarFeedRecord, CalendarFeedStore } from '../../../shared/ports';
import { type WorldState, conditionalCheckFailed, copy } from './state';

/**
 * In-memory iCalendar feeds by the hash of their secret, with the semantics of
 * DynamoCalendarFeedStore: a hash is stored once; revoking removes the feed for its creator only.
 */
export class InMemoryCalendarFeedStore implements CalendarFeedStore {
  constructor(private readonly s: WorldState) {}

  async create(feed: CalendarFeedRecord): Promise<void> {
    if (this.s.feeds.has(feed.secretHash) || [...this.s.feeds.values()].some((f) => f.owner.sub === feed.owner.sub && f.id === feed.id))
      throw conditionalCheckFailed();
    this.s.feeds.set(feed.secretHash, copy(feed));
  }

  async byHash(secretHash: string): Promise<CalendarFeedRecord | null> {
    const f = this.s.feeds.get(secretHash);
    return f ? copy(f) : null;
  }

  async listOwned(sub: string): Promise<CalendarFeedRecord[]> {
    return [...this.s.feeds.values()]
      .filter((f) => f.owner.sub === sub)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
      .map(copy);
  }

  async revoke(sub: string, id: string): Promise<boolean> {
    const found = [...this.s.feeds.values()].find((f) => f.owner.sub === sub && f.id === id);
    if (!found) return false;
    this.s.feeds.delete(found.secretHash);
    return true;
  }

  /** For assertions: every stored feed. */
  all(): CalendarFeedRecord[] {
    return [...this.s.feeds.values()].map(copy);
  }
}
