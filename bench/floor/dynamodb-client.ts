import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The least a function with the SDK imports: one DynamoDB document client, created at module scope. */
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => ddb.config.region();
