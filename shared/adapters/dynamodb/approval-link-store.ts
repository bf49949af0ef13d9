import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ApprovalLinkRecord, ApprovalLinkStore } from '../../ports';
import { LINK_SK, linkPk } from './keys';

/** DynamoDB store of e-mail action links, under the SHA-256 of their id; DynamoDB's TTL removes expired ones. */
export class DynamoApprovalLinkStore implements ApprovalLinkStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(idHash: string, link: ApprovalLinkRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: linkPk(idHash), sk: LINK_SK, type: 'approval-link', ...link },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(idHash: string): Promise<ApprovalLinkRecord | null> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: linkPk(idHash), sk: LINK_SK }, ConsistentRead: true }));
    if (!out.Item) return null;
    const { registrationId, round, group, expiresAt, usedAt, sentTo } = out.Item as ApprovalLinkRecord;
    return { registrationId, round, group, expiresAt, ...(usedAt ? { usedAt } : {}), ...(sentTo ? { sentTo } : {}) };
  }
}
