import { execFileSync } from 'node:child_process';
import { ArnFormat, AssetHashType, AssetStaging, DockerImage, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Alias, Architecture, type CfnFunction, Code, type IFunction, Function as LambdaFunction, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IStringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { PROJECT_ROOT } from '../paths';
import { MailConfigSchema, ParameterConfigSchema, TableConfigSchema, WorkflowConfigSchema, envFor } from '../../shared/contracts/env';

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
  // Traces carry no function results: they hold names and e-mail addresses.
  POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
  // The AWS SDK clients are traced one by one (functions/lib/tracing.ts); patching https as well would trace each call twice.
  POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS: 'false',
};

/** The alias every caller (API, state machine, SNS) invokes, and new workflow executions start on; deploys move it to the new version. */
export const LIVE_ALIAS = 'live';

export interface AppFunctionProps {
  /** Handler module relative to functions/, e.g. `http/submit-registration.ts`. */
  entry: string;
  description: string;
  environment?: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
  /** Concurrency reserved for (and limiting) the function. */
  reservedConcurrentExecutions?: number;
}

/** What a function does with the table, narrowed as far as its code allows. */
export interface TableUse {
  /** `read`: GetItem, BatchGetItem, Query, ConditionCheckItem; `write` adds PutItem, UpdateItem, BatchWriteItem. */
  access: 'read' | 'write';
  /** DeleteItem, which a transaction's Delete also needs; only for functions that delete. */
  deletes?: boolean;
  /** The secondary indexes the function queries; none by default. */
  indexes?: string[];
  /** Partition key prefixes the function is confined to (`dynamodb:LeadingKeys`), e.g. `REG#`. */
  partitions?: string[];
}

const TABLE_ACTIONS = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'],
  delete: ['dynamodb:DeleteItem'],
};
/** What DynamoDB asks KMS for on the caller's behalf, for a table under a customer managed key. */
const TABLE_KEY_ACTIONS = {
  read: ['kms:Decrypt', 'kms:DescribeKey'],
  write: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'],
};

/**
 * The one function construct of the project: Node.js 24 on arm64, an ESM bundle minified with
 * source maps (infra/bundling/function-bundle.ts), X-Ray tracing, JSON logs with a retention in
 * a log group that outlives the stack, a role of its own that may write to that log group only,
 * a version published on every change behind the `live` alias, and `bind…` helpers that grant
 * access and set the matching environment variable together.
 */
export class AppFunction extends LambdaFunction {
  /** The alias callers invoke. */
  readonly live: Alias;
  private liveArn?: IFunction;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.THREE_MONTHS,
      // The audit trail: kept when the function, or the whole compute stack, is replaced.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(scope, `${id}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: `exam-forms ${id}` });
    // Instead of AWSLambdaBasicExecutionRole (any log group of the account): this function's own.
    role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    super(scope, id, {
      code: bundledCode(props.entry),
      handler: 'index.handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(15),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: { ...FUNCTION_ENVIRONMENT, ...props.environment },
      // Old versions stay: executions and rollbacks may still need them.
      currentVersionOptions: { removalPolicy: RemovalPolicy.RETAIN },
    });
    this.live = new Alias(this, 'Live', { aliasName: LIVE_ALIAS, version: this.currentVersion });
    (this.node.defaultChild as CfnFunction).addMetadata(ENTRY_METADATA_KEY, props.entry);
  }

  /**
   * The `live` alias as a state machine task names it: `<function ARN>:live`, which is what
   * CloudFormation resolves the alias to, spelled out so the definition carries an ARN.
   */
  liveArnReference(): IFunction {
    this.liveArn ??= Alias.fromAliasAttributes(this, 'LiveArn', { aliasName: LIVE_ALIAS, aliasVersion: this.currentVersion });
    return this.liveArn;
  }

  /**
   * Keeps the function, its role, alias and versions when it leaves the template (a rename, a
   * task taken out of the workflow): executions started on an older definition still call it.
   */
  retainForWaitingExecutions(): this {
    for (const c of [this, this.role, this.role?.node.tryFindChild('DefaultPolicy'), this.live]) {
      (c as { applyRemovalPolicy?: (p: RemovalPolicy) => void } | undefined)?.applyRemovalPolicy?.(RemovalPolicy.RETAIN);
    }
    return this;
  }

  /** Table access named item by item: the table and only the indexes the function queries, never `index/*`. */
  bindTable(table: ITableV2, use: TableUse): this {
    const actions = [...TABLE_ACTIONS.read, ...(use.access === 'write' ? TABLE_ACTIONS.write : []), ...(use.deletes ? TABLE_ACTIONS.delete : [])];
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions,
        resources: [table.tableArn, ...(use.indexes ?? []).map((i) => `${table.tableArn}/index/${i}`)],
        ...(use.partitions ? { conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': use.partitions.map((p) => `${p}*`) } } } : {}),
      }),
    );
    if (table.encryptionKey) {
      this.addToRolePolicy(
        new iam.PolicyStatement({
          actions: [...TABLE_KEY_ACTIONS.read, ...(use.access === 'write' ? TABLE_KEY_ACTIONS.write : [])],
          resources: [table.encryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }
    return this.addConfig(envFor(TableConfigSchema, { TABLE_NAME: table.tableName }));
  }

  /**
   * Permission to start approval rounds, and to stop them when a registration is cancelled.
   * New rounds start through the state machine's `live` alias (STATE_MACHINE_ALIAS_ARN); the
   * unqualified ARN stays allowed while handlers still start with STATE_MACHINE_ARN.
   */
  bindWorkflowStart(arns: { stateMachineArn: string; aliasArn: string; executionArnPattern: string }): this {
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [arns.stateMachineArn, arns.aliasArn] }));
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:StopExecution'], resources: [arns.executionArnPattern] }));
    return this.addConfig(envFor(WorkflowConfigSchema, { STATE_MACHINE_ARN: arns.stateMachineArn, STATE_MACHINE_ALIAS_ARN: arns.aliasArn }));
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

  /** Sets environment variables, named by the configuration schemas (envFor) that parse them. */
  addConfig(environment: Record<string, string>): this {
    for (const [k, v] of Object.entries(environment)) this.addEnvironment(k, v);
    return this;
  }

  /** Permission to send mail from the configured address only, through the configured identity and configuration set. */
  bindMail(args: { identityArn: string; configurationSetName: string; configurationSetArn: string; from: string; environment: Record<string, string> }): this {
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [args.identityArn, args.configurationSetArn],
        conditions: { StringEquals: { 'ses:FromAddress': args.from } },
      }),
    );
    return this.addConfig({ ...envFor(MailConfigSchema, { MAIL_CONFIGURATION_SET: args.configurationSetName, MAIL_FROM: args.from }), ...args.environment });
  }

  /** Permission to read settings that change without a deploy (Parameter Store), and where they are (CONFIG_PARAMETERS_PATH). */
  bindParameters(path: string, parameters: IStringParameter[]): this {
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['ssm:GetParameters'], resources: parameters.map((p) => p.parameterArn) }));
    for (const [k, v] of Object.entries(envFor(ParameterConfigSchema, { CONFIG_PARAMETERS_PATH: path }))) this.addEnvironment(k, v);
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
    aliasArn: stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: `${name}:${LIVE_ALIAS}`, arnFormat }),
    executionArnPattern: stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${name}:*`, arnFormat }),
  };
};
