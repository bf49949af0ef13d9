import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, routeKey } from '../../functions/http/routes';
import { buildApp } from '../../infra/app';
import { API_4XX_MIN_REQUESTS, API_4XX_RATE_THRESHOLD, API_P99_LATENCY_MS, DURATION_NEAR_TIMEOUT } from '../../infra/constructs/alarms';
import { DISPATCHER_BUSY_WAIT, EXECUTION_TIMEOUT, LAMBDA_THROTTLE_RETRY } from '../../infra/constructs/approval-workflow';
import { BUSINESS_METRICS } from '../../infra/constructs/dashboard';
import { BUSINESS_METRICS_EMF } from '../../shared/contracts/metrics';
import { BACKUP_LOCK, BACKUP_RETENTION } from '../../infra/stacks/stateful-stack';
import { ACCESS_LOG_FIELDS, MEMORY_MB, PUBLIC_ROUTE_THROTTLE, RESERVED_CONCURRENCY, TABLE_USE } from '../../infra/stacks/stateless-stack';
import { synthTemplates } from '../support/synth';

/**
 * Production readiness (issue 18), proven on the synthesized templates: the default stage
 * (dev, as `npm run synth` builds it) and a production stage with its own domains, chat and
 * on-call alarms, a cross-account backup copy and a cost center.
 */

type Resource = {
  Type: string;
  Properties: Record<string, any>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  UpdatePolicy?: any;
  Metadata?: Record<string, unknown>;
};
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, any>; Principal?: any };

const SYNTH_TIMEOUT = 300_000;
const PROD = {
  'examForms:stage': 'prod',
  'examForms:siteDomain': 'exam.example.edu',
  'examForms:siteCertificateArn': 'arn:aws:acm:us-east-1:222222222222:certificate/0b5d1f3e-1111-2222-3333-444455556666',
  'examForms:apiDomain': 'api.exam.example.edu',
  'examForms:alarmChat': 'slack:T0123ABCD/C0456EFGH',
  'examForms:alarmOnCallUrl': 'https://events.pagerduty.com/integration/0123456789abcdef/enqueue',
  'examForms:backupCopyVaultArn': 'arn:aws:backup:eu-north-1:333333333333:backup-vault:exam-forms-copies',
  'examForms:costCenter': 'IT-4200',
  'examForms:mailSendRate': '14',
};

let dev: ReturnType<typeof synthTemplates>;
beforeAll(() => {
  dev = synthTemplates();
}, SYNTH_TIMEOUT);

const resources = (t: Template, type: string) => Object.entries(t.findResources(type)) as [string, Resource][];
const appFunctions = (t: Template) => resources(t, 'AWS::Lambda::Function').filter(([, f]) => f.Metadata?.['ExamForms::Entry']);
const functionId = (t: Template, constructId: string) => {
  const found = appFunctions(t).filter(([id]) => id.startsWith(constructId) && /^[0-9A-F]{8}$/.test(id.slice(constructId.length)));
  expect(found, constructId).toHaveLength(1);
  return (found[0] as [string, Resource])[0];
};
const alarmNamed = (t: Template, stage: string, id: string) => {
  const found = resources(t, 'AWS::CloudWatch::Alarm').find(([, a]) => a.Properties.AlarmName === `exam-forms-${stage}-${id}`);
  expect(found, id).toBeDefined();
  return found as [string, Resource];
};
const policyStatements = (t: Template, rolePrefix: string) =>
  resources(t, 'AWS::IAM::Policy')
    .filter(([id]) => id.startsWith(`${rolePrefix}Role`))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
const actionsOf = (s: Statement) => ([] as string[]).concat(s.Action);
const json = (v: unknown) => JSON.stringify(v);
const definitionOf = (t: Template) => {
  const [, sm] = resources(t, 'AWS::StepFunctions::StateMachine')[0] as [string, Resource];
  return sm.Properties.DefinitionString['Fn::Join'][1] as unknown[];
};
/** The state machine's definition, parsed, with every resolved reference written as 'ARN'. */
const parsedDefinition = (t: Template) =>
  JSON.parse(
    definitionOf(t)
      .map((p) => (typeof p === 'string' ? p : 'ARN'))
      .join(''),
  ) as { States: Record<string, any> };
const environmentOf = (t: Template, constructId: string) =>
  (t.toJSON().Resources[functionId(t, constructId)] as Resource).Properties.Environment.Variables as Record<string, unknown>;

