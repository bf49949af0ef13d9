import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface AlarmsProps {
  /** Who is told (SNS e-mail subscription; the address confirms it once). */
  alarmEmail: string;
  stateMachine: IStateMachine;
  /** Every function of the stack, by construct id. */
  functions: Record<string, IFunction>;
  api: IHttpApi;
}

/**
 * SES pauses sending for an account whose bounce rate reaches 10 % or complaint rate 0.5 %
 * and reviews it from 5 % and 0.1 %; the alarms fire at the review thresholds.
 */
export const SES_BOUNCE_RATE_THRESHOLD = 0.05;
export const SES_COMPLAINT_RATE_THRESHOLD = 0.001;

/**
 * The failures nobody would see otherwise, each an alarm that mails the operations address:
 * a failed or timed-out approval workflow (the registration's history says so too), a
 * function that threw, an API answer 5xx (HTTP handlers turn unexpected errors into a 500
 * instead of throwing), and the account's SES reputation.
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);

    // CloudWatch must be able to use the key to publish to the encrypted topic.
    const key = new kms.Key(this, 'TopicKey', { description: 'exam-forms alarm notifications', enableKeyRotation: true });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'exam-forms alarms', masterKey: key, enforceSSL: true });
    this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const notify = new SnsAction(this.topic);

    const alarm = (id: string, description: string, metric: cloudwatch.IMetric, threshold = 1) => {
      const a = new cloudwatch.Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(notify);
      a.addOkAction(notify);
      this.alarms.push(a);
      return a;
    };
    const fiveMinutes = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };

    alarm(
      'WorkflowFailed',
      'An approval workflow failed; the registration history names the error (WORKFLOW_FAILED).',
      props.stateMachine.metricFailed(fiveMinutes),
    );
    alarm('WorkflowTimedOut', 'An approval workflow timed out.', props.stateMachine.metricTimedOut(fiveMinutes));

    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, `${name} threw (an invocation ended in an error).`, fn.metricErrors(fiveMinutes));
    }
    alarm('ApiServerErrors', 'The HTTP API answered 5xx: an unexpected error in a handler or an unavailable dependency.', props.api.metricServerError(fiveMinutes));

    const ses = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, period: Duration.hours(1), statistic: cloudwatch.Stats.MAXIMUM });
    alarm('SesBounceRate', 'The SES bounce rate reached 5 %: SES reviews the account now and pauses sending at 10 %.', ses('Reputation.BounceRate'), SES_BOUNCE_RATE_THRESHOLD);
    alarm(
      'SesComplaintRate',
      'The SES complaint rate reached 0.1 %: SES reviews the account now and pauses sending at 0.5 %.',
      ses('Reputation.ComplaintRate'),
      SES_COMPLAINT_RATE_THRESHOLD,
    );
  }
}
