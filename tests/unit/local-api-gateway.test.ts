import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalApiServer } from '../../local/api-server';
import type { DevAuth } from '../../local/dev-auth';
import { LocalLambdas, LocalLambdasStopped } from '../../local/lambda-runtime';
import { sourcesDigest } from '../../local/synthesized-app';

/**
 * Local mode's API Gateway waits for a function as long as an HTTP API does, and says when a
 * function ran past its own timeout; the function timeouts come from the template.
 */

let server: LocalApiServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** A server whose one function (GET /openapi.json, a public route) answers when `answer` settles. */
const serve = async (answer: () => Promise<unknown>, options: { functionTimeoutMs: number; integrationTimeoutMs: number; loadMs?: number }) => {
  const warnings: string[] = [];
  const invoked: string[] = [];
  const lambdas = {
    timeoutMs: () => options.functionTimeoutMs,
    handler: () => later(options.loadMs ?? 0, undefined),
    invoke: (ref: string) => {
      invoked.push(ref);
      return answer();
    },
  } as unknown as LocalLambdas;
  server = new LocalApiServer({
    lambdas,
    auth: {} as DevAuth,
    listMail: async () => [],
    workflowActivity: () => ({}) as never,
    integrationTimeoutMs: options.integrationTimeoutMs,
    warn: (m) => warnings.push(m),
  });
  const url = await server.listen(0);
  return { url, warnings, invoked };
};

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
const ok = { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };

describe('the local API Gateway', () => {
  it('passes on an answer given within the function’s timeout, and warns of nothing', async () => {
    const { url, warnings, invoked } = await serve(() => later(5, ok), { functionTimeoutMs: 1000, integrationTimeoutMs: 2000 });
    const res = await fetch(`${url}/openapi.json`);
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 200, body: { ok: true } });
    expect(invoked).toEqual(['http/get-openapi.ts']);
    expect(warnings).toEqual([]);
  });

  it('passes on a late answer within the integration timeout, and says the function ran past its own', async () => {
    const { url, warnings } = await serve(() => later(150, ok), { functionTimeoutMs: 50, integrationTimeoutMs: 5000 });
    const res = await fetch(`${url}/openapi.json`);
    expect(res.status).toBe(200);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^local API: GET \/openapi\.json ran \d+ ms, past its function's 50 ms timeout/);
  });

  it('answers 503 when the function gives no answer within the integration timeout, as an HTTP API does, and reports the answer that comes after', async () => {
    let finish: (v: unknown) => void = () => undefined;
    let calls = 0;
    const first = new Promise((resolve) => (finish = resolve));
    const { url, warnings } = await serve(() => (calls++ === 0 ? first : Promise.resolve(ok)), { functionTimeoutMs: 50, integrationTimeoutMs: 100 });
    const started = Date.now();
    const res = await fetch(`${url}/openapi.json`);
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 503, body: { message: 'Service Unavailable' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    expect(warnings).toEqual([
      expect.stringMatching(/^local API: GET \/openapi\.json gave no answer within \d+ ms, API Gateway's integration timeout; answered 503$/),
    ]);
    finish(ok);
    await expect.poll(() => warnings.length).toBe(2);
    expect(warnings[1]).toMatch(/ran \d+ ms, past its function's 50 ms timeout/);
    // The server goes on answering.
    expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
  });

  it('after a 503, says nothing more of an answer that came within the function’s own timeout', async () => {
    const { url, warnings } = await serve(() => later(150, ok), { functionTimeoutMs: 5000, integrationTimeoutMs: 50 });
    expect((await fetch(`${url}/openapi.json`)).status).toBe(503);
    await new Promise((r) => setTimeout(r, 250));
    expect(warnings).toEqual([expect.stringMatching(/gave no answer within \d+ ms, API Gateway's integration timeout; answered 503$/)]);
  });

  it('counts the function’s own timeout from its call, not from a slow first load of its module', async () => {
    const { url, warnings } = await serve(() => later(5, ok), { functionTimeoutMs: 50, integrationTimeoutMs: 5000, loadMs: 150 });
    expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
    expect(warnings).toEqual([]);
  });

  it('reports a function that fails after its 503, and stays up', async () => {
    let fail: (e: Error) => void = () => undefined;
    const { url, warnings } = await serve(() => new Promise((_resolve, reject) => (fail = reject)), { functionTimeoutMs: 50, integrationTimeoutMs: 50 });
    expect((await fetch(`${url}/openapi.json`)).status).toBe(503);
    fail(new Error('table gone'));
    await expect.poll(() => warnings.at(-1)).toBe('local API: GET /openapi.json failed after its 503: table gone');
  });
});

describe('the local API Gateway’s own errors', () => {
  it('answers 502 and reports a function that throws', async () => {
    const { url, warnings } = await serve(() => Promise.reject(new Error('handler blew up')), { functionTimeoutMs: 1000, integrationTimeoutMs: 1000 });
    const res = await fetch(`${url}/openapi.json`);
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 502, body: { message: 'Internal Server Error' } });
    expect(warnings).toEqual([expect.stringMatching(/^local API gateway error: Error: handler blew up/)]);
  });

  it('answers 503, and says nothing, to a request that comes while local mode stops', async () => {
    const { url, warnings } = await serve(() => Promise.reject(new LocalLambdasStopped('http/get-openapi.ts')), {
      functionTimeoutMs: 1000,
      integrationTimeoutMs: 1000,
    });
    const res = await fetch(`${url}/openapi.json`);
    expect({ status: res.status, body: await res.json(), warnings }).toEqual({ status: 503, body: { message: 'Service Unavailable' }, warnings: [] });
  });

  it('says nothing when a client goes away while its body is read, and goes on answering', async () => {
    const { url, warnings, invoked } = await serve(() => Promise.resolve(ok), { functionTimeoutMs: 1000, integrationTimeoutMs: 1000 });
    const { port } = new URL(url);
    await new Promise<void>((resolve) => {
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/approval-links/abc',
        headers: { 'content-type': 'application/json', 'content-length': '1000' },
      });
      req.on('error', () => resolve());
      req.write('{"decision":');
      setTimeout(() => req.destroy(), 50);
    });
    await new Promise((r) => setTimeout(r, 200));
    expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
    expect({ warnings, invoked }).toEqual({ warnings: [], invoked: ['http/get-openapi.ts'] });
  });
});

