import { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { BusinessMetric, MetricDimensions } from '../../shared/contracts/metrics';
import type { Registration } from '../../shared/contracts/registration';

/** One logger per function instance; service name and level come from POWERTOOLS_* variables. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'exam-forms' });

const SECRET_KEY = /token|authorization|cookie|secret|password/i;

/** A copy of an event that can be logged: task tokens, credentials and e-mail-link ids are replaced. */
export const redactEvent = (value: unknown): unknown => {
  if (typeof value === 'string') return value.replace(/(approval-links\/)[^/?#"]+/g, '$1[redacted]');
  if (Array.isArray(value)) return value.map(redactEvent);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redactEvent(v)]));
  }
  return value;
};

/**
 * With POWERTOOLS_LOGGER_LOG_EVENT=true, each invocation logs its event at DEBUG, redacted:
 * event logging may be switched on in production to debug without writing secrets to the logs.
 */
export const logIncomingEvent = (event: unknown) => {
  if (process.env.POWERTOOLS_LOGGER_LOG_EVENT?.toLowerCase() !== 'true') return;
  logger.debug('event', { event: redactEvent(event) as Record<string, unknown> });
};

/**
 * Business figures in CloudWatch embedded metric format (EMF), in the stage's namespace
 * (POWERTOOLS_METRICS_NAMESPACE). Handlers count what happened with `countMetric`; the handler
 * wrappers (http-handler.ts, stack-trace.ts `taskHandler`) publish once per invocation, one EMF
 * line per set of dimensions. Local mode (POWERTOOLS_DEV) writes none; POWERTOOLS_METRICS_DISABLED
 * decides when set.
 */
let metrics: Promise<Metrics> | undefined;
/**
 * The Metrics instance, loaded on first use (a chunk of its own): functions that count nothing
 * never load it, and the others not before their first count, keeping it out of the cold start.
 */
const metricsInstance = () =>
  (metrics ??= import('@aws-lambda-powertools/metrics').then(
    ({ Metrics }) =>
      new Metrics({
        namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'ExamForms/local',
        serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'exam-forms',
      }),
  ));

const pending: { name: BusinessMetric; value: number; dimensions: Record<string, string> }[] = [];

/** Counts a business event of this invocation; published when the handler returns. */
export const countMetric = <M extends BusinessMetric>(
  name: M,
  value: number,
  ...[dimensions]: MetricDimensions<M> extends Record<string, never> ? [] : [MetricDimensions<M>]
) => {
  pending.push({ name, value, dimensions: dimensions ?? {} });
};

/** Writes what this invocation counted, one EMF line per dimension set, and forgets it. */
export const publishMetrics = async () => {
  if (pending.length === 0) return;
  const [m, { MetricUnit }] = await Promise.all([metricsInstance(), import('@aws-lambda-powertools/metrics')]);
  const groups = new Map<string, typeof pending>();
  for (const entry of pending.splice(0)) {
    const key = JSON.stringify(Object.entries(entry.dimensions).sort(([a], [b]) => a.localeCompare(b)));
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  for (const group of groups.values()) {
    for (const [name, value] of Object.entries((group[0] as (typeof pending)[number]).dimensions)) m.addDimension(name, value);
    for (const metric of group) m.addMetric(metric.name, MetricUnit.Count, metric.value);
    m.publishStoredMetrics();
  }
};

/** DecisionRecorded for the decision a registration's latest decided approval holds (by group and decision); returns the registration. */
export const countDecision = <R extends Pick<Registration, 'approvals'>>(registration: R): R => {
  const latest = registration.approvals
    .filter((a) => a.decidedAt !== null)
    .sort((a, b) => (a.decidedAt as string).localeCompare(b.decidedAt as string))
    .at(-1);
  if (latest) countMetric('DecisionRecorded', 1, { group: latest.group, decision: latest.state });
  return registration;
};
