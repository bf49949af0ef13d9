import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Runs a one-off migration of the table named on the command line (`npx tsx scripts/<script>
 * <table name>`) with the caller's AWS credentials and region (AWS_PROFILE, AWS_REGION), like the
 * AWS CLI, and prints what it did.
 */
export const migrateTable = async <T>(script: string, migrate: (db: DynamoDBDocumentClient, table: string) => Promise<T>, report: (result: T) => string) => {
  const table = process.argv[2];
  if (!table) {
    console.error(`Usage: npx tsx scripts/${script} <table name>`);
    process.exit(2);
  }
  const client = new DynamoDBClient({});
  try {
    console.log(report(await migrate(DynamoDBDocumentClient.from(client), table)));
  } finally {
    client.destroy();
  }
};
