import { Duration, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { CfnMicrosoftTeamsChannelConfiguration, CfnSlackChannelConfiguration } from 'aws-cdk-lib/aws-chatbot';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, UrlSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { ChatChannel } from '../config';

export interface AlarmsProps {
  /** Prefix of every alarm's name: `exam-forms-<stage>`. */
  namePrefix: string;
  /** Who is told (SNS e-mail subscription; the address confirms it once). */
  alarmEmail: string;
  /** A chat channel (AWS Chatbot) subscribed to the same topic. */
  chat?: ChatChannel;
  /** An on-call service's HTTPS endpoint subscribed to the same topic. */
  onCallUrl?: string;
  stateMachine: IStateMachine;
  /** Every function of the stack, by construct id. */
  functions: Record<string, LambdaFunction>;
  /** Functions throttled by design (reserved concurrency 1, retried by the workflow): an alarm only when it lasts. */
  throttledByDesign: string[];
  api: IHttpApi;
  table: ITableV2;
  /** The SES delivery events: the topic, the function that records them, and the queues that keep what it could not. */
  deliveryEvents: { topic: sns.ITopic; recorder: string; queues: Record<string, IQueue> };
  /** Registrations cancelled (each stops its execution): aborted executions beyond these are alarmed. */
  cancellations: cloudwatch.IMetric;
}

/**
 * SES pauses sending for an account whose bounce rate reaches 10 % or complaint rate 0.5 %
 * and reviews it from 5 % and 0.1 %; the alarms fire at the review thresholds.
 */
export const SES_BOUNCE_RATE_THRESHOLD = 0.05;
export const SES_COMPLAINT_RATE_THRESHOLD = 0.001;

/**
 * A lock-out (the identity provider's keys, issuer or audience changed: every request is a 401
 * before any function runs) or a broken client shows as most answers being 4xx. Below
 * API_4XX_MIN_REQUESTS in five minutes the rate means nothing.
 */
export const API_4XX_RATE_THRESHOLD = 0.5;
export const API_4XX_MIN_REQUESTS = 20;
/** p99 of the API's answers, for 15 minutes: cold starts alone stay well below. */
export const API_P99_LATENCY_MS = 3000;
/** A function whose slowest invocation reaches this share of its timeout is about to time out. */
export const DURATION_NEAR_TIMEOUT = 0.9;

/** The DynamoDB operations the functions call. */
export const TABLE_OPERATIONS = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.QUERY,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
];

