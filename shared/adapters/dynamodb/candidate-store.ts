import { randomBytes } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Candidate } from '../../contracts/student-notices';
import type { CandidateListInfo, CandidateStore } from '../../ports';
import { CANDIDATES_POINTER_SK, candidatePrefix, candidateSk, noticeSk, recipientHash, registrationPk } from './keys';
import { batchWriteAll, queryAll, transactionCancellation } from './operations';

/**
 * DynamoDB store of candidate lists. A list is written as a new version beside the current
 * one; a pointer item flips to it in one conditional transaction (which also checks that the
 * letter has not started); the old version is deleted after. Each write gets a version of its
 * own, so of two racing replacements the loser deletes only its own items and the winner's
 * list stays whole. Candidates are personal data: every item carries `expiresAt` (TTL).
 */
export class DynamoCandidateStore implements CandidateStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async current(id: string): Promise<CandidateListInfo | null> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: registrationPk(id), sk: CANDIDATES_POINTER_SK }, ConsistentRead: true }));
    return out.Item ? { version: String(out.Item.version), count: out.Item.count as number, updatedAt: out.Item.updatedAt as string } : null;
  }

  async list(id: string): Promise<Candidate[]> {
    const current = await this.current(id);
    if (!current) return [];
    const items = await this.versionItems(id, current.version);
    return items.map((i) => ({ email: i.email as string, ...(i.name ? { name: i.name as string } : {}) }));
  }

  async replace(id: string, candidates: Candidate[], at: string, expiresAt: number): Promise<'ok' | 'letter-started' | 'conflict'> {
    const current = await this.current(id);
    // Sorts by time, unique by its random part: never shared by two writers.
    const version = `${Date.now().toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;
    await batchWriteAll(
      this.db,
      this.tableName,
      candidates.map((c) => ({
        PutRequest: {
          Item: { pk: registrationPk(id), sk: candidateSk(version, recipientHash(c.email)), type: 'candidate', email: c.email, name: c.name ?? null, expiresAt },
        },
      })),
    );
    const codes = await transactionCancellation(() =>
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { pk: registrationPk(id), sk: CANDIDATES_POINTER_SK, type: 'candidate-list', version, count: candidates.length, updatedAt: at, expiresAt },
                ConditionExpression: current ? 'version = :v' : 'attribute_not_exists(pk)',
                ...(current ? { ExpressionAttributeValues: { ':v': current.version } } : {}),
              },
            },
            {
              ConditionCheck: {
                TableName: this.tableName,
                Key: { pk: registrationPk(id), sk: noticeSk('letter') },
                ConditionExpression: 'attribute_not_exists(pk) OR #s = :scheduled',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':scheduled': 'SCHEDULED' },
              },
            },
          ],
        }),
      ),
    );
    if (codes !== null) {
      await this.deleteVersion(id, version);
      return codes[1] === 'ConditionalCheckFailed' ? 'letter-started' : 'conflict';
    }
    if (current) await this.deleteVersion(id, current.version);
    return 'ok';
  }

  private versionItems(id: string, version: string, projection?: string) {
    return queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': registrationPk(id), ':prefix': candidatePrefix(version) },
      ...(projection ? { ProjectionExpression: projection } : {}),
      ConsistentRead: true,
    });
  }

  private async deleteVersion(id: string, version: string) {
    const items = await this.versionItems(id, version, 'pk, sk');
    await batchWriteAll(
      this.db,
      this.tableName,
      items.map((i) => ({ DeleteRequest: { Key: { pk: i.pk, sk: i.sk } } })),
    );
  }
}
