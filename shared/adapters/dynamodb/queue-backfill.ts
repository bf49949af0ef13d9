import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApproverGroup } from '../../contracts/registration';
import { INDEXES, META_SK, queueGsiPk, registrationIdOf, registrationPk } from './keys';
import { batchGetAll, ifConditionMet, queryAll } from './operations';
import { queueFacts, toRegistrationRecord } from './records';

/**
 * Moves the approvals asked before the queue index (gsi4) existed into it: each pending approval
 * still in gsi2 under `QUEUE#<group>` gets its registration's queue facts and the gsi4 keys, and
 * leaves gsi2, in one conditional update (only while it is still pending there: a decision or a
 * closure that comes first wins, and a second run finds nothing left to move). Run once after
 * the deploy that added gsi4 (scripts/backfill-queue-index.ts, docs/operations.md).
 */
export const backfillQueueIndex = async (db: DynamoDBDocumentClient, tableName: string): Promise<{ moved: number; skipped: number }> => {
  let moved = 0;
  let skipped = 0;
  for (const group of ['ED', 'IT'] as ApproverGroup[]) {
    const entries = await queryAll(db, {
      TableName: tableName,
      IndexName: INDEXES.decided.name,
      KeyConditionExpression: `${INDEXES.decided.partitionKey} = :pk`,
      ExpressionAttributeValues: { ':pk': queueGsiPk(group) },
    });
    const ids = [...new Set(entries.map((e) => registrationIdOf(e.pk as string)).filter((id): id is string => id !== null))];
    const registrations = new Map(
      (
        await batchGetAll(
          db,
          tableName,
          ids.map((id) => ({ pk: registrationPk(id), sk: META_SK })),
        )
      ).map((item) => [item.pk as string, toRegistrationRecord(item)]),
    );
    for (const entry of entries) {
      const registration = registrations.get(entry.pk as string);
      if (!registration) {
        skipped++;
        continue;
      }
      const facts = Object.entries(queueFacts(registration));
      const applied = await ifConditionMet(() =>
        db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: entry.pk, sk: entry.sk },
            UpdateExpression: `SET #qpk = :queue, #qsk = :sk, ${facts.map((_, i) => `#f${i} = :f${i}`).join(', ')} REMOVE #opk, #osk`,
            ConditionExpression: '#state = :pending AND #opk = :queue',
            ExpressionAttributeNames: {
              '#state': 'state',
              '#qpk': INDEXES.queue.partitionKey,
              '#qsk': INDEXES.queue.sortKey,
              '#opk': INDEXES.decided.partitionKey,
              '#osk': INDEXES.decided.sortKey,
              ...Object.fromEntries(facts.map(([name], i) => [`#f${i}`, name])),
            },
            ExpressionAttributeValues: {
              ':queue': queueGsiPk(group),
              ':sk': entry[INDEXES.decided.sortKey],
              ':pending': 'PENDING',
              ...Object.fromEntries(facts.map(([, value], i) => [`:f${i}`, value])),
            },
          }),
        ),
      );
      if (applied) moved++;
      else skipped++;
    }
  }
  return { moved, skipped };
};
