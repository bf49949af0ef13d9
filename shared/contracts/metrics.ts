/**
 * The business figures the functions publish in CloudWatch embedded metric format (EMF), each
 * with the dimensions it carries besides the `service` one Powertools adds. The handlers count
 * them (functions/lib/observability.ts), the dashboard graphs them (infra/constructs/dashboard.ts).
 */
export const BUSINESS_METRICS_EMF = {
  /** A registration was submitted, by `kind` (midterm, software). */
  RegistrationSubmitted: ['kind'],
  /** An approver group decided, by `group` (IT, ED) and `decision` (APPROVED, REJECTED, …). */
  DecisionRecorded: ['group', 'decision'],
  /** Student letters the dispatcher handed to SES, summed per dispatch. */
  LettersSent: [],
  /** SES rejected a message or could not render it after accepting it. */
  DeliveryFailed: [],
  /** A permanent bounce was recorded on a recipient. */
  DeliveryBounced: [],
  /** A complaint was recorded on a recipient. */
  DeliveryComplained: [],
  /** An incident was reported, by the `route` it took. */
  IncidentReported: ['route'],
  /** An approval workflow failed unexpectedly and was recorded on its registration. */
  WorkflowFailed: [],
} as const satisfies Record<string, readonly string[]>;

export type BusinessMetric = keyof typeof BUSINESS_METRICS_EMF;
/** The dimensions a figure takes, by name. */
export type MetricDimensions<M extends BusinessMetric> = Record<(typeof BUSINESS_METRICS_EMF)[M][number], string>;
