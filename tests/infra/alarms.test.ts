import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { SES_BOUNCE_RATE_THRESHOLD, SES_COMPLAINT_RATE_THRESHOLD } from '../../infra/constructs/alarms';
import { synthTemplates } from '../support/synth';

type Resource = { Type: string; Properties: Record<string, any>; Metadata?: Record<string, unknown> };

let t: ReturnType<typeof synthTemplates>;
let alarms: Resource[];
let topicId: string;
beforeAll(() => {
  t = synthTemplates();
  alarms = Object.values(t.api.findResources('AWS::CloudWatch::Alarm')) as Resource[];
  topicId = Object.keys(t.api.findResources('AWS::SNS::Topic'))[0] as string;
});

const alarmOn = (namespace: string, metricName: string) => alarms.filter((a) => a.Properties.Namespace === namespace && a.Properties.MetricName === metricName);
const dimension = (a: Resource, name: string) => (a.Properties.Dimensions as { Name: string; Value: unknown }[] | undefined)?.find((d) => d.Name === name)?.Value;

describe('alarm notifications', () => {
  it('go to an SNS topic encrypted with a rotated KMS key that CloudWatch may use, with the alarmEmail subscribed', () => {
    t.api.resourceCountIs('AWS::SNS::Topic', 1);
    t.api.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('TopicKey'), 'Arn'] } });
    t.api.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]),
      },
    });
    t.api.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: t.config.alarmEmail, TopicArn: { Ref: topicId } });
  });

  it('refuse publishing without TLS', () => {
    t.api.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('every alarm notifies the topic when it fires and when it clears, and treats missing data as fine', () => {
    expect(alarms.length).toBeGreaterThan(0);
    for (const a of alarms) {
      expect(a.Properties).toMatchObject({
        AlarmActions: [{ Ref: topicId }],
        OKActions: [{ Ref: topicId }],
        TreatMissingData: 'notBreaching',
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmDescription: expect.any(String),
      });
    }
  });
});

describe('alarms', () => {
  it('on a failed and on a timed-out approval workflow, at the first one', () => {
    const [sm] = Object.keys(t.api.findResources('AWS::StepFunctions::StateMachine'));
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      const [a, ...more] = alarmOn('AWS/States', metric);
      expect(more).toEqual([]);
      expect(a?.Properties).toMatchObject({ Threshold: 1, Statistic: 'Sum', Period: 300 });
      expect(dimension(a as Resource, 'StateMachineArn')).toEqual({ Ref: sm });
    }
  });

  it('on errors of every function the stack deploys, one alarm each', () => {
    const functions = Object.entries(t.api.findResources('AWS::Lambda::Function') as Record<string, Resource>)
      .filter(([, f]) => f.Metadata?.['ExamForms::Entry'])
      .map(([id]) => id);
    expect(functions.length).toBeGreaterThan(10);
    const watched = alarmOn('AWS/Lambda', 'Errors').map((a) => (dimension(a, 'FunctionName') as { Ref: string }).Ref);
    expect(watched.sort()).toEqual(functions.sort());
    for (const a of alarmOn('AWS/Lambda', 'Errors')) expect(a.Properties).toMatchObject({ Threshold: 1, Statistic: 'Sum' });
  });

  it('on 5xx answers of the HTTP API (handlers turn unexpected errors into a 500 instead of throwing)', () => {
    const [api] = Object.keys(t.api.findResources('AWS::ApiGatewayV2::Api'));
    const [a] = alarmOn('AWS/ApiGateway', '5xx');
    expect(a?.Properties).toMatchObject({ Threshold: 1, Statistic: 'Sum' });
    expect(dimension(a as Resource, 'ApiId')).toEqual({ Ref: api });
  });

  it('on the SES bounce rate (5 %) and complaint rate (0.1 %), before SES pauses sending', () => {
    expect(SES_BOUNCE_RATE_THRESHOLD).toBe(0.05);
    expect(SES_COMPLAINT_RATE_THRESHOLD).toBe(0.001);
    const [bounce] = alarmOn('AWS/SES', 'Reputation.BounceRate');
    const [complaint] = alarmOn('AWS/SES', 'Reputation.ComplaintRate');
    expect(bounce?.Properties).toMatchObject({ Threshold: 0.05, Statistic: 'Maximum', Period: 3600 });
    expect(complaint?.Properties).toMatchObject({ Threshold: 0.001, Statistic: 'Maximum', Period: 3600 });
  });

  it('and SES keeps the reputation metrics of the configuration set the functions send through', () => {
    t.data.hasResourceProperties('AWS::SES::ConfigurationSet', { ReputationOptions: { ReputationMetricsEnabled: true } });
  });
});
