import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { migrateDayBuckets } from '../shared/adapters/dynamodb/day-bucket-migration';

/**
 * One-off, after the deploy that keeps exams in month buckets: moves the calendar entries stored
 * in day buckets before it into their months (docs/operations.md, "Deploy"). Safe to run again.
 *
 *   npx tsx scripts/migrate-day-buckets.ts <table name>
 *
 * Uses the caller's AWS credentials and region (AWS_PROFILE, AWS_REGION), like the AWS CLI.
 */
const table = process.argv[2];
if (!table) {
  console.error('Usage: npx tsx scripts/migrate-day-buckets.ts <table name>');
  process.exit(2);
}
const client = new DynamoDBClient({});
const { moved, skipped } = await migrateDayBuckets(DynamoDBDocumentClient.from(client), table);
console.log(`Moved ${moved} calendar entries from day buckets into month buckets; ${skipped} left as they were (moved or removed meanwhile).`);
client.destroy();