describe('1. SES delivery events are never dropped', () => {
  it('record-delivery-event runs through its alias, whose failed asynchronous events go to an encrypted queue', () => {
    const fn = functionId(dev.api, 'RecordDeliveryEvent');
    const [[, config]] = resources(dev.api, 'AWS::Lambda::EventInvokeConfig') as [[string, Resource]];
    expect(config.Properties).toMatchObject({ FunctionName: { Ref: fn }, MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 6 * 3600 });
    expect(json(config.Properties.Qualifier)).toMatch(/RecordDeliveryEventLive/);
    expect(json(config.Properties.DestinationConfig.OnFailure.Destination)).toMatch(/DeliveryEventsFailed.*Arn/);
    for (const name of ['DeliveryEventsFailed', 'DeliveryEventsUndelivered']) {
      const [, queue] = resources(dev.data, 'AWS::SQS::Queue').find(([id]) => id.startsWith(name)) as [string, Resource];
      expect(queue.Properties).toMatchObject({
        KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^MailDeliveryEventsKey/), 'Arn'] },
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
      expect(queue.DeletionPolicy).toBe('Retain');
    }
    const statements = policyStatements(dev.api, 'RecordDeliveryEvent');
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'sqs:SendMessage',
        Resource: expect.objectContaining({ 'Fn::ImportValue': expect.stringMatching(/DeliveryEventsFailed/) }),
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Condition: { StringEquals: { 'kms:ViaService': 'sqs.eu-north-1.amazonaws.com' } } }),
    );
  });

  it('SNS invokes the alias and keeps what it cannot deliver in an encrypted dead-letter queue it alone may write to', () => {
    dev.api.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { Ref: Match.stringLikeRegexp('^RecordDeliveryEventLive') },
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::ImportValue': Match.stringLikeRegexp('DeliveryEventsUndelivered') } },
    });
    dev.data.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sqs:SendMessage',
            Principal: { Service: 'sns.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': { Ref: Match.stringLikeRegexp('^MailDeliveryEvents') } } },
          }),
        ]),
      },
    });
  });

  it('alarms on dropped events, failed destination writes, events waiting in either queue and SNS delivery failures', () => {
    const fn = functionId(dev.api, 'RecordDeliveryEvent');
    for (const [id, metric] of [
      ['DeliveryEventsDropped', 'AsyncEventsDropped'],
      ['DeliveryEventsDestinationFailed', 'DestinationDeliveryFailures'],
    ]) {
      const [, a] = alarmNamed(dev.api, 'dev', id as string);
      expect(a.Properties).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: metric, Threshold: 1, Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn } }] });
    }
    for (const queue of ['DeliveryEventsFailed', 'DeliveryEventsUndelivered']) {
      const [, a] = alarmNamed(dev.api, 'dev', `${queue}Queue`);
      expect(a.Properties).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1 });
      expect(json(a.Properties.Dimensions)).toContain(queue);
    }
    const [, sns] = alarmNamed(dev.api, 'dev', 'DeliveryEventsNotDelivered');
    expect(sns.Properties).toMatchObject({ Namespace: 'AWS/SNS', MetricName: 'NumberOfNotificationsFailed', Threshold: 1 });
  });

  it('outputs the queue URLs the redrive reads, and docs/operations.md says how to redrive both', () => {
    dev.data.hasOutput('DeliveryEventsFailedQueueUrl', {});
    dev.data.hasOutput('DeliveryEventsUndeliveredQueueUrl', {});
    const doc = readFileSync(path.join(import.meta.dirname, '../../docs/operations.md'), 'utf8');
    expect(doc).toMatch(/## Redriving delivery events/);
    for (const name of ['DeliveryEventsFailedQueueUrl', 'DeliveryEventsUndeliveredQueueUrl']) expect(doc).toContain(name);
  });
});

describe('2. deploys under waiting executions', () => {
  it('every function publishes a version on each change, kept after it is superseded, behind a live alias', () => {
    const versions = resources(dev.api, 'AWS::Lambda::Version');
    const aliases = resources(dev.api, 'AWS::Lambda::Alias');
    for (const [fn] of appFunctions(dev.api)) {
      const [versionId, version] = versions.find(([, v]) => json(v.Properties.FunctionName) === json({ Ref: fn })) ?? [];
      expect(version?.DeletionPolicy, fn).toBe('Retain');
      const alias = aliases.find(([, a]) => json(a.Properties.FunctionName) === json({ Ref: fn }));
      expect(alias?.[1].Properties, fn).toMatchObject({ Name: 'live', FunctionVersion: { 'Fn::GetAtt': [versionId, 'Version'] } });
    }
  });

  it('every task of the workflow calls its function’s live alias by ARN, and the state machine may invoke nothing else', () => {
    const parts = definitionOf(dev.api);
    const calls = parts.flatMap((p, i) => (typeof p === 'object' && json(p).includes('"Arn"') ? [[p, parts[i + 1]]] : []));
    expect(calls.length).toBeGreaterThanOrEqual(6);
    for (const [ref, next] of calls) expect({ ref, next: String(next).slice(0, 5) }).toEqual({ ref, next: ':live' });
    const invoke = resources(dev.api, 'AWS::IAM::Policy')
      .filter(([id]) => id.startsWith('ApprovalWorkflowStateMachineRole'))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[])
      .filter((s) => actionsOf(s).includes('lambda:InvokeFunction'));
    expect(invoke.length).toBe(6);
    for (const s of invoke) expect(s.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.any(String), 'Arn'] }, ':live']] });
  });

  it('each definition is published as a retained version; new executions start on the live alias, which rolls back on a failed workflow', () => {
    const [smId] = resources(dev.api, 'AWS::StepFunctions::StateMachine')[0] as [string, Resource];
    const [[versionId, version]] = resources(dev.api, 'AWS::StepFunctions::StateMachineVersion') as [[string, Resource]];
    expect(version).toMatchObject({
      Properties: { StateMachineArn: { Ref: smId }, StateMachineRevisionId: { 'Fn::GetAtt': [smId, 'StateMachineRevisionId'] } },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    const [failedAlarm] = alarmNamed(dev.api, 'dev', 'WorkflowFailed');
    dev.api.hasResourceProperties('AWS::StepFunctions::StateMachineAlias', {
      Name: 'live',
      DeploymentPreference: { StateMachineVersionArn: { 'Fn::GetAtt': [versionId, 'Arn'] }, Type: 'ALL_AT_ONCE', Alarms: [{ Ref: failedAlarm }] },
    });
    for (const route of ROUTES.filter((r) => r.uses?.includes('workflow'))) {
      expect(json(environmentOf(dev.api, route.id).STATE_MACHINE_ALIAS_ARN)).toContain(':states:eu-north-1:111111111111:stateMachine:exam-forms-dev-approval:live');
      const start = policyStatements(dev.api, route.id).find((s) => actionsOf(s).includes('states:StartExecution'));
      expect(json(start?.Resource)).toContain(':stateMachine:exam-forms-dev-approval:live');
    }
  });

  it('task functions, their roles, policies and aliases stay when they leave the template: waiting executions can still call them', () => {
    for (const id of ['PlanApprovalRound', 'RequestDecision', 'CloseApprovalRound', 'PrepareNotice', 'DispatchNotice', 'RecordWorkflowFailure']) {
      const fn = functionId(dev.api, id);
      const all = dev.api.toJSON().Resources as Record<string, Resource>;
      const role = Object.keys(all).find((k) => k.startsWith(`${id}Role`) && all[k]?.Type === 'AWS::IAM::Role') as string;
      const policy = Object.keys(all).find((k) => k.startsWith(`${id}RoleDefaultPolicy`)) as string;
      const alias = Object.keys(all).find((k) => k.startsWith(`${id}Live`) && all[k]?.Type === 'AWS::Lambda::Alias') as string;
      for (const r of [fn, role, policy, alias]) expect({ id: r, policy: all[r]?.DeletionPolicy }).toEqual({ id: r, policy: 'Retain' });
    }
  });

  it('the API and SNS invoke the live aliases; the API functions roll out through CodeDeploy and roll back on their errors or API 5xx', () => {
    const [apiErrors] = alarmNamed(dev.api, 'dev', 'ApiServerErrors');
    for (const route of ROUTES) {
      const fn = functionId(dev.api, route.id);
      const [aliasId, alias] = resources(dev.api, 'AWS::Lambda::Alias').find(([, a]) => json(a.Properties.FunctionName) === json({ Ref: fn })) as [string, Resource];
      dev.api.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationUri: { Ref: aliasId } });
      const group = alias.UpdatePolicy?.CodeDeployLambdaAliasUpdate?.DeploymentGroupName?.Ref as string;
      const [errors] = alarmNamed(dev.api, 'dev', `${route.id}Errors`);
      expect((dev.api.toJSON().Resources[group] as Resource).Properties).toMatchObject({
        DeploymentConfigName: 'CodeDeployDefault.LambdaAllAtOnce',
        AutoRollbackConfiguration: {
          Enabled: true,
          Events: expect.arrayContaining(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST', 'DEPLOYMENT_STOP_ON_ALARM']),
        },
        AlarmConfiguration: { Enabled: true, Alarms: [{ Name: { Ref: errors } }, { Name: { Ref: apiErrors } }] },
      });
    }
  });
});