/**
 * The failures nobody would see otherwise, each an alarm on one SNS topic that mails the
 * operations address and, when configured, posts to chat and pages on-call. What each alarm
 * means and what to do about it is in docs/operations.md, "Alarms".
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  /** Each function's Errors alarm, by construct id (gradual deployments roll back on it). */
  readonly functionErrors: Record<string, cloudwatch.Alarm> = {};
  readonly apiServerErrors: cloudwatch.Alarm;
  readonly workflowFailed: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const account = Stack.of(this).account;

    // CloudWatch must be able to use the key to publish to the encrypted topic, for this account's alarms only.
    const key = new kms.Key(this, 'TopicKey', { description: 'exam-forms alarm notifications', enableKeyRotation: true });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'exam-forms alarms', masterKey: key, enforceSSL: true });
    this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    if (props.onCallUrl) this.topic.addSubscription(new UrlSubscription(props.onCallUrl, { protocol: sns.SubscriptionProtocol.HTTPS }));
    if (props.chat) this.chat(props.chat, props.namePrefix);
    const notify = new SnsAction(this.topic);

    const alarm = (id: string, description: string, metric: cloudwatch.IMetric, threshold = 1, { evaluationPeriods = 1 }: { evaluationPeriods?: number } = {}) => {
      const a = new cloudwatch.Alarm(this, id, {
        alarmName: `${props.namePrefix}-${id}`,
        alarmDescription: `${description} See docs/operations.md, "Alarms".`,
        metric,
        threshold,
        evaluationPeriods,
        datapointsToAlarm: evaluationPeriods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(notify);
      a.addOkAction(notify);
      this.alarms.push(a);
      return a;
    };
    const fiveMinutes = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };
    const hour = { period: Duration.hours(1), statistic: cloudwatch.Stats.SUM };

    // The approval workflow.
    const sm = props.stateMachine;
    this.workflowFailed = alarm(
      'WorkflowFailed',
      'An approval workflow failed; the registration history names the error (WORKFLOW_FAILED).',
      sm.metricFailed(fiveMinutes),
    );
    alarm('WorkflowTimedOut', 'An approval workflow reached its execution timeout (a year).', sm.metricTimedOut(fiveMinutes));
    alarm('WorkflowThrottled', 'Step Functions throttled starting or running approval workflows.', sm.metricThrottled(fiveMinutes));
    alarm(
      'WorkflowAborted',
      'An approval workflow was stopped other than by cancelling its registration (by hand, or by a fault).',
      new cloudwatch.MathExpression({
        expression: 'IF(aborted > FILL(cancelled, 0), aborted - FILL(cancelled, 0), 0)',
        usingMetrics: { aborted: sm.metricAborted(hour), cancelled: props.cancellations },
        period: Duration.hours(1),
        label: 'Executions aborted beyond cancellations',
      }),
    );

    // Every function: errors, throttles, and invocations close to their timeout.
    for (const [name, fn] of Object.entries(props.functions)) {
      this.functionErrors[name] = alarm(`${name}Errors`, `${name} threw (an invocation ended in an error).`, fn.metricErrors(fiveMinutes));
      const byDesign = props.throttledByDesign.includes(name);
      alarm(
        `${name}Throttles`,
        byDesign
          ? `${name} has been throttled for 15 minutes: its reserved concurrency keeps one run at a time, and the workflow retries, but the queue is not draining.`
          : `${name} was throttled (reserved concurrency or the account's concurrency limit).`,
        fn.metricThrottles(fiveMinutes),
        1,
        byDesign ? { evaluationPeriods: 3 } : {},
      );
      const timeoutMs = (fn.timeout ?? Duration.seconds(3)).toMilliseconds();
      alarm(
        `${name}NearTimeout`,
        `${name} ran for ${DURATION_NEAR_TIMEOUT * 100} % of its ${timeoutMs / 1000} s timeout.`,
        fn.metricDuration({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
        Math.round(timeoutMs * DURATION_NEAR_TIMEOUT),
      );
    }

    // Nothing dropped: SES delivery events that could not be recorded.
    const { topic, recorder, queues } = props.deliveryEvents;
    const recorderFn = props.functions[recorder] as LambdaFunction;
    alarm(
      'DeliveryEventsDropped',
      `${recorder} dropped asynchronous events (too old, or retries used up) without an on-failure destination to take them.`,
      recorderFn.metric('AsyncEventsDropped', fiveMinutes),
    );
    alarm(
      'DeliveryEventsDestinationFailed',
      `${recorder} could not write a failed event to its on-failure queue.`,
      recorderFn.metric('DestinationDeliveryFailures', fiveMinutes),
    );
    for (const [name, queue] of Object.entries(queues)) {
      alarm(
        `${name}Queue`,
        `SES delivery events wait in the ${name} queue: recipients' bounce and complaint states are behind. Redrive them (docs/operations.md).`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      );
    }
    alarm('DeliveryEventsNotDelivered', 'SNS failed to deliver SES delivery events to their function.', topic.metricNumberOfNotificationsFailed(fiveMinutes));

    // The HTTP API. Handlers turn unexpected errors into a 500 instead of throwing.
    this.apiServerErrors = alarm(
      'ApiServerErrors',
      'The HTTP API answered 5xx: an unexpected error in a handler or an unavailable dependency.',
      props.api.metricServerError(fiveMinutes),
    );
    alarm(
      'ApiClientErrorRate',
      `At least ${API_4XX_RATE_THRESHOLD * 100} % of the API's answers were 4xx for 10 minutes: most likely nobody can sign in (the identity provider's keys, issuer or audience changed; the authorizer refuses every token before any function runs).`,
      new cloudwatch.MathExpression({
        expression: `IF(FILL(requests, 0) >= ${API_4XX_MIN_REQUESTS}, FILL(errors, 0) / requests, 0)`,
        usingMetrics: { requests: props.api.metricCount(fiveMinutes), errors: props.api.metricClientError(fiveMinutes) },
        period: Duration.minutes(5),
        label: '4xx share of answers',
      }),
      API_4XX_RATE_THRESHOLD,
      { evaluationPeriods: 2 },
    );
    alarm(
      'ApiLatencyP99',
      `The API's p99 latency stayed at ${API_P99_LATENCY_MS} ms or more for 15 minutes.`,
      props.api.metricLatency({ period: Duration.minutes(5), statistic: 'p99' }),
      API_P99_LATENCY_MS,
      { evaluationPeriods: 3 },
    );

    // The table.
    alarm(
      'TableThrottled',
      'DynamoDB throttled requests to the table (the SDK and the workflow retry; the API answers 503 when they run out).',
      props.table.metricThrottledRequestsForOperations({ operations: TABLE_OPERATIONS, ...fiveMinutes }),
    );
    alarm(
      'TableSystemErrors',
      'DynamoDB answered requests to the table with an internal error.',
      props.table.metricSystemErrorsForOperations({ operations: TABLE_OPERATIONS, ...fiveMinutes }),
    );

    // SES: the account's reputation, and mail it would not send.
    const ses = (metricName: string, statistic: string = cloudwatch.Stats.MAXIMUM) =>
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, period: Duration.hours(1), statistic });
    alarm(
      'SesBounceRate',
      'The SES bounce rate reached 5 %: SES reviews the account now and pauses sending at 10 %.',
      ses('Reputation.BounceRate'),
      SES_BOUNCE_RATE_THRESHOLD,
    );
    alarm(
      'SesComplaintRate',
      'The SES complaint rate reached 0.1 %: SES reviews the account now and pauses sending at 0.5 %.',
      ses('Reputation.ComplaintRate'),
      SES_COMPLAINT_RATE_THRESHOLD,
    );
    alarm('SesRejects', 'SES rejected a message it had accepted (it found a virus in it).', ses('Reject', cloudwatch.Stats.SUM));
    alarm('SesRenderingFailures', 'SES could not render a message.', ses('RenderingFailure', cloudwatch.Stats.SUM));
  }

  /** Alarms in a Slack or Microsoft Teams channel, through AWS Chatbot; it may only read CloudWatch there. */
  private chat(channel: ChatChannel, namePrefix: string) {
    const role = new iam.Role(this, 'ChatRole', {
      assumedBy: new iam.ServicePrincipal('chatbot.amazonaws.com'),
      description: 'AWS Chatbot: alarm notifications only',
    });
    const common = {
      configurationName: `${namePrefix}-alarms`,
      iamRoleArn: role.roleArn,
      snsTopicArns: [this.topic.topicArn],
      guardrailPolicies: [`arn:${Stack.of(this).partition}:iam::aws:policy/CloudWatchReadOnlyAccess`],
      loggingLevel: 'ERROR',
    };
    if (channel.kind === 'slack') {
      new CfnSlackChannelConfiguration(this, 'Slack', { ...common, slackWorkspaceId: channel.workspaceId, slackChannelId: channel.channelId });
    } else {
      new CfnMicrosoftTeamsChannelConfiguration(this, 'Teams', {
        ...common,
        teamsTenantId: channel.tenantId,
        teamId: channel.teamId,
        teamsChannelId: channel.channelId,
      });
    }
  }
}
