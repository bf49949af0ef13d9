import type { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * X-Ray tracing with Powertools Tracer. Lambda's active tracing opens the invocation's segment;
 * each invocation adds a `## <name>` subsegment annotated with the cold start, the service and
 * (for the API) the route and status, and every AWS SDK client registered with `traced` records
 * its calls beneath it.
 *
 * The tracer and the X-Ray SDK (about 110 KB minified) are a chunk of their own, loaded at the
 * first invocation only where tracing is on: on Lambda, unless the stage sets
 * POWERTOOLS_TRACE_ENABLED=false. Local mode and tests never load it.
 *
 * Responses are never put in traces (POWERTOOLS_TRACER_CAPTURE_RESPONSE=false on every function,
 * set by the stack): they hold students' addresses and staff names.
 */
const tracingWanted = () => Boolean(process.env.AWS_EXECUTION_ENV) && process.env.POWERTOOLS_TRACE_ENABLED?.toLowerCase() !== 'false';

const untraced: object[] = [];
let active: Tracer | null = null;
let loading: Promise<Tracer | null> | undefined;

/** The tracer, once loaded; null where tracing is off. */
export const activeTracer = (): Promise<Tracer | null> =>
  (loading ??= tracingWanted()
    ? import('@aws-lambda-powertools/tracer').then(({ Tracer }) => {
        const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'exam-forms' });
        if (!tracer.isTracingEnabled()) return null;
        for (const client of untraced.splice(0)) tracer.captureAWSv3Client(client);
        active = tracer;
        return tracer;
      })
    : Promise.resolve(null));

/** Registers an AWS SDK client whose calls are traced as subsegments once the tracer is loaded; returns it. */
export const traced = <C extends object>(client: C): C => {
  if (active) active.captureAWSv3Client(client);
  else untraced.push(client);
  return client;
};

/** An annotation value X-Ray indexes (strings, numbers, booleans). */
type Annotation = string | number | boolean;

/**
 * Runs one invocation in its own subsegment. `annotate` names what the outcome adds to it (e.g.
 * the HTTP status); an error thrown is recorded on the subsegment and rethrown.
 */
export const traceInvocation = async <R>(name: string, work: () => Promise<R>, annotate: (result: R) => Record<string, Annotation> = () => ({})): Promise<R> => {
  const tracer = await activeTracer();
  if (!tracer) return work();
  const parent = tracer.getSegment();
  const subsegment = parent?.addNewSubsegment(`## ${name}`);
  if (subsegment) tracer.setSegment(subsegment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  try {
    const result = await work();
    for (const [key, value] of Object.entries(annotate(result))) tracer.putAnnotation(key, value);
    return result;
  } catch (error) {
    tracer.addErrorAsMetadata(error as Error);
    throw error;
  } finally {
    subsegment?.close();
    if (parent) tracer.setSegment(parent);
  }
};
