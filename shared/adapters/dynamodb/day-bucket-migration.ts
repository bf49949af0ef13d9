import { type DynamoDBDocumentClient, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { CALENDAR_ENTRY_TYPE, calendarEntryKey } from './calendar-store';
import { type Key, LEGACY_DAY_BUCKET_PREFIX, legacyDayBucketDateOf } from './keys';
import { type Item, transactWithRetries } from './operations';

/** Moves at most this many entries at once. */
const CONCURRENCY = 8;

/**
 * Moves the calendar entries stored before the month buckets out of their day buckets
 * (`DAY#<utc date>`) into the month bucket of the same date (keys.ts): each in one transaction
 * that puts the new entry and deletes the old one, only while the old one is still there (a
 * function version of before that moved or removed the exam meanwhile wins: its entry is gone,
 * and a second run finds nothing left to move). The day buckets have no index, so this is the
 * one read of the table that scans it. Run once after the deploy that reads the month buckets
 * (scripts/migrate-day-buckets.ts, docs/operations.md).
 */
export const migrateDayBuckets = async (db: DynamoDBDocumentClient, tableName: string): Promise<{ moved: number; skipped: number }> => {
  let moved = 0;
  let skipped = 0;
  const move = async (item: Item) => {
    const { pk, sk, ...entry } = item;
    const date = legacyDayBucketDateOf(pk as string) as string;
    const codes = await transactWithRetries(() =>
      db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { ...entry, ...calendarEntryKey(date, { start: entry.start as string, id: entry.id as string }), type: CALENDAR_ENTRY_TYPE },
              },
            },
            { Delete: { TableName: tableName, Key: { pk, sk }, ConditionExpression: 'attribute_exists(pk)' } },
          ],
        }),
      ),
    );
    if (codes === null) moved++;
    else if (codes.includes('ConditionalCheckFailed')) skipped++;
    else throw new Error(`Moving ${String(pk)} / ${String(sk)} was cancelled: ${codes.join(', ')}`);
  };
  let ExclusiveStartKey: Key | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'begins_with(pk, :day)',
        ExpressionAttributeValues: { ':day': LEGACY_DAY_BUCKET_PREFIX },
        ExclusiveStartKey,
      }),
    );
    const items = page.Items ?? [];
    for (let i = 0; i < items.length; i += CONCURRENCY) await Promise.all(items.slice(i, i + CONCURRENCY).map(move));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return { moved, skipped };
};