describe('3. where it deploys', () => {
  it('every stack targets the account and region cdk.json names for the stage, an EU region', () => {
    const assembly = dev.assembly;
    for (const stack of [dev.stateful, dev.stateless]) {
      expect(assembly.getStackByName(stack.stackName).environment).toMatchObject({ account: '111111111111', region: 'eu-north-1' });
    }
    expect(dev.config.env.region).toMatch(/^eu-/);
  });

  it('defaults to the non-production stage dev: no termination protection, all-at-once rollouts', () => {
    expect(dev.config.stage).toBe('dev');
    expect(dev.config.env.production).toBe(false);
    expect(dev.stateful.terminationProtection).toBe(false);
  });

  it('refuses a stage without an account and region: nothing falls back to the credentials of whoever runs the CLI', () => {
    expect(() => buildApp({ nag: false, context: { 'examForms:stage': 'test' } })).toThrow(/examForms:environments: has no account and region for stage "test"/);
    expect(() => buildApp({ nag: false, context: { 'examForms:environments': { dev: { region: 'eu-north-1' } } } })).toThrow(/examForms:environments\.dev\.account/);
    expect(() => buildApp({ nag: false, context: { 'examForms:environments': { dev: { account: '111111111111', region: 'Stockholm' } } } })).toThrow(/region/);
  });

  it('names resources and tags every resource by stage', () => {
    expect([dev.stateful.stackName, dev.stateless.stackName]).toEqual(['ExamForms-dev-Data', 'ExamForms-dev-Api']);
    dev.api.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineName: 'exam-forms-dev-approval' });
    dev.api.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'exam-forms-dev-operations' });
    dev.data.hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultName: 'exam-forms-dev-backups' });
    dev.data.hasResourceProperties('AWS::SSM::Parameter', { Name: '/exam-forms/dev/approvers/IT' });
    for (const [, a] of resources(dev.api, 'AWS::CloudWatch::Alarm')) expect(a.Properties.AlarmName).toMatch(/^exam-forms-dev-/);
    const tags = [
      { Key: 'environment', Value: 'non-production' },
      { Key: 'project', Value: 'exam-forms' },
      { Key: 'stage', Value: 'dev' },
    ];
    for (const [, f] of appFunctions(dev.api)) expect(f.Properties.Tags).toEqual(expect.arrayContaining(tags));
    dev.data.hasResourceProperties('AWS::DynamoDB::GlobalTable', { Replicas: [Match.objectLike({ Tags: Match.arrayWith(tags) })] });
  });
});

describe('4. a lock-out is an alarm', () => {
  it("alarms when most of the API's answers are 4xx for 10 minutes (every token refused), given enough requests to mean something", () => {
    const [, a] = alarmNamed(dev.api, 'dev', 'ApiClientErrorRate');
    expect(a.Properties).toMatchObject({ Threshold: API_4XX_RATE_THRESHOLD, EvaluationPeriods: 2, DatapointsToAlarm: 2 });
    const metrics = a.Properties.Metrics as { Id: string; Expression?: string; MetricStat?: { Metric: { MetricName: string; Dimensions: unknown } } }[];
    expect(metrics.find((m) => m.Expression)?.Expression).toBe(`IF(FILL(requests, 0) >= ${API_4XX_MIN_REQUESTS}, FILL(errors, 0) / requests, 0)`);
    const [api] = resources(dev.api, 'AWS::ApiGatewayV2::Api')[0] as [string, Resource];
    expect(metrics.filter((m) => m.MetricStat).map((m) => [m.Id, m.MetricStat?.Metric.MetricName, m.MetricStat?.Metric.Dimensions])).toEqual([
      ['requests', 'Count', [{ Name: 'ApiId', Value: { Ref: api } }]],
      ['errors', '4xx', [{ Name: 'ApiId', Value: { Ref: api } }]],
    ]);
  });

  it("alarms on the API's p99 latency", () => {
    const [, a] = alarmNamed(dev.api, 'dev', 'ApiLatencyP99');
    expect(a.Properties).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Threshold: API_P99_LATENCY_MS,
      EvaluationPeriods: 3,
    });
  });
});

