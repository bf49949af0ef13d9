import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TableConfigSchema, parseEnv } from '../../shared/contracts/env';
import { RegistrationRepository } from '../../shared/adapters/dynamodb/registration-store';

/**
 * Created once per execution environment and reused across invocations. The endpoint
 * comes from the SDK's standard resolution (AWS_ENDPOINT_URL_DYNAMODB in local mode).
 */
export const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
export const { TABLE_NAME } = parseEnv(TableConfigSchema);
export const repository = new RegistrationRepository(ddb, TABLE_NAME);
