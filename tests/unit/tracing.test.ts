import { createSocket } from 'node:dgram';
import { ListTablesCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type * as Http from '../../functions/lib/http-handler';
import type * as Task from '../../functions/lib/stack-trace';
import type * as Tracing from '../../functions/lib/tracing';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

/**
 * Tracing as it runs on Lambda: the X-Ray SDK reads the Lambda environment and the invocation's
 * trace header, and sends each closed subsegment to the X-Ray daemon over UDP. Here the daemon is
 * a UDP socket of the test, so the test sees exactly what X-Ray would receive.
 */
type Subsegment = {
  name: string;
  annotations?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  subsegments?: Subsegment[];
  namespace?: string;
  aws?: { operation?: string };
  fault?: boolean;
  error?: boolean;
  cause?: unknown;
  parent_id?: string;
  id: string;
};

const daemon = createSocket('udp4');
let client: DynamoDBClient;
const received: Subsegment[] = [];
let modules: {
  tracing: typeof Tracing;
  http: typeof Http;
  task: typeof Task;
};

beforeAll(async () => {
  daemon.on('message', (message) => {
    // Each datagram: a header line, then one subsegment document.
    const [, body] = message.toString('utf8').split('\n');
    if (body) received.push(JSON.parse(body) as Subsegment);
  });
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    LAMBDA_TASK_ROOT: '/var/task',
    AWS_LAMBDA_FUNCTION_NAME: 'exam-forms-test',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    _X_AMZN_TRACE_ID: 'Root=1-6756a1b2-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1',
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    POWERTOOLS_SERVICE_NAME: 'exam-forms',
    POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
    POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS: 'false',
    POWERTOOLS_DEV: '',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  modules = {
    tracing: await import('../../functions/lib/tracing'),
    http: await import('../../functions/lib/http-handler'),
    task: await import('../../functions/lib/stack-trace'),
  };
  // Registered at import, before the tracer is loaded, as the function modules register theirs.
  client = modules.tracing.traced(dynamodb());
});
afterAll(() => daemon.close());

const dynamodb = () =>
  new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/** Waits until the daemon has received a subsegment of this name. */
const arrival = async (name: string) => {
  for (let i = 0; i < 100; i++) {
    const found = received.find((s) => s.name === name);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no subsegment ${name}; received ${received.map((s) => s.name).join(', ')}`);
};

describe('X-Ray tracing on Lambda', () => {
  it('is on in a Lambda environment', async () => {
    expect((await modules.tracing.activeTracer())?.isTracingEnabled()).toBe(true);
  });

  it('an API request is one subsegment, annotated with its route, status and cold start, with the traced AWS call inside it', async () => {
    const handler = modules.http.publicHttpHandler(async () => {
      const tables = await client.send(new ListTablesCommand({}));
      return modules.http.json(200, { secret: 'student@example.edu', tables: tables.TableNames?.length });
    });
    const event = { rawPath: '/openapi.json', routeKey: 'GET /openapi.json', headers: {}, requestContext: {} } as never;
    expect((await handler(event)).statusCode).toBe(200);

    const request = await arrival('## GET /openapi.json');
    expect(request.annotations).toMatchObject({ route: 'GET /openapi.json', status: 200, ColdStart: true, Service: 'exam-forms' });
    // The DynamoDB call is recorded beneath the request, named by service and operation.
    const call = [...(request.subsegments ?? []), ...received].find((s) => s.namespace === 'aws' && s.aws?.operation === 'ListTables');
    expect(call?.name).toBe('DynamoDB');
    // No response (names, addresses) ever reaches a trace.
    expect(JSON.stringify(received)).not.toContain('student@example.edu');
  });

  it('a request refused with a problem is traced with its status; the second invocation is no cold start', async () => {
    const handler = modules.http.publicHttpHandler(async () => {
      throw new Error('boom');
    });
    const event = { rawPath: '/approval-links/x', routeKey: 'POST /approval-links/{linkId}', headers: {}, requestContext: {} } as never;
    expect((await handler(event)).statusCode).toBe(500);
    const request = await arrival('## POST /approval-links/{linkId}');
    expect(request.annotations).toMatchObject({ status: 500, ColdStart: false });
  });

  it('a workflow task that fails records the error on its subsegment and still throws', async () => {
    process.env._HANDLER = 'index.handler';
    const task = modules.task.taskHandler(async () => {
      throw new Error('dispatch failed');
    });
    await expect(task({})).rejects.toThrow('dispatch failed');
    const subsegment = await arrival('## index.handler');
    expect(subsegment.error || subsegment.fault).toBe(true);
    expect(JSON.stringify(subsegment.cause)).toContain('dispatch failed');
  });

  it('is off outside Lambda: no tracer is loaded and the invocation runs as it is', async () => {
    vi.resetModules();
    vi.stubEnv('AWS_EXECUTION_ENV', '');
    const local = await import('../../functions/lib/tracing');
    expect(await local.activeTracer()).toBeNull();
    expect(await local.traceInvocation('local', async () => 42)).toBe(42);
    vi.unstubAllEnvs();
  });

  it('is off on Lambda when the stage turns it off', async () => {
    vi.resetModules();
    vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'false');
    const off = await import('../../functions/lib/tracing');
    expect(await off.activeTracer()).toBeNull();
    vi.unstubAllEnvs();
  });
});
