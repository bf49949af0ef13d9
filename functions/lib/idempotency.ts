import { IdempotencyAlreadyInProgressError, IdempotencyConfig, IdempotencyValidationError, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { ConflictError, ValidationError } from '../../shared/errors';
import { TABLE_NAME, ddb } from './dynamodb';
import type { HttpRequest } from './http-handler';

/**
 * `Idempotency-Key` for the POST routes, with Powertools idempotency on the application
 * table: records live in their own partition (`IDEMPOTENCY`), keyed by the caller, the
 * route and the key, and expire after a day through the table's TTL. The same key and body
 * return the stored answer without running the use case again; the same key with another
 * body is 409. A duplicate that arrives while the first is still running waits for it.
 */
const persistenceStore = new DynamoDBPersistenceLayer({
  tableName: TABLE_NAME,
  keyAttr: 'pk',
  sortKeyAttr: 'sk',
  staticPkValue: 'IDEMPOTENCY',
  expiryAttr: 'expiresAt',
  awsSdkV3Client: ddb,
});

const config = new IdempotencyConfig({
  eventKeyJmesPath: 'key',
  payloadValidationJmesPath: 'body',
  expiresAfterSeconds: 24 * 3600,
  throwOnNoIdempotencyKey: true,
});

const KEY = /^[\x21-\x7e]{1,255}$/;

type Input = { key: string; body: unknown };

/**
 * Runs `work` at most once per (caller, route, Idempotency-Key). Without the header it just runs.
 * `work` must return JSON-serializable data: that is what a repeat gets back.
 */
export const idempotent = async <T>(req: Pick<HttpRequest, 'header' | 'event' | 'context'>, caller: string, body: unknown, work: () => Promise<T>): Promise<T> => {
  const header = req.header('idempotency-key');
  if (header === undefined) return work();
  if (!KEY.test(header)) {
    throw new ValidationError([{ path: 'Idempotency-Key', code: 'invalid_format', message: 'Use 1–255 visible ASCII characters, e.g. a UUID' }]);
  }
  // In-progress records expire with the invocation, so a crashed attempt does not block retries for long.
  if (req.context) config.registerLambdaContext(req.context);
  const run = makeIdempotent(async (_input: Input) => work(), { persistenceStore, config });
  const input: Input = { key: `${caller}|${req.event.routeKey}|${req.event.rawPath}|${header}`, body };
  for (let attempt = 0; ; attempt++) {
    try {
      return await run(input);
    } catch (error) {
      if (error instanceof IdempotencyValidationError) {
        throw new ConflictError('This Idempotency-Key was already used with a different request body', 'IDEMPOTENCY_KEY_REUSED');
      }
      if (error instanceof IdempotencyAlreadyInProgressError) {
        if (attempt < 40) {
          await new Promise((r) => setTimeout(r, 100 + attempt * 25));
          continue;
        }
        throw new ConflictError('A request with this Idempotency-Key is still being processed; retry shortly', 'IDEMPOTENCY_KEY_IN_USE');
      }
      throw error;
    }
  }
};
