import type { RateLimitStore } from '../../../shared/ports';
import type { WorldState } from './state';

/**
 * In-memory rate-limit counters with the semantics of DynamoRateLimitStore: one counter per
 * name and fixed window (aligned to multiples of `windowSeconds` since the epoch); a take in a
 * full window counts nothing and says how many seconds remain of it (at least one).
 */
export class InMemoryRateLimitStore implements RateLimitStore {
  constructor(private readonly s: WorldState) {}

  async take(counter: string, limit: number, windowSeconds: number, at: Date) {
    const nowSeconds = Math.floor(at.getTime() / 1000);
    const windowStart = nowSeconds - (nowSeconds % windowSeconds);
    const windowEnd = windowStart + windowSeconds;
    const key = `${counter}#${windowStart}`;
    const count = this.s.rateCounters.get(key) ?? 0;
    if (count >= limit) return { allowed: false, retryAfterSeconds: Math.max(1, windowEnd - nowSeconds) } as const;
    this.s.rateCounters.set(key, count + 1);
    return { allowed: true } as const;
  }
}
