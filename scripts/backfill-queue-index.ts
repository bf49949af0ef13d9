import { backfillQueueIndex } from '../shared/adapters/dynamodb/queue-backfill';
import { migrateTable } from './table-migration';

/**
 * One-off, after the deploy that added the queue index (gsi4): moves the approvals asked
 * before it into it, with their queue facts (docs/operations.md, "Deploy"). Safe to run again.
 *
 *   npx tsx scripts/backfill-queue-index.ts <table name>
 */
await migrateTable(
  'backfill-queue-index.ts',
  backfillQueueIndex,
  ({ moved, skipped }) => `Moved ${moved} pending approvals into the queue index; ${skipped} left as they were (decided meanwhile, or no registration).`,
);
