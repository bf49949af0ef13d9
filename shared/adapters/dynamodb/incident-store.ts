import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { HistoryEntry } from '../../contracts/registration';
import type { Incident } from '../../contracts/student-notices';
import type { IncidentStore } from '../../ports';
import { EXTRA_TIME_QUEUE_GSI_PK, INDEXES, incidentSk, registrationPk, timeSortKey } from './keys';
import { transactionCancellation } from './operations';
import { historyPut } from './records';

/** The queue index keys of an IT/ED incident waiting for its extra time; none for others. */
const extraTimeQueueKeys = (id: string, incident: Incident) =>
  incident.route === 'IT_ED' && incident.extraTime === null
    ? { [INDEXES.decided.partitionKey]: EXTRA_TIME_QUEUE_GSI_PK, [INDEXES.decided.sortKey]: timeSortKey(incident.createdAt, `${id}#${incident.id}`) }
    : {};

/** DynamoDB store of incidents (errors in the question set), each written with its history entry. */
export class DynamoIncidentStore implements IncidentStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(id: string, incident: Incident, entry: HistoryEntry): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { pk: registrationPk(id), sk: incidentSk(incident.createdAt, incident.id), type: 'incident', ...incident, ...extraTimeQueueKeys(id, incident) },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          historyPut(this.tableName, id, entry),
        ],
      }),
    );
  }

  async setExtraTime(id: string, incident: Incident, extraTime: NonNullable<Incident['extraTime']>, entry: HistoryEntry): Promise<boolean> {
    const cancelled = await transactionCancellation(() =>
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: registrationPk(id), sk: incidentSk(incident.createdAt, incident.id) },
                // Decided: the incident leaves the handlers' queue in the same write.
                UpdateExpression: `SET extraTime = :x REMOVE ${INDEXES.decided.partitionKey}, ${INDEXES.decided.sortKey}`,
                ConditionExpression: 'attribute_exists(pk) AND extraTime = :null',
                ExpressionAttributeValues: { ':x': extraTime, ':null': null },
              },
            },
            historyPut(this.tableName, id, entry),
          ],
        }),
      ),
    );
    return cancelled === null;
  }
}