describe('5. throttling and concurrency', () => {
  it('every public route has a low limit of its own, below the stage-wide one', () => {
    const [[, stage]] = resources(dev.api, 'AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    const publicKeys = ROUTES.filter((r) => r.public).map(routeKey);
    expect(Object.keys(stage.Properties.RouteSettings).sort()).toEqual(publicKeys.sort());
    for (const key of publicKeys) {
      const limit = PUBLIC_ROUTE_THROTTLE[key];
      expect(stage.Properties.RouteSettings[key]).toEqual({ ThrottlingRateLimit: limit?.rateLimit, ThrottlingBurstLimit: limit?.burstLimit });
      expect(limit?.rateLimit).toBeLessThan(stage.Properties.DefaultRouteSettings.ThrottlingRateLimit);
    }
  });

  it('the functions behind public routes, and the dispatcher, have reserved concurrency', () => {
    for (const route of ROUTES.filter((r) => r.public)) expect(RESERVED_CONCURRENCY[route.id], route.id).toBeGreaterThan(0);
    for (const [id, reserved] of Object.entries(RESERVED_CONCURRENCY)) {
      expect((dev.api.toJSON().Resources[functionId(dev.api, id)] as Resource).Properties.ReservedConcurrentExecutions).toBe(reserved);
    }
  });

  it("every task retries Lambda's own throttling with full jitter", () => {
    const definition = parsedDefinition(dev.api);
    const tasks: [string, any][] = [];
    const walk = (states: Record<string, any>) => {
      for (const [name, s] of Object.entries(states)) {
        if (s.Type === 'Task') tasks.push([name, s]);
        if (s.ItemProcessor) walk(s.ItemProcessor.States);
      }
    };
    walk(definition.States);
    expect(tasks.length).toBeGreaterThanOrEqual(6);
    for (const [name, s] of tasks) {
      const retry = (s.Retry as any[]).find((r) => r.ErrorEquals.includes('Lambda.TooManyRequestsException'));
      expect({ name, retry }).toEqual({
        name,
        retry: {
          ErrorEquals: ['Lambda.TooManyRequestsException'],
          IntervalSeconds: LAMBDA_THROTTLE_RETRY.interval.toSeconds(),
          MaxAttempts: LAMBDA_THROTTLE_RETRY.maxAttempts,
          BackoffRate: LAMBDA_THROTTLE_RETRY.backoffRate,
          MaxDelaySeconds: LAMBDA_THROTTLE_RETRY.maxDelay.toSeconds(),
          JitterStrategy: 'FULL',
        },
      });
    }
  });
});

describe('6. one SES send rate across executions', () => {
  it('a notice whose dispatcher stays busy past every retry waits and queues again, instead of failing its execution', () => {
    const definition = parsedDefinition(dev.api);
    const iteration = definition.States.SendStudentNotices.ItemProcessor.States as Record<string, any>;
    expect(iteration.DispatchNotice.Catch).toEqual([{ ErrorEquals: ['Lambda.TooManyRequestsException'], ResultPath: null, Next: 'WaitForDispatcher' }]);
    expect(iteration.WaitForDispatcher).toEqual({ Type: 'Wait', Seconds: DISPATCHER_BUSY_WAIT.toSeconds(), Next: 'DispatchNotice' });
  });

  it('one dispatcher runs at a time (reserved concurrency 1), with the whole configured rate', () => {
    const fn = dev.api.toJSON().Resources[functionId(dev.api, 'DispatchNotice')] as Resource;
    expect(fn.Properties.ReservedConcurrentExecutions).toBe(1);
    expect(fn.Properties.Environment.Variables.MAIL_SEND_RATE).toBe(String(dev.config.mailSendRate));
    expect(dev.config.mailSendRate).toBe(10);
  });

  it('its throttling is alarmed only when it lasts 15 minutes (parallel dispatches queue up by design)', () => {
    const [, a] = alarmNamed(dev.api, 'dev', 'DispatchNoticeThrottles');
    expect(a.Properties).toMatchObject({ MetricName: 'Throttles', EvaluationPeriods: 3, DatapointsToAlarm: 3 });
  });
});

describe('7. alarms and a dashboard', () => {
  it('every function: throttles, and a slowest invocation near its timeout', () => {
    for (const [fn, f] of appFunctions(dev.api)) {
      const watched = (metric: string) =>
        resources(dev.api, 'AWS::CloudWatch::Alarm').filter(
          ([, a]) => a.Properties.MetricName === metric && json(a.Properties.Dimensions) === json([{ Name: 'FunctionName', Value: { Ref: fn } }]),
        );
      expect(watched('Throttles'), fn).toHaveLength(1);
      const [[, duration]] = watched('Duration') as [[string, Resource]];
      expect(duration.Properties).toMatchObject({ Statistic: 'Maximum', Threshold: Math.round(f.Properties.Timeout * 1000 * DURATION_NEAR_TIMEOUT) });
    }
  });

  it('the workflow: aborted other than by cancellation, throttled and timed out, with an execution timeout that can fire', () => {
    const [, aborted] = alarmNamed(dev.api, 'dev', 'WorkflowAborted');
    const metrics = aborted.Properties.Metrics as { Id: string; Expression?: string; MetricStat?: { Metric: { Namespace: string; MetricName: string } } }[];
    expect(metrics.map((m) => m.MetricStat?.Metric.MetricName ?? m.Expression).sort()).toEqual([
      'ExecutionsAborted',
      'IF(aborted > FILL(cancelled, 0), aborted - FILL(cancelled, 0), 0)',
      'RegistrationsCancelled',
    ]);
    expect(alarmNamed(dev.api, 'dev', 'WorkflowThrottled')[1].Properties).toMatchObject({ Namespace: 'AWS/States', MetricName: 'ExecutionThrottled' });
    expect(alarmNamed(dev.api, 'dev', 'WorkflowTimedOut')[1].Properties).toMatchObject({ Namespace: 'AWS/States', MetricName: 'ExecutionsTimedOut' });
    expect(
      definitionOf(dev.api)
        .filter((p) => typeof p === 'string')
        .join(''),
    ).toContain(`"TimeoutSeconds":${EXECUTION_TIMEOUT.toSeconds()}`);
  });

  it('the table: throttled requests and system errors, over every operation the functions call', () => {
    for (const [id, metric] of [
      ['TableThrottled', 'ThrottledRequests'],
      ['TableSystemErrors', 'SystemErrors'],
    ]) {
      const [, a] = alarmNamed(dev.api, 'dev', id as string);
      const stats = (a.Properties.Metrics as { MetricStat?: { Metric: { MetricName: string; Dimensions: { Name: string; Value: unknown }[] } } }[]).filter(
        (m) => m.MetricStat,
      );
      expect(stats.map((m) => m.MetricStat?.Metric.Dimensions.find((d) => d.Name === 'Operation')?.Value).sort()).toEqual([
        'BatchGetItem',
        'BatchWriteItem',
        'DeleteItem',
        'GetItem',
        'PutItem',
        'Query',
        'TransactWriteItems',
        'UpdateItem',
      ]);
      for (const m of stats) expect(m.MetricStat?.Metric.MetricName).toBe(metric);
    }
  });

  it('one dashboard: registrations, decisions, letters sent, bounces, then every alarm, API, workflow, functions, table and queues', () => {
    const [[, dashboard]] = resources(dev.api, 'AWS::CloudWatch::Dashboard') as [[string, Resource]];
    const body = json(dashboard.Properties.DashboardBody);
    for (const name of Object.keys(BUSINESS_METRICS)) expect(body).toContain(name);
    for (const title of [
      'Registrations and decisions',
      'Incidents and failed workflows',
      'Student e-mail sent',
      'Bounces and complaints',
      'Alarms',
      'API answers',
      'Approval workflows',
      'Functions',
      'Delivery events not recorded',
    ]) {
      expect(body).toContain(title);
    }
    expect(body).toContain('ExamForms/dev');
  });

  it('graphs every figure the functions publish in EMF, with the dimensions they publish it with', () => {
    const [[, dashboard]] = resources(dev.api, 'AWS::CloudWatch::Dashboard') as [[string, Resource]];
    // The body is a join of text and references (region, alarm ARNs), each inside a JSON string.
    const parts = (dashboard.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    const body = parts.map((p) => (typeof p === 'string' ? p : 'ref')).join('');
    const widgets = (JSON.parse(body) as { widgets: { properties: { metrics?: unknown[][] } }[] }).widgets;
    const lines = widgets.flatMap((w) => w.properties.metrics ?? []);
    for (const [name, dimensions] of Object.entries(BUSINESS_METRICS_EMF)) {
      if (dimensions.length === 0) {
        // [namespace, name, "service", "exam-forms", { options }]: the dimension set the EMF line carries.
        expect(lines, name).toContainEqual(['ExamForms/dev', name, 'service', 'exam-forms', expect.anything()]);
      } else {
        const schema = ['ExamForms/dev', 'service', ...dimensions].join(',');
        expect(lines, name).toContainEqual([
          expect.objectContaining({ expression: `SEARCH('{${schema}} MetricName="${name}" service="exam-forms"', 'Sum', 3600)` }),
        ]);
      }
    }
  });

  it('the figures no function publishes in EMF are counted from the lines the handlers log, in the stage’s namespace', () => {
    dev.api.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ ($.message = "request") && ($.status = 200) }',
      MetricTransformations: [{ MetricName: 'RegistrationsCancelled', MetricNamespace: 'ExamForms/dev', MetricValue: '1', Unit: 'Count' }],
      LogGroupName: { Ref: Match.stringLikeRegexp('^CancelRegistrationLogs') },
    });
    // What EMF publishes is not counted twice from the logs.
    for (const name of Object.keys(BUSINESS_METRICS_EMF)) {
      expect(JSON.stringify(dev.api.findResources('AWS::Logs::MetricFilter')), name).not.toContain(`"MetricName":"${name}"`);
    }
    for (const [, f] of appFunctions(dev.api)) {
      expect(f.Properties.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE).toBe('ExamForms/dev');
      expect(f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe('exam-forms');
    }
  });
});

