import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { HistoryEntry } from '../../contracts/registration';
import type { RehearsalRecord, RehearsalStore } from '../../ports';
import { META_SK, REHEARSAL_SK, registrationPk } from './keys';
import { historyPut, rehearsalCopy } from './records';

/**
 * The rehearsal of a software exam: one item in the registration's partition, behind its own
 * items (`~`), written with its history entry and its copy on the registration item (for the
 * lists, keys.ts) in one transaction, only while the registration exists.
 */
export class DynamoRehearsalStore implements RehearsalStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(registrationId: string): Promise<RehearsalRecord | null> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: registrationPk(registrationId), sk: REHEARSAL_SK }, ConsistentRead: true }),
    );
    if (!out.Item) return null;
    const { result, comment, dueBy, recordedAt, recordedBy } = out.Item as RehearsalRecord;
    return { result, comment, dueBy, recordedAt, recordedBy };
  }

  async record(registrationId: string, rehearsal: RehearsalRecord, entry: HistoryEntry): Promise<void> {
    const copy = Object.entries(rehearsalCopy(rehearsal));
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: { pk: registrationPk(registrationId), sk: REHEARSAL_SK, type: 'rehearsal', ...rehearsal } } },
          {
            Update: {
              TableName: this.tableName,
              Key: { pk: registrationPk(registrationId), sk: META_SK },
              UpdateExpression: `SET ${copy.map((_, i) => `#r${i} = :r${i}`).join(', ')}`,
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: Object.fromEntries(copy.map(([name], i) => [`#r${i}`, name])),
              ExpressionAttributeValues: Object.fromEntries(copy.map(([, value], i) => [`:r${i}`, value])),
            },
          },
          historyPut(this.tableName, registrationId, entry),
        ],
      }),
    );
  }
}
