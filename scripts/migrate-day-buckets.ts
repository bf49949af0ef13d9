import { migrateDayBuckets } from '../shared/adapters/dynamodb/day-bucket-migration';
import { migrateTable } from './table-migration';

/**
 * One-off, after the deploy that keeps exams in month buckets: moves the calendar entries stored
 * in day buckets before it into their months (docs/operations.md, "Deploy"). Safe to run again.
 *
 *   npx tsx scripts/migrate-day-buckets.ts <table name>
 */
await migrateTable(
  'migrate-day-buckets.ts',
  migrateDayBuckets,
  ({ moved, skipped }) => `Moved ${moved} calendar entries from day buckets into month buckets; ${skipped} left as they were (moved or removed meanwhile).`,
);
