import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { InvalidCursorError } from '../../errors';
import type { Key } from './keys';

/**
 * The few DynamoDB idioms every store needs, written once: conditional writes that answer
 * false instead of throwing, cancellation reasons of a transaction, queries to the end, batch
 * reads and writes that retry what DynamoDB left unprocessed, and opaque page cursors.
 */

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
export type Item = Record<string, unknown>;

const MAX_ATTEMPTS = 8;

/** Runs a conditional write: true when it was applied, false when its condition failed. */
export const ifConditionMet = async (write: () => Promise<unknown>): Promise<boolean> => {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
};

/**
 * Runs a transaction: null when it was applied, else the cancellation code of each item in
 * order ('ConditionalCheckFailed', 'TransactionConflict', 'None', …). Other errors are thrown.
 */
export const transactionCancellation = async (write: () => Promise<unknown>): Promise<string[] | null> => {
  try {
    await write();
    return null;
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    return (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
  }
};

/**
 * Runs a transaction like `transactionCancellation`, trying again (with a jittered backoff) when
 * it was cancelled only because another transaction was working on one of its items at that
 * moment: nothing of it was applied, and a busy counter must not lose a count.
 */
export const transactWithRetries = async (write: () => Promise<unknown>, attempts = MAX_ATTEMPTS): Promise<string[] | null> => {
  for (let attempt = 0; ; attempt++) {
    const codes = await transactionCancellation(write);
    const conflictOnly = codes !== null && codes.includes('TransactionConflict') && codes.every((c) => c === 'TransactionConflict' || c === 'None');
    if (!conflictOnly || attempt + 1 >= attempts) return codes;
    await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** attempt));
  }
};

/** Runs a Query to the end, following LastEvaluatedKey, and returns every item. */
export const queryAll = async (db: DynamoDBDocumentClient, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<Item[]> => {
  const items: Item[] = [];
  let ExclusiveStartKey: Key | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
};

const chunks = <T>(items: readonly T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));
const backoff = (attempt: number) => new Promise((r) => setTimeout(r, 25 * 2 ** attempt));

/** Writes (puts and deletes) in batches of 25, retrying what DynamoDB left unprocessed, with backoff. */
export const batchWriteAll = async (db: DynamoDBDocumentClient, tableName: string, requests: readonly Item[]): Promise<void> => {
  for (const chunk of chunks(requests, 25)) {
    let pending = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error('DynamoDB kept items unprocessed');
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = out.UnprocessedItems?.[tableName] ?? [];
      if (pending.length) await backoff(attempt);
    }
  }
};

/** Reads items by key in batches of 100, retrying unprocessed keys, with backoff. Order is not kept. */
export const batchGetAll = async (db: DynamoDBDocumentClient, tableName: string, keys: readonly Key[]): Promise<Item[]> => {
  const out: Item[] = [];
  for (const chunk of chunks(keys, 100)) {
    let pending: Key[] = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error('DynamoDB kept keys unprocessed');
      const res = await db.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }));
      out.push(...(res.Responses?.[tableName] ?? []));
      pending = (res.UnprocessedKeys?.[tableName]?.Keys as Key[] | undefined) ?? [];
      if (pending.length) await backoff(attempt);
    }
  }
  return out;
};

/** A page cursor: DynamoDB's LastEvaluatedKey, opaque to callers. */
export const encodeCursor = (key: Key | undefined): string | undefined => (key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined);

/**
 * Reads a cursor back, checking it is a key of the expected index partition, so a cursor can
 * never start a query in another caller's partition. Anything else is an InvalidCursorError.
 */
export const decodeCursor = (cursor: string | undefined, partition: { attribute: string; value: string }): Key | undefined => {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('The cursor is not readable');
  }
  const valid =
    typeof key === 'object' &&
    key !== null &&
    !Array.isArray(key) &&
    Object.values(key).every((v) => typeof v === 'string') &&
    (key as Key)[partition.attribute] === partition.value;
  if (!valid) throw new InvalidCursorError('The cursor belongs to another list');
  return key as Key;
};
