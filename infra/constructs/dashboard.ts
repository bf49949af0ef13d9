import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { FilterPattern, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { BUSINESS_METRICS_EMF, type BusinessMetric } from '../../shared/contracts/metrics';
import { TABLE_OPERATIONS } from './alarms';

/**
 * Figures no handler publishes in EMF, counted by metric filters from the one structured line
 * each HTTP handler logs (`{ message: "request", route, status }`).
 */
export const BUSINESS_METRICS = {
  RegistrationsResubmitted: { fn: 'ResubmitRegistration', request: 200 },
  RegistrationsCancelled: { fn: 'CancelRegistration', request: 200 },
} as const;
export type BusinessMetricName = keyof typeof BUSINESS_METRICS;
type Source = { fn: string; request: number };

export class BusinessMetrics extends Construct {
  readonly namespace: string;
  private readonly service: string;
  private readonly metrics = new Map<BusinessMetricName, cloudwatch.Metric>();

  constructor(scope: Construct, id: string, props: { namespace: string; service: string; logGroups: Record<string, ILogGroup> }) {
    super(scope, id);
    this.namespace = props.namespace;
    this.service = props.service;
    for (const [name, source] of Object.entries(BUSINESS_METRICS) as [BusinessMetricName, Source][]) {
      const logGroup = props.logGroups[source.fn];
      if (!logGroup) throw new Error(`Business metric ${name}: no function ${source.fn}`);
      logGroup.addMetricFilter(`${name}From${source.fn}`, {
        filterPattern: FilterPattern.all(FilterPattern.stringValue('$.message', '=', 'request'), FilterPattern.numberValue('$.status', '=', source.request)),
        metricNamespace: this.namespace,
        metricName: name,
        metricValue: '1',
        unit: cloudwatch.Unit.COUNT,
      });
      this.metrics.set(name, new cloudwatch.Metric({ namespace: this.namespace, metricName: name, statistic: cloudwatch.Stats.SUM, period: Duration.hours(1) }));
    }
  }

  metric(name: BusinessMetricName, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return (this.metrics.get(name) as cloudwatch.Metric).with(props);
  }

  /**
   * A figure the handlers publish in EMF (shared/contracts/metrics.ts), summed per hour: one line when it has no dimension of its own, else one line
   * per value of its dimensions (a search, so a new kind, route or decision appears by itself).
   */
  emf(name: BusinessMetric, label: string): cloudwatch.IMetric {
    const dimensions: readonly string[] = BUSINESS_METRICS_EMF[name];
    if (dimensions.length === 0) {
      return new cloudwatch.Metric({
        namespace: this.namespace,
        metricName: name,
        dimensionsMap: { service: this.service },
        statistic: cloudwatch.Stats.SUM,
        period: Duration.hours(1),
        label,
      });
    }
    const schema = [this.namespace, 'service', ...dimensions].join(',');
    return new cloudwatch.MathExpression({
      expression: `SEARCH('{${schema}} MetricName="${name}" service="${this.service}"', 'Sum', 3600)`,
      label,
      period: Duration.hours(1),
    });
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
        [
          new cloudwatch.TextWidget({
            markdown: '## What happened\nPer hour, from the figures the functions publish (EMF) and SES. Alarms and what to do: docs/operations.md.',
            width: 24,
            height: 2,
          }),
        ],
        [
          graph(
            'Registrations and decisions',
            [
              b.emf('RegistrationSubmitted', 'submitted'),
              b.metric('RegistrationsResubmitted', { label: 'resubmitted' }),
              b.emf('DecisionRecorded', 'decisions'),
              b.metric('RegistrationsCancelled', { label: 'cancelled' }),
            ],
            [],
            6,
          ),
          graph('Incidents and failed workflows', [b.emf('IncidentReported', 'incidents'), b.emf('WorkflowFailed', 'workflows failed')], [], 6),
          graph(
            'Student e-mail sent',
            [b.emf('LettersSent', 'sent by the dispatcher'), ses('Send', 'accepted by SES'), ses('Delivery', 'delivered'), ses('DeliveryDelay', 'delayed')],
            [],
            6,
          ),
          graph(
            'Bounces and complaints',
            [
              b.emf('DeliveryBounced', 'bounced (recorded)'),
              b.emf('DeliveryComplained', 'complained (recorded)'),
              b.emf('DeliveryFailed', 'rejected or unrenderable (recorded)'),
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
            6,
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
