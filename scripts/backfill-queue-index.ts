import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backfillQueueIndex } from '../shared/adapters/dynamodb/queue-backfill';

/**
 * One-off, after the deploy that added the queue index (gsi4): moves the approvals asked
 * before it into it, with their queue facts (docs/operations.md, "Deploy"). Safe to run again.
 *
 *   npx tsx scripts/backfill-queue-index.ts <table name>
 *
 * Uses the caller's AWS credentials and region (AWS_PROFILE, AWS_REGION), like the AWS CLI.
 */
const table = process.argv[2];
if (!table) {
  console.error('Usage: npx tsx scripts/backfill-queue-index.ts <table name>');
  process.exit(2);
}
const client = new DynamoDBClient({});
const { moved, skipped } = await backfillQueueIndex(DynamoDBDocumentClient.from(client), table);
console.log(`Moved ${moved} pending approvals into the queue index; ${skipped} left as they were (decided meanwhile, or no registration).`);
client.destroy();
