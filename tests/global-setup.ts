import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../local/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

/**
 * One DynamoDB Local (in memory) for the whole run; every test file creates its own table
 * in it, so files stay independent while the JVM starts only once.
 */
export default async function setup(project: TestProject) {
  const ddb = await startDynamoDbLocal({ dataDir: null });
  project.provide('dynamodbEndpoint', ddb.endpoint);
  return async () => {
    await ddb.stop();
  };
}
