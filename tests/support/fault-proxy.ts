import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Fault {
  status: number;
  /** The error name the SDK sees (x-amzn-ErrorType), e.g. TooManyRequestsException. */
  type: string;
  message: string;
  /** The error body; default `{ message }` (the REST-JSON services such as SES v2). */
  body?: unknown;
  contentType?: string;
}

/** What a matcher sees of a request: the JSON-protocol operation (X-Amz-Target) and the raw body. */
export interface FaultRequest {
  method: string;
  url: string;
  /** `DynamoDB_20120810.TransactWriteItems`, `AWSStepFunctions.StartExecution`; '' for REST services. */
  target: string;
  body: string;
}

const dynamodbError = (status: number, type: string, message: string): Fault => ({
  status,
  type,
  message,
  body: { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message },
  contentType: 'application/x-amz-json-1.0',
});

/** DynamoDB's JSON-protocol errors, as the service sends them. */
export const DYNAMODB_FAULTS = {
  throughputExceeded: dynamodbError(400, 'ProvisionedThroughputExceededException', 'The level of configured provisioned throughput for the table was exceeded.'),
  throttling: dynamodbError(400, 'ThrottlingException', 'Rate of requests exceeds the allowed throughput.'),
  internal: dynamodbError(500, 'InternalServerError', 'Internal server error'),
} satisfies Record<string, Fault>;

/** Matches requests by DynamoDB / Step Functions operation name, e.g. `op('TransactWriteItems')`. */
export const op =
  (...operations: string[]) =>
  (req: FaultRequest) =>
    operations.some((o) => req.target.endsWith(`.${o}`));

/**
 * A loopback proxy in front of a local AWS stand-in that fails the next N requests (or the next
 * N that `when` matches) the way the real service does (status, x-amzn-ErrorType and body),
 * then forwards. Tests point one AWS_ENDPOINT_URL_<SERVICE> at it to inject faults; it also
 * counts what passes, per operation.
 */
export const startFaultProxy = async (target: string) => {
  let failures = 0;
  let fault: Fault = { status: 429, type: 'TooManyRequestsException', message: 'Maximum sending rate exceeded.' };
  let when: (req: FaultRequest) => boolean = () => true;
  const seen = { total: 0, failed: 0, byOperation: {} as Record<string, number> };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const request: FaultRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        target: String(req.headers['x-amz-target'] ?? ''),
        body: body.toString('utf8'),
      };
      const operation = request.target.split('.').pop() || `${request.method} ${request.url.split('?')[0]}`;
      seen.total += 1;
      seen.byOperation[operation] = (seen.byOperation[operation] ?? 0) + 1;
      if (failures > 0 && when(request)) {
        failures -= 1;
        seen.failed += 1;
        res.writeHead(fault.status, { 'content-type': fault.contentType ?? 'application/json', 'x-amzn-errortype': fault.type });
        res.end(JSON.stringify(fault.body ?? { message: fault.message }));
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>;
      fetch(`${target}${req.url}`, { method: req.method, headers, body: chunks.length ? body : undefined })
        .then(async (upstream) => {
          res.writeHead(upstream.status, Object.fromEntries(upstream.headers));
          res.end(Buffer.from(await upstream.arrayBuffer()));
        })
        .catch(() => {
          res.writeHead(502).end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    /** Fails the next `n` requests that `match` accepts (all by default) with `f`; 0 stops failing. */
    failNext(n: number, f: Partial<Fault> = {}, match: (req: FaultRequest) => boolean = () => true) {
      failures = n;
      fault = { ...fault, ...f };
      when = match;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

export type FaultProxy = Awaited<ReturnType<typeof startFaultProxy>>;