describe('8. mail that arrives', () => {
  it('verifies a sending subdomain with 2048-bit DKIM and its own MAIL FROM, and outputs the DNS records', () => {
    dev.data.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'mail.exam.example.edu',
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
      MailFromAttributes: { MailFromDomain: 'bounce.mail.exam.example.edu', BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' },
    });
    for (const i of [1, 2, 3]) {
      dev.data.hasOutput(`MailDkimRecord${i}`, {
        Value: {
          'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.anyValue(), `DkimDNSTokenName${i}`] }, ' CNAME ', { 'Fn::GetAtt': [Match.anyValue(), `DkimDNSTokenValue${i}`] }]],
        },
      });
    }
    dev.data.hasOutput('MailFromMxRecord', { Value: 'bounce.mail.exam.example.edu MX 10 feedback-smtp.eu-north-1.amazonses.com' });
    dev.data.hasOutput('MailFromSpfRecord', { Value: 'bounce.mail.exam.example.edu TXT "v=spf1 include:amazonses.com ~all"' });
    dev.data.hasOutput('MailDmarcRecord', { Value: Match.stringLikeRegexp('^_dmarc\\.mail\\.exam\\.example\\.edu TXT "v=DMARC1') });
  });

  it('refuses the whole university domain, and a sender outside the identity', () => {
    expect(() => buildApp({ nag: false, context: { 'examForms:mailDomain': 'example.edu', 'examForms:mailFrom': 'exam-forms@example.edu' } })).toThrow(
      /examForms:mailDomain: a dedicated sending subdomain/,
    );
    expect(() => buildApp({ nag: false, context: { 'examForms:mailFrom': 'exam-forms@example.edu' } })).toThrow(
      /examForms:mailFrom: must be an address at mailDomain/,
    );
  });

  it('every function may send only as the configured sender (ses:FromAddress), through the identity and configuration set', () => {
    const send = resources(dev.api, 'AWS::IAM::Policy').flatMap(([, p]) =>
      (p.Properties.PolicyDocument.Statement as Statement[]).filter((s) => actionsOf(s).some((a) => a.startsWith('ses:'))),
    );
    expect(send.length).toBeGreaterThanOrEqual(5);
    for (const s of send) {
      expect(s.Action).toBe('ses:SendEmail');
      expect(s.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'exam-forms@mail.exam.example.edu' } });
    }
  });

  it('publishes delivery delays, rejects and rendering failures with bounces and complaints, and every sending event as metrics', () => {
    dev.data.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        MatchingEventTypes: ['bounce', 'complaint', 'deliveryDelay', 'reject', 'renderingFailure'],
        SnsDestination: Match.anyValue(),
      }),
    });
    dev.data.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        MatchingEventTypes: Match.arrayWith(['send', 'delivery', 'deliveryDelay']),
        CloudWatchDestination: { DimensionConfigurations: [{ DimensionName: 'kind', DimensionValueSource: 'messageTag', DefaultDimensionValue: 'student-notice' }] },
      }),
    });
    for (const id of ['SesRejects', 'SesRenderingFailures']) expect(alarmNamed(dev.api, 'dev', id)[1].Properties.Namespace).toBe('AWS/SES');
  });

  it("the README's deploy section covers leaving the SES sandbox and the DNS records", () => {
    const readme = readFileSync(path.join(import.meta.dirname, '../../README.md'), 'utf8');
    const deploy = readme.slice(readme.indexOf('## Deploy'), readme.indexOf('## Data model'));
    expect(deploy).toMatch(/sandbox/i);
    expect(deploy).toMatch(/eu-north-1/);
    expect(deploy).toContain('docs/operations.md');
  });
});

