import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { HistoryEntry } from '../../contracts/registration';
import type { RehearsalRecord, RehearsalStore } from '../../ports';
import { REHEARSAL_SK, registrationPk } from './keys';
import { historyPut } from './records';

/**
 * The rehearsal of a software exam: one item in the registration's partition, behind its own
 * items (`~`), written with its history entry in one transaction, only while the registration exists.
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
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: { pk: registrationPk(registrationId), sk: REHEARSAL_SK, type: 'rehearsal', ...rehearsal } } },
          historyPut(this.tableName, registrationId, entry),
        ],
      }),
    );
  }
}
