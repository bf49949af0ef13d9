import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** The EMF lines the handler wrappers write to stdout, parsed. */
type Emf = { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] } } & Record<string, unknown>;

let written: string[];

const emfLines = (): Emf[] =>
  written
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Emf);

/** The modules read POWERTOOLS_* at load: each test loads them afresh with the environment it sets. */
const load = async (env: Record<string, string | undefined>) => {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  const observability = await import('../../functions/lib/observability');
  const { taskHandler } = await import('../../functions/lib/stack-trace');
  const { publicHttpHandler, json } = await import('../../functions/lib/http-handler');
  return { ...observability, taskHandler, publicHttpHandler, json };
};

const deployed = { POWERTOOLS_METRICS_NAMESPACE: 'ExamForms/test', POWERTOOLS_SERVICE_NAME: 'exam-forms', POWERTOOLS_DEV: '', POWERTOOLS_METRICS_DISABLED: 'false' };

const httpEvent = { rawPath: '/approval-links/x', routeKey: 'POST /approval-links/{linkId}', headers: {}, requestContext: {} } as never;

describe('business metrics in EMF', () => {
  beforeEach(() => {
    written = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(chunk.toString());
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('a task publishes what it counted once, one line per dimension set, in the stage’s namespace', async () => {
    const m = await load(deployed);
    const handler = m.taskHandler(async (sent: number) => {
      m.countMetric('LettersSent', sent);
      m.countMetric('DeliveryBounced', 1);
      m.countMetric('IncidentReported', 1, { route: 'PLANNER' });
      return sent;
    });
    expect(await handler(42)).toBe(42);

    const lines = emfLines();
    expect(lines).toHaveLength(2);
    const plain = lines.find((l) => !('route' in l)) as Emf;
    expect(plain._aws.CloudWatchMetrics[0]?.Namespace).toBe('ExamForms/test');
    expect(plain._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
    expect(plain._aws.CloudWatchMetrics[0]?.Metrics.map((x) => x.Name).sort()).toEqual(['DeliveryBounced', 'LettersSent']);
    expect(plain).toMatchObject({ service: 'exam-forms', LettersSent: 42, DeliveryBounced: 1 });
    const routed = lines.find((l) => 'route' in l) as Emf;
    expect(routed._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'route']]);
    expect(routed).toMatchObject({ route: 'PLANNER', IncidentReported: 1 });
    expect(routed).not.toHaveProperty('LettersSent');

    // The next invocation starts empty: nothing counted, nothing written.
    written = [];
    await m.taskHandler(async () => undefined)(undefined);
    expect(emfLines()).toEqual([]);
  });

  it('a task that fails still publishes what it counted before failing', async () => {
    const m = await load(deployed);
    const handler = m.taskHandler(async () => {
      m.countMetric('WorkflowFailed', 1);
      throw new Error('boom');
    });
    await expect(handler(undefined)).rejects.toThrow('boom');
    expect(emfLines()).toEqual([expect.objectContaining({ WorkflowFailed: 1 })]);
  });

  it('an HTTP handler publishes the decision it recorded, by group and decision (the latest decided approval)', async () => {
    const m = await load(deployed);
    const approval = (group: string, state: string, decidedAt: string | null) => ({ group, state, decidedAt }) as never;
    const handler = m.publicHttpHandler(async () => {
      m.countDecision({
        approvals: [approval('IT', 'APPROVED', '2026-11-01T10:00:00Z'), approval('ED', 'REJECTED', '2026-11-02T10:00:00Z'), approval('IT', 'PENDING', null)],
      });
      return m.json(200, {});
    });
    expect((await handler(httpEvent)).statusCode).toBe(200);
    const [line, ...rest] = emfLines();
    expect(rest).toEqual([]);
    expect(line?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'group', 'decision']]);
    expect(line).toMatchObject({ group: 'ED', decision: 'REJECTED', DecisionRecorded: 1 });
  });

  it('counts no decision when none is decided', async () => {
    const m = await load(deployed);
    await m.publicHttpHandler(async () => {
      m.countDecision({ approvals: [] });
      return m.json(200, {});
    })(httpEvent);
    expect(emfLines()).toEqual([]);
  });

  it('local mode (POWERTOOLS_DEV) writes no metrics', async () => {
    const m = await load({ ...deployed, POWERTOOLS_DEV: 'true', POWERTOOLS_METRICS_DISABLED: undefined });
    const log = vi.spyOn(console, 'log');
    await m.taskHandler(async () => m.countMetric('LettersSent', 3))(undefined);
    expect(emfLines()).toEqual([]);
    expect(log.mock.calls.flat().join('\n')).not.toContain('_aws');
  });
});
