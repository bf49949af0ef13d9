import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { CatalogueRevision } from '../../contracts/catalogue';
import type { CatalogueStore } from '../../ports';
import { CATALOGUE_PK, CATALOGUE_REVISION_PREFIX, catalogueEntrySk, catalogueRevisionPk, catalogueRevisionSk } from './keys';
import { type Item, queryAll, transactionCancellation } from './operations';

/**
 * The software catalogue. An entry is its newest revision under `CATALOGUE` (what the list
 * reads, one Query) and every revision under `CATALOGUE#<id>` (written once, never changed).
 * A change is one transaction: the new revision, put only if absent, and the entry moved to it,
 * only if it is still at the revision the change was based on.
 */
/**
 * A stored revision as the use cases see it. Only this store writes these items, from input the
 * schemas checked, so reading needs no schema: like the other stores it strips the keys, and the
 * catalogue's schemas stay out of every function that merely shares the stores module.
 */
const revisionOf = (item: Item): CatalogueRevision => {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as CatalogueRevision;
};

export class DynamoCatalogueStore implements CatalogueStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private write(next: CatalogueRevision, entryCondition: { expression: string; values?: Record<string, unknown> }) {
    return transactionCancellation(() =>
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { pk: catalogueRevisionPk(next.id), sk: catalogueRevisionSk(next.revision), type: 'catalogue-revision', ...next },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { pk: CATALOGUE_PK, sk: catalogueEntrySk(next.id), type: 'catalogue-entry', ...next },
                ConditionExpression: entryCondition.expression,
                ...(entryCondition.values ? { ExpressionAttributeValues: entryCondition.values } : {}),
              },
            },
          ],
        }),
      ),
    );
  }

  async create(first: CatalogueRevision): Promise<boolean> {
    const cancelled = await this.write(first, { expression: 'attribute_not_exists(pk)' });
    if (cancelled === null) return true;
    if (cancelled.includes('ConditionalCheckFailed')) return false;
    throw new Error(`Creating the catalogue entry was cancelled (${cancelled.join(', ')}); try again`);
  }

  async advance(next: CatalogueRevision): Promise<boolean> {
    const cancelled = await this.write(next, { expression: 'revision = :previous', values: { ':previous': next.revision - 1 } });
    if (cancelled === null) return true;
    // Another change took this revision number or moved the entry on first; a racing transaction is a conflict too.
    if (cancelled.some((c) => c === 'ConditionalCheckFailed' || c === 'TransactionConflict')) return false;
    throw new Error(`Changing the catalogue entry was cancelled (${cancelled.join(', ')}); try again`);
  }

  async get(id: string): Promise<CatalogueRevision | null> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: CATALOGUE_PK, sk: catalogueEntrySk(id) }, ConsistentRead: true }));
    return out.Item ? revisionOf(out.Item) : null;
  }

  async list(): Promise<CatalogueRevision[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': CATALOGUE_PK },
    });
    return items.map(revisionOf);
  }

  async revision(id: string, revision: number): Promise<CatalogueRevision | null> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: catalogueRevisionPk(id), sk: catalogueRevisionSk(revision) } }));
    return out.Item ? revisionOf(out.Item) : null;
  }

  async revisions(id: string): Promise<CatalogueRevision[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rev)',
      ExpressionAttributeValues: { ':pk': catalogueRevisionPk(id), ':rev': CATALOGUE_REVISION_PREFIX },
      ConsistentRead: true,
    });
    return items.map(revisionOf);
  }
}
