import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** Secondary indexes of the table (infra/stacks/stateful-stack.ts). */
export const TABLE_INDEXES = ['gsi1', 'gsi2', 'gsi3'];

export const FUNCTIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../functions');

/** Template metadata key that records each function's handler module; local mode reads it. */
export const ENTRY_METADATA_KEY = 'ExamForms::Entry';

/**
 * Modules of the SDK's default credential chain that are only loaded (by dynamic import) when
 * the environment holds no credentials. Lambda always sets AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN for the execution role, so they never load
 * there; were they ever needed, the Node.js runtime provides them with its own SDK v3.
 * Leaving them out takes about 130 KB (SSO, STS, IMDS clients) out of every bundle.
 */
export const RUNTIME_ONLY_MODULES = [
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
];

/** How every function is bundled; the bundle-size test and the benchmark build with the same options. */
export const LAMBDA_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  metafile: true,
  mainFields: ['module', 'main'],
  // Some dependencies still call require(); give the ESM bundle one.
  banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  // The SDK is bundled at the version the tests ran against, not the runtime's copy; only the
  // credential sources Lambda never uses are left to the runtime.
  externalModules: RUNTIME_ONLY_MODULES,
  forceDockerBundling: false,
} satisfies BundlingOptions;

export interface AppFunctionProps {
  /** Handler module relative to functions/, e.g. `http/submit-registration.ts`. */
  entry: string;
  description: string;
  environment?: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
}

/**
 * The one function construct of the project: Node.js 24 on arm64, ESM bundle minified with
 * source maps, X-Ray tracing, JSON logs with a retention, and `bind…` helpers that grant
 * access and set the matching environment variable together.
 */
export class AppFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      entry: path.join(FUNCTIONS_DIR, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(15),
      tracing: Tracing.ACTIVE,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'exam-forms',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: LAMBDA_BUNDLING,
    });
    (this.node.defaultChild as CfnFunction).addMetadata(ENTRY_METADATA_KEY, props.entry);
  }

  /**
   * Table access named item by item: the table and each of its indexes, no `index/*`.
   * Reads are what the repositories use; writes add the item and transaction calls.
   */
  bindTable(table: ITableV2, access: 'read' | 'write', indexNames: string[] = TABLE_INDEXES): this {
    const reads = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'];
    const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: access === 'read' ? reads : [...reads, ...writes],
        resources: [table.tableArn, ...indexNames.map((i) => `${table.tableArn}/index/${i}`)],
      }),
    );
    this.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }

  /** Permission to start approval rounds, and to stop them when a registration is cancelled. */
  bindWorkflowStart(stateMachineArn: string, executionArnPattern: string): this {
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [stateMachineArn] }));
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:StopExecution'], resources: [executionArnPattern] }));
    this.addEnvironment('STATE_MACHINE_ARN', stateMachineArn);
    return this;
  }

  /**
   * Permission to resume the approval workflow's waiting steps. Task tokens are not resources
   * IAM can name; as CDK's grantTaskResponse does, the statement names the state machine.
   */
  bindWorkflowCallbacks(stateMachineArn: string): this {
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
        resources: [stateMachineArn],
      }),
    );
    return this;
  }

  /** Permission to send mail from the configured identity, through the configuration set. */
  bindMail(args: { identityArn: string; configurationSetName: string; configurationSetArn: string; environment: Record<string, string> }): this {
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendBulkEmail'],
        resources: [args.identityArn, args.configurationSetArn],
      }),
    );
    this.addEnvironment('MAIL_CONFIGURATION_SET', args.configurationSetName);
    for (const [k, v] of Object.entries(args.environment)) this.addEnvironment(k, v);
    return this;
  }

}

/**
 * ARNs of the approval state machine and its executions, built from its name rather than
 * referenced, because the state machine itself references the task functions that need them.
 */
export const workflowArns = (scope: Construct, name: string) => {
  const stack = Stack.of(scope);
  const arnFormat = ArnFormat.COLON_RESOURCE_NAME;
  return {
    stateMachineArn: stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: name, arnFormat }),
    executionArnPattern: stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${name}:*`, arnFormat }),
  };
}
