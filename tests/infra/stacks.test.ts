import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/http/routes';
import { synthTemplates, testApp } from '../support/synth';

let t: ReturnType<typeof synthTemplates>;
beforeAll(() => {
  t = synthTemplates();
});

describe('stateful stack', () => {
  it('has one on-demand table with point-in-time recovery, encryption, TTL and the three indexes', () => {
    t.data.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    t.data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: { SSEEnabled: true },
      GlobalSecondaryIndexes: [
        Match.objectLike({ IndexName: 'gsi1', Projection: { ProjectionType: 'ALL' } }),
        Match.objectLike({ IndexName: 'gsi2', Projection: { ProjectionType: 'KEYS_ONLY' } }),
        Match.objectLike({ IndexName: 'gsi3', Projection: { ProjectionType: 'KEYS_ONLY' } }),
        // The queue with the facts it is sorted and filtered by (keys.ts, QUEUE_FACTS).
        Match.objectLike({
          IndexName: 'gsi4',
          KeySchema: [
            { AttributeName: 'gsi4pk', KeyType: 'HASH' },
            { AttributeName: 'gsi4sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['q_due', 'q_start', 'q_kind', 'q_type', 'q_round', 'q_course'] },
        }),
      ],
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true })],
    });
    t.data.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain' });
  });

  it('has an SES v2 e-mail identity with a configuration set', () => {
    t.data.resourceCountIs('AWS::SES::EmailIdentity', 1);
    t.data.resourceCountIs('AWS::SES::ConfigurationSet', 1);
  });
});

describe('stateless stack', () => {
  it('has one Node.js 24 arm64 function per route and per workflow step, traced, with log retention', () => {
    // aws-cdk-lib's own deployment function for the web site is checked in web-site.test.ts.
    const fns = Object.fromEntries(Object.entries(t.api.findResources('AWS::Lambda::Function')).filter(([id]) => !id.startsWith('CustomCDKBucketDeployment')));
    const workflowAndEventFunctions = [
      'PlanApprovalRound',
      'RequestDecision',
      'CloseApprovalRound',
      'RecordWorkflowFailure',
      'PrepareNotice',
      'DispatchNotice',
      'RecordDeliveryEvent',
    ];
    expect(Object.keys(fns).length).toBe(ROUTES.length + workflowAndEventFunctions.length);
    for (const fn of Object.values(fns)) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' }, Handler: 'index.handler' });
      // Stacks are mapped when an error is reported (functions/lib/stack-trace.ts), not by a flag every cold start pays for.
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBeUndefined();
    }
    t.api.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('has an HTTP API with a JWT authorizer for the configured issuer and audience', () => {
    t.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: 'https://login.example.edu/realms/exam', Audience: ['exam-forms'] },
    });
    for (const route of ROUTES) {
      t.api.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${route.method} ${route.path}`,
        AuthorizationType: route.public ? 'NONE' : 'JWT',
      });
    }
    t.api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('has a Standard state machine with callback approval steps, logging and tracing', () => {
    t.api.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
    const sm = Object.values(t.api.findResources('AWS::StepFunctions::StateMachine'))[0];
    const definition = JSON.stringify(sm?.Properties.DefinitionString);
    expect(definition).toContain('lambda:invoke.waitForTaskToken');
    expect(definition).toContain('$$.Task.Token');
    expect(definition).not.toContain('JSONata');
  });

  it('grants table access by name, never on index/*', () => {
    const policies = JSON.stringify(t.api.findResources('AWS::IAM::Policy'));
    expect(policies).not.toContain('/index/*');
  });
});

interface NagReport {
  pluginReports: { pluginName: string; conclusion: string; violations: unknown[]; suppressedViolations: { ruleName: string; suppressionReason?: string }[] }[];
}

describe('cdk-nag AwsSolutions', () => {
  it('runs on synth and passes: no unacknowledged finding', () => {
    const report = JSON.parse(readFileSync(path.join(t.assembly.directory, 'validation-report.json'), 'utf8')) as NagReport;
    const nag = report.pluginReports.find((p) => p.pluginName === 'AwsSolutions');
    expect(nag?.conclusion).toBe('success');
    expect(nag?.violations).toEqual([]);
  });

  it('fails synth on a finding nobody acknowledged', () => {
    const app = testApp();
    const stack = new Stack(app, 'Unsafe');
    new Queue(stack, 'NoDeadLetterQueue');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS3|Validation failed/);
  });
});
