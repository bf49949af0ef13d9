import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { FilterPattern, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { TABLE_OPERATIONS } from './alarms';

/**
 * The business figures, as CloudWatch metrics in the stage's namespace (`ExamForms/<stage>`,
 * also POWERTOOLS_METRICS_NAMESPACE). Until the handlers publish them in EMF, metric filters
 * read them from the one structured line each handler already logs: HTTP handlers log
 * `{ message: "request", route, status }`, the dispatcher `{ message: "notice dispatched", sent }`,
 * the delivery-event recorder `{ message: "delivery event", outcome }`.
 */
export const BUSINESS_METRICS = {
  RegistrationsSubmitted: { fn: 'SubmitRegistration', request: 201 },
  RegistrationsResubmitted: { fn: 'ResubmitRegistration', request: 200 },
  DecisionsRecorded: [
    { fn: 'DecideRegistration', request: 200 },
    { fn: 'DecideByApprovalLink', request: 200 },
  ],
  RegistrationsCancelled: { fn: 'CancelRegistration', request: 200 },
  IncidentsReported: { fn: 'ReportIncident', request: 201 },
  StudentNoticesSent: { fn: 'DispatchNotice', sent: true },
  DeliveriesBounced: { fn: 'RecordDeliveryEvent', outcome: 'bounced' },
  DeliveriesComplained: { fn: 'RecordDeliveryEvent', outcome: 'complained' },
} as const;
export type BusinessMetricName = keyof typeof BUSINESS_METRICS;
type Source = { fn: string; request?: number; sent?: boolean; outcome?: string };

export class BusinessMetrics extends Construct {
  readonly namespace: string;
  private readonly metrics = new Map<BusinessMetricName, cloudwatch.Metric>();

  constructor(scope: Construct, id: string, props: { namespace: string; logGroups: Record<string, ILogGroup> }) {
    super(scope, id);
    this.namespace = props.namespace;
    for (const [name, sources] of Object.entries(BUSINESS_METRICS) as [BusinessMetricName, Source | readonly Source[]][]) {
      for (const source of ([] as Source[]).concat(sources)) {
        const logGroup = props.logGroups[source.fn];
        if (!logGroup) throw new Error(`Business metric ${name}: no function ${source.fn}`);
        const filter = source.request
          ? FilterPattern.all(FilterPattern.stringValue('$.message', '=', 'request'), FilterPattern.numberValue('$.status', '=', source.request))
          : source.sent
            ? FilterPattern.all(FilterPattern.stringValue('$.message', '=', 'notice dispatched'), FilterPattern.numberValue('$.sent', '>', 0))
            : FilterPattern.all(FilterPattern.stringValue('$.message', '=', 'delivery event'), FilterPattern.stringValue('$.outcome', '=', source.outcome ?? ''));
        logGroup.addMetricFilter(`${name}From${source.fn}`, {
          filterPattern: filter,
          metricNamespace: this.namespace,
          metricName: name,
          metricValue: source.sent ? '$.sent' : '1',
          unit: cloudwatch.Unit.COUNT,
        });
      }
      this.metrics.set(name, new cloudwatch.Metric({ namespace: this.namespace, metricName: name, statistic: cloudwatch.Stats.SUM, period: Duration.hours(1) }));
    }
  }

  metric(name: BusinessMetricName, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return (this.metrics.get(name) as cloudwatch.Metric).with(props);
  }
}

export interface OperationsDashboardProps {
  dashboardName: string;
  business: BusinessMetrics;
  api: IHttpApi;
  stateMachine: IStateMachine;
  table: ITableV2;
  /** The stack's function names share this prefix (`ExamForms-<stage>-Api-`). */
  functionNamePrefix: string;
  queues: Record<string, IQueue>;
  alarms: cloudwatch.IAlarm[];
}

/**
 * One dashboard: what the system did (registrations, decisions, student e-mail sent, bounces
 * and complaints) above how healthy it is (every alarm, API answers and latency, workflow
 * executions, function errors and throttles, the table, the queues of undelivered events).
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const b = props.business;
    const hour = { period: Duration.hours(1), statistic: cloudwatch.Stats.SUM };
    const fiveMinutes = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };
    const ses = (metricName: string, label: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, dimensionsMap: { kind: 'student-notice' }, label, ...hour });
    const graph = (title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = [], width = 8) =>
      new cloudwatch.GraphWidget({ title, left, right, width, height: 6 });
    const lambda = (metricName: string) =>
      new cloudwatch.MathExpression({
        expression: `SEARCH('{AWS/Lambda,FunctionName} MetricName="${metricName}" "${props.functionNamePrefix}"', 'Sum', 300)`,
        label: metricName,
        period: Duration.minutes(5),
      });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(7),
      widgets: [
        [new cloudwatch.TextWidget({ markdown: '## What happened\nPer hour. Alarms and what to do: docs/operations.md.', width: 24, height: 2 })],
        [
          graph('Registrations and decisions', [
            b.metric('RegistrationsSubmitted', { label: 'submitted' }),
            b.metric('RegistrationsResubmitted', { label: 'resubmitted' }),
            b.metric('DecisionsRecorded', { label: 'decisions' }),
            b.metric('RegistrationsCancelled', { label: 'cancelled' }),
            b.metric('IncidentsReported', { label: 'incidents' }),
          ]),
          graph('Student e-mail sent', [
            b.metric('StudentNoticesSent', { label: 'sent by the dispatcher' }),
            ses('Send', 'accepted by SES'),
            ses('Delivery', 'delivered'),
            ses('DeliveryDelay', 'delayed'),
          ]),
          graph(
            'Bounces and complaints',
            [
              b.metric('DeliveriesBounced', { label: 'bounced (recorded)' }),
              b.metric('DeliveriesComplained', { label: 'complained (recorded)' }),
              ses('Bounce', 'bounces'),
              ses('Complaint', 'complaints'),
            ],
            [
              new cloudwatch.Metric({
                namespace: 'AWS/SES',
                metricName: 'Reputation.BounceRate',
                label: 'account bounce rate',
                period: Duration.hours(1),
                statistic: 'Maximum',
              }),
              new cloudwatch.Metric({
                namespace: 'AWS/SES',
                metricName: 'Reputation.ComplaintRate',
                label: 'account complaint rate',
                period: Duration.hours(1),
                statistic: 'Maximum',
              }),
            ],
          ),
        ],
        [new cloudwatch.TextWidget({ markdown: '## Health', width: 24, height: 1 })],
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: 24, height: 6 })],
        [
          graph(
            'API answers',
            [
              props.api.metricCount({ ...fiveMinutes, label: 'requests' }),
              props.api.metricClientError({ ...fiveMinutes, label: '4xx' }),
              props.api.metricServerError({ ...fiveMinutes, label: '5xx' }),
            ],
            [
              props.api.metricLatency({ period: Duration.minutes(5), statistic: 'p99', label: 'p99 ms' }),
              props.api.metricLatency({ period: Duration.minutes(5), statistic: 'p50', label: 'p50 ms' }),
            ],
          ),
          graph('Approval workflows', [
            props.stateMachine.metricStarted({ ...fiveMinutes, label: 'started' }),
            props.stateMachine.metricSucceeded({ ...fiveMinutes, label: 'succeeded' }),
            props.stateMachine.metricFailed({ ...fiveMinutes, label: 'failed' }),
            props.stateMachine.metricTimedOut({ ...fiveMinutes, label: 'timed out' }),
            props.stateMachine.metricAborted({ ...fiveMinutes, label: 'aborted' }),
            props.stateMachine.metricThrottled({ ...fiveMinutes, label: 'throttled' }),
          ]),
          graph('Functions', [lambda('Errors'), lambda('Throttles')], [lambda('Invocations')]),
        ],
        [
          graph(
            'Table capacity',
            [
              props.table.metricConsumedReadCapacityUnits({ ...fiveMinutes, label: 'read units' }),
              props.table.metricConsumedWriteCapacityUnits({ ...fiveMinutes, label: 'write units' }),
            ],
            [],
            6,
          ),
          graph(
            'Table throttled requests',
            [props.table.metricThrottledRequestsForOperations({ operations: TABLE_OPERATIONS, ...fiveMinutes, label: 'throttled' })],
            [],
            6,
          ),
          graph(
            'Table system errors',
            [props.table.metricSystemErrorsForOperations({ operations: TABLE_OPERATIONS, ...fiveMinutes, label: 'system errors' })],
            [],
            6,
          ),
          graph(
            'Delivery events not recorded',
            Object.entries(props.queues).map(([name, q]) =>
              q.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum', label: name }),
            ),
            [],
            6,
          ),
        ],
      ],
    });
  }
}
