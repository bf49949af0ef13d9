import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { synthesizeApp } from '../local/synthesized-app';
import { ensureWebBuilt } from '../local/web-build';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

type Shared = { started: ReturnType<typeof startDynamoDbLocal>; users: number };
const KEY = Symbol.for('exam-forms.tests.dynamodb-local');
const run = globalThis as typeof globalThis & { [KEY]?: Shared };

/**
 * One DynamoDB Local (in memory) for the whole run; every test file creates its own table
 * in it, so files stay independent while the JVM starts only once. The app is synthesized
 * into local mode's cache while the JVM boots: on a fresh clone the first files would
 * otherwise each synthesize it, at once. The web app is built first when it is missing (a
 * run of vitest alone): the template holds its asset's hash, and the browser files load it.
 * Two projects (`system`, `isolated`) name this setup; vitest runs it once for each, in this
 * one process: the first starts the JVM, the last to finish stops it.
 */
export default async function setup(project: TestProject) {
  const shared = (run[KEY] ??= {
    started: Promise.all([startDynamoDbLocal({ dataDir: null }), ensureWebBuilt().then(() => synthesizeApp())]).then(([ddb]) => ddb),
    users: 0,
  });
  shared.users += 1;
  const ddb = await shared.started;
  project.provide('dynamodbEndpoint', ddb.endpoint);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete run[KEY];
    await ddb.stop();
  };
}