describe('9. the audit trail is kept', () => {
  it('keeps the SES identity, the configuration set, the table, its keys and every log group when a stack goes', () => {
    for (const type of ['AWS::SES::EmailIdentity', 'AWS::SES::ConfigurationSet', 'AWS::DynamoDB::GlobalTable', 'AWS::KMS::Key']) {
      for (const [id, r] of resources(dev.data, type)) expect({ id, policy: r.DeletionPolicy }).toEqual({ id, policy: 'Retain' });
    }
    const logGroups = resources(dev.api, 'AWS::Logs::LogGroup');
    expect(logGroups.length).toBeGreaterThan(20);
    for (const [id, r] of logGroups) expect({ id, policy: r.DeletionPolicy }).toEqual({ id, policy: 'Retain' });
  });

  it('backs the table up daily and weekly into its own encrypted vault, locked in governance mode outside production', () => {
    dev.data.hasResourceProperties('AWS::Backup::BackupVault', {
      EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupKey'), 'Arn'] },
      LockConfiguration: { MinRetentionDays: BACKUP_LOCK.min.toDays(), MaxRetentionDays: BACKUP_LOCK.max.toDays() },
    });
    dev.data.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({ RuleName: 'Daily', Lifecycle: { DeleteAfterDays: BACKUP_RETENTION.daily.toDays() }, ScheduleExpressionTimezone: 'Europe/Oslo' }),
          Match.objectLike({ RuleName: 'Weekly', Lifecycle: { DeleteAfterDays: BACKUP_RETENTION.weekly.toDays() } }),
        ],
      },
    });
    dev.data.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Table'), 'Arn'] }] }),
    });
    expect(BACKUP_RETENTION.weekly.toDays()).toBeLessThanOrEqual(BACKUP_LOCK.max.toDays());
  });
});

