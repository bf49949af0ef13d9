import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** DynamoDB usage as it is billed: requests, and the read and write units they consumed. */
export interface DynamoUsage {
  requests: number;
  readUnits: number;
  writeUnits: number;
  byOperation: Record<string, number>;
}

export const noUsage = (): DynamoUsage => ({ requests: 0, readUnits: 0, writeUnits: 0, byOperation: {} });

/** The operations that can report the capacity they consumed. */
const REPORTS_CAPACITY = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
]);
const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/**
 * Counts every command a DynamoDB client sends (one per command; the SDK's own retries are not
 * counted apart) and asks each for its consumed capacity (`ReturnConsumedCapacity: 'TOTAL'`),
 * adding it to the usage that `into` names for the request (a route, a workflow step), or to
 * the meter's own total. Returns the total and a function that takes the middleware off.
 */
export const meterDynamoDb = (client: DynamoDBClient | DynamoDBDocumentClient, into: () => DynamoUsage | undefined = () => undefined) => {
  const total = noUsage();
  const name = `usage-meter-${Math.random().toString(36).slice(2)}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? '').replace(/Command$/, '');
      const input = args.input as Record<string, unknown>;
      if (REPORTS_CAPACITY.has(operation)) input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const reported = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
      let read = 0;
      let write = 0;
      for (const c of [reported ?? []].flat()) {
        if (c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined) {
          read += c.ReadCapacityUnits ?? 0;
          write += c.WriteCapacityUnits ?? 0;
        } else if (READS.has(operation)) read += c.CapacityUnits ?? 0;
        else write += c.CapacityUnits ?? 0;
      }
      for (const usage of [total, into()]) {
        if (!usage) continue;
        usage.requests += 1;
        usage.readUnits += read;
        usage.writeUnits += write;
        usage.byOperation[operation] = (usage.byOperation[operation] ?? 0) + 1;
      }
      return result;
    },
    { step: 'initialize', name },
  );
  return { total, stop: () => client.middlewareStack.remove(name) };
};

/** What a piece of work cost: the usage added to `meter` while `work` ran (nothing else may use the client meanwhile). */
export const usageOf = async <T>(meter: DynamoUsage, work: () => Promise<T>): Promise<{ result: T; usage: DynamoUsage }> => {
  const before = { ...meter, byOperation: { ...meter.byOperation } };
  const result = await work();
  const byOperation = Object.fromEntries(
    Object.entries(meter.byOperation)
      .map(([op, n]) => [op, n - (before.byOperation[op] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
  return {
    result,
    usage: {
      requests: meter.requests - before.requests,
      readUnits: meter.readUnits - before.readUnits,
      writeUnits: meter.writeUnits - before.writeUnits,
      byOperation,
    },
  };
};
