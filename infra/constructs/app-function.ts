import { execFileSync } from 'node:child_process';
import { ArnFormat, AssetHashType, AssetStaging, DockerImage, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction, Code, Function as LambdaFunction, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { PROJECT_ROOT } from '../bundling/function-bundle';

/** Secondary indexes of the table (infra/stacks/stateful-stack.ts). */
export const TABLE_INDEXES = ['gsi1', 'gsi2', 'gsi3'];

/** Template metadata key that records each function's handler module; local mode reads it. */
export const ENTRY_METADATA_KEY = 'ExamForms::Entry';

/**
 * The function's code: `functions/<entry>` bundled by infra/bundling/function-bundle.ts on
 * this machine (esbuild is a dev dependency; no container is needed). The bundling command
 * names the entry, so CDK's asset cache tells the functions apart; the asset is named by the
 * hash of the bundle, so an unchanged function is not uploaded again.
 */
const bundledCode = (entry: string) => {
  const command = ['node', '--import', 'tsx', 'infra/bundling/bundle-cli.ts', entry, AssetStaging.BUNDLING_OUTPUT_DIR];
  return Code.fromAsset(PROJECT_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the type; never used, since local bundling always succeeds or throws.
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs24.x'),
      command,
      local: {
        tryBundle(outputDir) {
          const args = command.slice(1).map((a) => (a === AssetStaging.BUNDLING_OUTPUT_DIR ? outputDir : a));
          execFileSync(process.execPath, args, { cwd: PROJECT_ROOT, stdio: 'inherit' });
          return true;
        },
      },
    },
  });
};

/**
 * What every function's environment holds besides its own settings. No `NODE_OPTIONS`:
 * `--enable-source-maps` would cost every cold start about 6 ms; stacks are mapped when an
 * error is reported instead (functions/lib/stack-trace.ts).
 */
export const FUNCTION_ENVIRONMENT: Record<string, string> = {
  POWERTOOLS_SERVICE_NAME: 'exam-forms',
  POWERTOOLS_LOG_LEVEL: 'INFO',
};

export interface AppFunctionProps {
  /** Handler module relative to functions/, e.g. `http/submit-registration.ts`. */
  entry: string;
  description: string;
  environment?: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
}

/**
 * The one function construct of the project: Node.js 24 on arm64, an ESM bundle minified with
 * source maps (infra/bundling/function-bundle.ts), X-Ray tracing, JSON logs with a retention,
 * and `bind…` helpers that grant access and set the matching environment variable together.
 */
export class AppFunction extends LambdaFunction {
  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      code: bundledCode(props.entry),
      handler: 'index.handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(15),
      tracing: Tracing.ACTIVE,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: { ...FUNCTION_ENVIRONMENT, ...props.environment },
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