describe('11. API access logs', () => {
  it('one JSON line per request: route key, status, latencies, integration and authorizer errors, user agent, JWT subject', () => {
    const [[, stage]] = resources(dev.api, 'AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    expect(format).toEqual(ACCESS_LOG_FIELDS);
    expect(format).toMatchObject({
      routeKey: '$context.routeKey',
      status: '$context.status',
      responseLatency: '$context.responseLatency',
      integrationLatency: '$context.integrationLatency',
      integrationError: '$context.integrationErrorMessage',
      authorizerError: '$context.authorizer.error',
      userAgent: '$context.identity.userAgent',
      jwtSubject: '$context.authorizer.claims.sub',
    });
  });
});

describe('12. least privilege, keys and tuning', () => {
  it('encrypts the table with a rotated customer managed key, with contributor insights', () => {
    dev.data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [
        Match.objectLike({
          SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TableKey'), 'Arn'] } },
          ContributorInsightsSpecification: { Enabled: true },
        }),
      ],
    });
  });

  it('grants each function only the table actions, indexes and partitions its code uses', () => {
    for (const [id, use] of Object.entries(TABLE_USE)) {
      const [table, ...more] = policyStatements(dev.api, id).filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
      expect(more, id).toEqual([]);
      const actions = actionsOf(table as Statement);
      expect({ id, deletes: actions.includes('dynamodb:DeleteItem') }).toEqual({ id, deletes: Boolean(use.deletes) });
      expect({ id, writes: actions.includes('dynamodb:PutItem') }).toEqual({ id, writes: use.access === 'write' });
      expect(actions).not.toContain('dynamodb:Scan');
      const indexes = json(table?.Resource).match(/\/index\/\w+/g) ?? [];
      expect({ id, indexes }).toEqual({ id, indexes: (use.indexes ?? []).map((i) => `/index/${i}`) });
      expect({ id, condition: table?.Condition }).toEqual({
        id,
        condition: use.partitions ? { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': use.partitions.map((p) => `${p}*`) } } : undefined,
      });
      const key = policyStatements(dev.api, id).find((s) => actionsOf(s).includes('kms:Decrypt') && json(s.Resource).includes('TableKey'));
      expect(key?.Condition, id).toEqual({ StringEquals: { 'kms:ViaService': 'dynamodb.eu-north-1.amazonaws.com' } });
    }
    expect(Object.keys(TABLE_USE).sort()).toEqual(
      appFunctions(dev.api)
        .map(([id]) => id.slice(0, -8))
        .filter((id) => id !== 'GetOpenApi')
        .sort(),
    );
  });

  it('lets AWS services use the keys only on behalf of this account', () => {
    for (const t of [dev.data, dev.api]) {
      for (const [id, key] of resources(t, 'AWS::KMS::Key')) {
        for (const s of key.Properties.KeyPolicy.Statement as Statement[]) {
          if (!s.Principal?.Service) continue;
          expect({ id, service: s.Principal.Service, account: s.Condition?.StringEquals?.['aws:SourceAccount'] }).toEqual({
            id,
            service: s.Principal.Service,
            account: '111111111111',
          });
        }
      }
    }
  });

  it("each function's role may write only to its own log group (no AWSLambdaBasicExecutionRole)", () => {
    const roles = resources(dev.api, 'AWS::IAM::Role').filter(([, r]) => json(r.Properties.AssumeRolePolicyDocument).includes('lambda.amazonaws.com'));
    for (const [fn] of appFunctions(dev.api)) {
      const id = fn.slice(0, -8);
      const [, role] = roles.find(([r]) => r.startsWith(`${id}Role`)) as [string, Resource];
      expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
      const logs = policyStatements(dev.api, id).filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));
      expect(logs, id).toEqual([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${id}Logs`)), 'Arn'] },
        },
      ]);
    }
  });

  it('sizes memory per function, traces each with Powertools Tracer, and keeps function results out of traces', () => {
    for (const [fn, f] of appFunctions(dev.api)) {
      expect({ fn, memory: f.Properties.MemorySize }).toEqual({ fn, memory: MEMORY_MB[fn.slice(0, -8)] ?? 1024 });
      expect(f.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(f.Properties.Environment.Variables.POWERTOOLS_TRACER_CAPTURE_RESPONSE).toBe('false');
      // AWS calls are traced by their clients (functions/lib/tracing.ts); patching https too would trace each twice.
      expect(f.Properties.Environment.Variables.POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS).toBe('false');
    }
  });

  it('keeps approver mailboxes and exam periods in Parameter Store, readable by the functions that use them', () => {
    for (const [name, value] of [
      ['/exam-forms/dev/approvers/IT', 'it-exam@example.edu'],
      ['/exam-forms/dev/approvers/ED', 'ed-exam@example.edu'],
      ['/exam-forms/dev/exam-periods', Match.stringLikeRegexp('^\\[\\{"name"')],
    ] as const) {
      dev.data.hasResourceProperties('AWS::SSM::Parameter', { Name: name, Type: 'String', Value: value });
    }
    for (const [fn, f] of appFunctions(dev.api)) {
      const id = fn.slice(0, -8);
      expect(f.Properties.Environment.Variables.CONFIG_PARAMETERS_PATH).toBe('/exam-forms/dev/');
      const ssm = policyStatements(dev.api, id).filter((s) => actionsOf(s).some((a) => a.startsWith('ssm:')));
      // One read of named parameters (what the Powertools provider's getParametersByName calls): no path-wide or write access.
      expect(ssm.map(actionsOf), id).toEqual([['ssm:GetParameters']]);
      const resources = ([] as unknown[]).concat(ssm[0]?.Resource);
      const mails = Boolean(f.Properties.Environment.Variables.APPROVERS_IT);
      expect({ id, parameters: resources.length }).toEqual({ id, parameters: mails ? 3 : 1 });
      expect(json(resources), id).toContain('ExamPeriods');
      if (!mails) expect(json(resources), id).not.toContain('Approvers');
      expect(json(resources), id).not.toContain('*');
    }
  });
});

describe('production stage, with its own domains, chat and on-call, backup copy and cost center', () => {
  let prod: ReturnType<typeof buildApp>;
  let assembly: CloudAssembly;
  let data: Template;
  let api: Template;
  let certificate: Template;
  beforeAll(() => {
    prod = buildApp({ context: { 'aws:cdk:bundling-stacks': [], ...PROD } });
    assembly = prod.app.synth();
    data = Template.fromStack(prod.stateful);
    api = Template.fromStack(prod.stateless);
    certificate = Template.fromStack(prod.siteCertificate as NonNullable<typeof prod.siteCertificate>);
  }, SYNTH_TIMEOUT);

  it('passes cdk-nag AwsSolutions with no unacknowledged finding, and every acknowledgement has a reason', () => {
    const report = JSON.parse(readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; conclusion: string; violations: unknown[]; suppressedViolations?: { acknowledgedId: string; reason?: string }[] }[];
    };
    const nag = report.pluginReports.find((p) => p.pluginName === 'AwsSolutions');
    expect(nag?.violations).toEqual([]);
    expect(nag?.conclusion).toBe('success');
    expect(nag?.suppressedViolations?.length).toBeGreaterThan(0);
    for (const s of nag?.suppressedViolations ?? [])
      expect({ id: s.acknowledgedId, reason: (s.reason?.length ?? 0) > 40 }).toEqual({ id: s.acknowledgedId, reason: true });
  });

  it("passes aws-cdk-lib's built-in CloudFormation validation on both stages, with no finding", () => {
    // The other template tests synthesize without it (tests/support/synth.ts); `cdk synth` runs it.
    const { app } = buildApp({ nag: false, context: { 'aws:cdk:bundling-stacks': [] } });
    for (const directory of [app.synth().directory, assembly.directory]) {
      const report = JSON.parse(readFileSync(path.join(directory, 'validation-report.json'), 'utf8')) as {
        pluginReports: { pluginName: string; conclusion: string; violations: unknown[] }[];
      };
      const validate = report.pluginReports.find((p) => p.pluginName === 'CloudFormation Validate');
      expect({ directory, conclusion: validate?.conclusion, violations: validate?.violations }).toEqual({ directory, conclusion: 'success', violations: [] });
    }
  });

  it('9. has termination protection on every stack', () => {
    for (const stack of [prod.stateful, prod.stateless, prod.siteCertificate]) expect(stack?.terminationProtection, stack?.stackName).toBe(true);
  });

  it('9. locks the backup vault in compliance mode after a grace period, and copies every recovery point to the other account', () => {
    data.hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: {
        MinRetentionDays: BACKUP_LOCK.min.toDays(),
        MaxRetentionDays: BACKUP_LOCK.max.toDays(),
        ChangeableForDays: BACKUP_LOCK.compliesAfter.toDays(),
      },
    });
    const [[, plan]] = resources(data, 'AWS::Backup::BackupPlan') as [[string, Resource]];
    for (const rule of plan.Properties.BackupPlan.BackupPlanRule) {
      expect(rule.CopyActions).toEqual([
        { DestinationBackupVaultArn: PROD['examForms:backupCopyVaultArn'], Lifecycle: { DeleteAfterDays: rule.Lifecycle.DeleteAfterDays } },
      ]);
    }
  });

  it('2. shifts new executions to a new workflow version gradually, and API functions by canary', () => {
    api.hasResourceProperties('AWS::StepFunctions::StateMachineAlias', { DeploymentPreference: Match.objectLike({ Type: 'CANARY', Percentage: 10, Interval: 10 }) });
    const groups = resources(api, 'AWS::CodeDeploy::DeploymentGroup');
    expect(groups).toHaveLength(ROUTES.length);
    for (const [, g] of groups) expect(g.Properties.DeploymentConfigName).toBe('CodeDeployDefault.LambdaCanary10Percent5Minutes');
  });

  it('6. takes the dispatcher’s send rate from configuration', () => {
    expect(environmentOf(api, 'DispatchNotice').MAIL_SEND_RATE).toBe('14');
  });

  it('7. sends alarms to chat (AWS Chatbot, read-only guardrail) and to on-call (HTTPS) as well as e-mail', () => {
    const [topic] = resources(api, 'AWS::SNS::Topic')[0] as [string, Resource];
    api.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'https', Endpoint: PROD['examForms:alarmOnCallUrl'], TopicArn: { Ref: topic } });
    api.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', TopicArn: { Ref: topic } });
    api.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      SlackWorkspaceId: 'T0123ABCD',
      SlackChannelId: 'C0456EFGH',
      SnsTopicArns: [{ Ref: topic }],
      GuardrailPolicies: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/CloudWatchReadOnlyAccess']] }],
    });
  });

  it('10. serves the API on its own domain only, TLS 1.2, with a DNS-validated certificate', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'api.exam.example.edu',
      DomainNameConfigurations: [
        Match.objectLike({ SecurityPolicy: 'TLS_1_2', EndpointType: 'REGIONAL', CertificateArn: { Ref: Match.stringLikeRegexp('^ApiCertificate') } }),
      ],
    });
    api.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'api.exam.example.edu', ValidationMethod: 'DNS' });
    api.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { DomainName: { Ref: Match.stringLikeRegexp('^ApiDomain') } });
    api.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    api.hasOutput('ApiUrl', { Value: 'https://api.exam.example.edu' });
    api.hasOutput('ApiDnsRecord', { Value: { 'Fn::Join': ['', ['api.exam.example.edu CNAME ', { 'Fn::GetAtt': [Match.anyValue(), 'RegionalDomainName'] }]] } });
  });

  it("10. serves the site on its own domain with TLSv1.2_2021 and the us-east-1 certificate; links, CORS and the CSP name the stage's own origins", () => {
    certificate.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'exam.example.edu', ValidationMethod: 'DNS' });
    certificate.hasOutput('SiteCertificateArn', {});
    expect(assembly.getStackByName(prod.siteCertificate?.stackName as string).environment.region).toBe('us-east-1');
    api.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['exam.example.edu'],
        ViewerCertificate: { AcmCertificateArn: PROD['examForms:siteCertificateArn'], MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
      }),
    });
    for (const route of ROUTES.filter((r) => r.uses?.includes('mail'))) expect(environmentOf(api, route.id).APP_BASE_URL).toBe('https://exam.example.edu');
    api.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://exam.example.edu'] }) });
    const [[, headers]] = resources(api, 'AWS::CloudFront::ResponseHeadersPolicy') as [[string, Resource]];
    const csp = headers.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy as string;
    expect(csp).toContain("connect-src 'self' https://api.exam.example.edu https://login.example.edu;");
    expect(csp).not.toContain('execute-api');
    api.hasOutput('SiteDnsRecord', { Value: { 'Fn::Join': ['', ['exam.example.edu CNAME ', { 'Fn::GetAtt': [Match.anyValue(), 'DomainName'] }]] } });
  });

  it('12. tags every resource with its cost center', () => {
    for (const [, f] of appFunctions(api)) expect(f.Properties.Tags).toContainEqual({ Key: 'cost-center', Value: 'IT-4200' });
    data.hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultTags: Match.objectLike({ 'cost-center': 'IT-4200', environment: 'production' }) });
  });
});
