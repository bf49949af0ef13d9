import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WEB_DIST } from '../infra/paths';
import { INDEXES } from '../shared/adapters/dynamodb/keys';
import { AuthConfigSchema, MailConfigSchema, PlannerConfigSchema, TableConfigSchema, WorkflowConfigSchema, envFor } from '../shared/contracts/env';
import { LocalApiServer } from './api-server';
import { DevAuth } from './dev-auth';
import { createTableFromTemplate, startDynamoDbLocal } from './dynamodb-local';
import { LOCAL_REGION, LocalLambdas } from './lambda-runtime';
import { installLongTimers } from './long-timers';
import { mailSinkAt, startSesLocal } from './ses-local';
import { LocalStepFunctions } from './stepfunctions-local';
import { synthesizeApp } from './synthesized-app';

export interface LocalSystemOptions {
  /** HTTP port of the API (0 picks a free one). */
  port?: number;
  host?: string;
  /** Where DynamoDB Local, workflow executions and the signing key keep their data; null keeps everything in memory. */
  dataDir: string | null;
  /** Workflow Wait states and retry intervals finish at once. */
  fastWaits?: boolean;
  /** Extra configuration for the handlers (e.g. REMINDER_AFTER_SECONDS). */
  env?: Record<string, string>;
  /** Use an already running DynamoDB-compatible endpoint instead of starting DynamoDB Local. */
  dynamodbEndpoint?: string;
  tableName?: string;
  /** Send mail to an already running aws-ses-v2-local compatible sink instead of starting one. */
  mailSinkUrl?: string;
  /** Log level of the handlers' logger (default WARN: local mode prints only what needs attention). */
  logLevel?: string;
  /** Origins the web app may call besides this server (e.g. an OIDC issuer), as the deployed CSP's connect-src names them. */
  webConnectOrigins?: string[];
}

export type LocalSystem = Awaited<ReturnType<typeof startLocalSystem>>;

/**
 * The whole system on one machine: DynamoDB Local, the SES v2 mail sink, the synthesized
 * approval workflow on a local Step Functions endpoint, and the handlers behind a local
 * API Gateway. The handlers find the services through the SDK's standard
 * AWS_ENDPOINT_URL_<SERVICE> variables; they contain no local-mode logic.
 */
export const startLocalSystem = async (options: LocalSystemOptions) => {
  const started = Date.now();
  installLongTimers();
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : null;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    stops.length = 0;
  };
  try {
    // Start the JVM first; synthesize while it boots.
    const dynamo = options.dynamodbEndpoint ? Promise.resolve(null) : startDynamoDbLocal({ dataDir: dataDir ? path.join(dataDir, 'dynamodb') : null });
    const [jvm, synthesized] = await Promise.allSettled([dynamo, synthesizeApp()]);
    const ddb = jvm.status === 'fulfilled' ? jvm.value : null;
    if (ddb) stops.push(ddb.stop);
    if (jvm.status === 'rejected') throw jvm.reason;
    if (synthesized.status === 'rejected') throw synthesized.reason;
    const synth = synthesized.value;
    const ses = options.mailSinkUrl ? mailSinkAt(options.mailSinkUrl) : await startSesLocal();
    if (!options.mailSinkUrl) stops.push((ses as Awaited<ReturnType<typeof startSesLocal>>).stop);

    const tableName = options.tableName ?? 'exam-forms';
    // Annotated: the endpoint is a string from here on (ddb is null only when the option is set).
    const dynamodbEndpoint: string = options.dynamodbEndpoint ?? (ddb?.endpoint as string);
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const admin =
      ddb?.client ?? new DynamoDBClient({ endpoint: dynamodbEndpoint, region: LOCAL_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const table = await createTableFromTemplate(admin, synth.dataTemplate, tableName);
    // A table kept from an earlier version gets what a deploy's one-off steps give a deployed one
    // (docs/operations.md): pending approvals move into a queue index it lacked, and calendar
    // entries still in day buckets into their months. That move scans the table, so a data
    // directory remembers, beside its database, that its table has none left: it runs once.
    const inMonths = dataDir ? path.join(dataDir, 'dynamodb', 'calendar-in-month-buckets') : null;
    const toMove = table.kept && !(inMonths && existsSync(inMonths));
    if (table.addedIndexes.includes(INDEXES.queue.name) || toMove) {
      const [{ DynamoDBDocumentClient }, { backfillQueueIndex }, { migrateDayBuckets }] = await Promise.all([
        import('@aws-sdk/lib-dynamodb'),
        import('../shared/adapters/dynamodb/queue-backfill'),
        import('../shared/adapters/dynamodb/day-bucket-migration'),
      ]);
      const db = DynamoDBDocumentClient.from(admin);
      if (table.addedIndexes.includes(INDEXES.queue.name)) await backfillQueueIndex(db, tableName);
      if (toMove) await migrateDayBuckets(db, tableName);
    }
    if (inMonths && !existsSync(inMonths)) writeFileSync(inMonths, '');

    const lambdas = new LocalLambdas(synth.functionEntries, synth.reservedConcurrency, synth.functionTimeouts);
    // Stopped after the workflow (stops run in reverse): no step is started, and those running end.
    stops.push(() => lambdas.stop());
    const sfn = new LocalStepFunctions(synth.apiTemplate, lambdas, { dataDir, fastWaits: options.fastWaits ?? false });
    const sfnEndpoint = await sfn.listen();
    stops.push(() => sfn.close());

    const auth = await DevAuth.create(dataDir);
    const api = new LocalApiServer({
      lambdas,
      auth,
      listMail: ses.list,
      workflowActivity: () => sfn.activity(),
      webDir: existsSync(WEB_DIST) ? WEB_DIST : undefined,
      connectOrigins: options.webConnectOrigins ?? [],
    });
    const url = await api.listen(options.port ?? 3000, options.host ?? '127.0.0.1');
    stops.unshift(() => api.close());

    // The same variables the CDK stack sets on each function, pointing at the local services.
    Object.assign(process.env, {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
      AWS_ENDPOINT_URL_SFN: sfnEndpoint,
      AWS_ENDPOINT_URL_SESV2: ses.endpoint,
      ...envFor(TableConfigSchema, { TABLE_NAME: tableName }),
      ...envFor(WorkflowConfigSchema, { STATE_MACHINE_ARN: sfn.stateMachineArn }),
      ...envFor(MailConfigSchema, {
        MAIL_FROM: 'exam-forms@example.edu',
        APPROVERS_IT: 'it-approvers@example.edu',
        APPROVERS_ED: 'ed-approvers@example.edu',
        APP_BASE_URL: url,
      }),
      ...envFor(PlannerConfigSchema, { PLANNER_DEFAULT: 'exam-planners@example.edu' }),
      ...envFor(AuthConfigSchema, { GROUPS_CLAIM: 'groups' }),
      POWERTOOLS_LOG_LEVEL: options.logLevel ?? 'WARN',
      POWERTOOLS_DEV: 'true',
      ...options.env,
    });

    const resumed = sfn.resumeUnfinished();
    return {
      url,
      dataDir,
      dynamodbEndpoint,
      tableName,
      sfn,
      auth,
      mail: ses,
      resumed,
      startupMs: Date.now() - started,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
};
