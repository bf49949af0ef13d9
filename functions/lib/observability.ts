import { Logger } from '@aws-lambda-powertools/logger';

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