describe('local Lambda timeouts', () => {
  it('come from the template by logical id, by ARN and by handler module; Lambda’s 3 s where none is set', () => {
    const lambdas = new LocalLambdas({ Submit: 'http/submit-registration.ts', Other: 'http/get-openapi.ts' }, {}, { Submit: 15, Dispatch: 300 });
    expect(lambdas.timeoutMs('Submit')).toBe(15_000);
    expect(lambdas.timeoutMs('arn:aws:lambda:local:000000000000:function:Submit')).toBe(15_000);
    expect(lambdas.timeoutMs('http/submit-registration.ts')).toBe(15_000);
    expect(lambdas.timeoutMs('Other')).toBe(3000);
    expect(() => lambdas.timeoutMs('Missing')).toThrow(/No local function Missing/);
  });
});

describe('local Lambda invocations', () => {
  /** A function whose handler (tests/support/timed-handler.ts) waits as long as its event asks. */
  const timed = () => new LocalLambdas({ Timed: '../tests/support/timed-handler.ts' }, {}, { Timed: 7 });

  it('hand the handler a context that counts down from the function’s timeout, named by the function', async () => {
    const out = (await timed().invoke('../tests/support/timed-handler.ts', { ms: 0 })) as { remainingMs: number; functionName: string };
    expect(out.functionName).toBe('Timed');
    expect(out.remainingMs).toBeGreaterThan(5000);
    expect(out.remainingMs).toBeLessThanOrEqual(7000);
  });

  it('once stopped, are refused without loading anything; stopping waits for those running', async () => {
    const lambdas = timed();
    const running = lambdas.invoke('Timed', { ms: 150 });
    const started = Date.now();
    await lambdas.stop(10_000);
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(running).resolves.toMatchObject({ functionName: 'Timed' });
    await expect(lambdas.invoke('Timed', { ms: 0 })).rejects.toBeInstanceOf(LocalLambdasStopped);
    await expect(lambdas.handler('Timed')).rejects.toThrow('Local mode is stopping: Timed was not invoked');
  });

  it('stop waits no longer than it is told for a handler that does not end', async () => {
    const lambdas = timed();
    void lambdas.invoke('Timed', { ms: 3000 });
    const started = Date.now();
    await lambdas.stop(50);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('the synthesized app’s cache key', () => {
  it('changes with the built web app, whose asset hash the template holds', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'exam-forms-digest-'));
    try {
      mkdirSync(path.join(root, 'infra'));
      writeFileSync(path.join(root, 'infra', 'app.ts'), 'app');
      const withoutWeb = sourcesDigest(root);
      mkdirSync(path.join(root, 'web', 'dist', 'assets'), { recursive: true });
      writeFileSync(path.join(root, 'web', 'dist', 'assets', 'index-a.js'), 'one');
      const built = sourcesDigest(root);
      writeFileSync(path.join(root, 'web', 'dist', 'assets', 'index-a.js'), 'two');
      const rebuilt = sourcesDigest(root);
      expect(new Set([withoutWeb, built, rebuilt]).size).toBe(3);
      // Web sources that are not built yet do not change it: the template holds only the build's hash.
      mkdirSync(path.join(root, 'web', 'src'));
      writeFileSync(path.join(root, 'web', 'src', 'app.tsx'), 'x');
      expect(sourcesDigest(root)).toBe(rebuilt);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
