import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { synthesizeApp } from '../local/synthesized-app';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

/**
 * One DynamoDB Local (in memory) for the whole run; every test file creates its own table
 * in it, so files stay independent while the JVM starts only once. The app is synthesized
 * into local mode's cache while the JVM boots: on a fresh clone the first files would
 * otherwise each synthesize it, at once.
 */
export default async function setup(project: TestProject) {
  const [ddb] = await Promise.all([startDynamoDbLocal({ dataDir: null }), synthesizeApp()]);
  project.provide('dynamodbEndpoint', ddb.endpoint);
  return async () => {
    await ddb.stop();
  };
}
