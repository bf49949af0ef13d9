import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { CalendarFeedRecord, CalendarFeedStore } from '../../ports';
import { FEED_SK, feedOwnerPk, feedOwnerSk, feedPk } from './keys';
import { type Item, queryAll, transactionCancellation } from './operations';

/**
 * iCalendar feeds. A feed is two items written and deleted together: the feed under the hash
 * of its secret (what a calendar app's GET reads, one GetItem) and its line in the creator's
 * partition (what the creator lists and revokes by id), which names the hash.
 */
const recordOf = (item: Item): CalendarFeedRecord => {
  const { id, secretHash, owner, label, createdAt, scope } = item as unknown as CalendarFeedRecord;
  return { id, secretHash, owner, label, createdAt, scope };
};

export class DynamoCalendarFeedStore implements CalendarFeedStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(feed: CalendarFeedRecord): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { pk: feedPk(feed.secretHash), sk: FEED_SK, type: 'calendar-feed', ...feed },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: { pk: feedOwnerPk(feed.owner.sub), sk: feedOwnerSk(feed.id), type: 'calendar-feed-of-owner', ...feed },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  }

  async byHash(secretHash: string): Promise<CalendarFeedRecord | null> {
    // Strongly consistent: a revoked feed answers 404 from the moment the revocation returns.
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: feedPk(secretHash), sk: FEED_SK }, ConsistentRead: true }));
    return out.Item ? recordOf(out.Item) : null;
  }

  async listOwned(sub: string): Promise<CalendarFeedRecord[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': feedOwnerPk(sub) },
    });
    return items.map(recordOf).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async revoke(sub: string, id: string): Promise<boolean> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: feedOwnerPk(sub), sk: feedOwnerSk(id) }, ConsistentRead: true }));
    if (!out.Item) return false;
    const { secretHash } = recordOf(out.Item);
    const cancelled = await transactionCancellation(() =>
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Delete: { TableName: this.tableName, Key: { pk: feedOwnerPk(sub), sk: feedOwnerSk(id) }, ConditionExpression: 'attribute_exists(pk)' } },
            { Delete: { TableName: this.tableName, Key: { pk: feedPk(secretHash), sk: FEED_SK } } },
          ],
        }),
      ),
    );
    if (cancelled === null) return true;
    // A racing revocation deleted it first; anything else (a conflicting write in flight) is worth a retry.
    if (cancelled[0] === 'ConditionalCheckFailed') return false;
    throw new Error(`Revoking the feed was cancelled (${cancelled.join(', ')}); try again`);
  }
}
