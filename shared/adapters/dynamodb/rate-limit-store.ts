import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateLimitStore } from '../../ports';
import { rateLimitPk, rateLimitSk } from './keys';
import { ifConditionMet } from './operations';

/**
 * DynamoDB rate-limit counters: one item per counter and fixed window, incremented by a
 * conditional update that fails once the window is full. Every Lambda instance shares them.
 */
export class DynamoRateLimitStore implements RateLimitStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async take(counter: string, limit: number, windowSeconds: number, at: Date) {
    const nowSeconds = Math.floor(at.getTime() / 1000);
    const windowStart = nowSeconds - (nowSeconds % windowSeconds);
    const windowEnd = windowStart + windowSeconds;
    const counted = await ifConditionMet(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: rateLimitPk(counter), sk: rateLimitSk(windowStart) },
          UpdateExpression: 'ADD #count :one SET expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': windowEnd + 60 },
        }),
      ),
    );
    return counted ? ({ allowed: true } as const) : ({ allowed: false, retryAfterSeconds: Math.max(1, windowEnd - nowSeconds) } as const);
  }
}
