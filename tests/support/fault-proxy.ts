import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback proxy in front of a local AWS stand-in that fails the next N requests the way
 * the real service does when it throttles (status and x-amzn-ErrorType), then forwards.
 * Tests point one AWS_ENDPOINT_URL_<SERVICE> at it to inject faults.
 */
export const startFaultProxy = async (target: string) => {
  let failures = 0;
  let fault = { status: 429, type: 'TooManyRequestsException', message: 'Maximum sending rate exceeded.' };
  const seen = { total: 0, failed: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.total += 1;
      if (failures > 0) {
        failures -= 1;
        seen.failed += 1;
        res.writeHead(fault.status, { 'content-type': 'application/json', 'x-amzn-errortype': fault.type });
        res.end(JSON.stringify({ message: fault.message }));
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>;
      fetch(`${target}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined })
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
    failNext(n: number, f: Partial<typeof fault> = {}) {
      failures = n;
      fault = { ...fault, ...f };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
