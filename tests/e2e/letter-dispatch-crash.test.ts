import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSesLocal } from '../../local/ses-local';
import { ApiClient } from '../support/api-client';
import { ED_APPROVER, IT_APPROVER, STAFF, midtermBody } from '../support/fixtures';
import { type LocalProcess, startLocalProcess } from '../support/local-process';
import { atScale } from '../support/scale';

/** 2,000 (the most an exam may have) under `npm run test:scale`; fewer, with the same crash half-way, under `npm test`. */
const CANDIDATES = atScale(2000, 100);

/**
 * Between local mode and the mail sink: throttles the first sends the way SES does (429
 * TooManyRequestsException), counts what it forwards, and after `freezeAt` sends holds every
 * further request unanswered, as the network does when the sending process dies mid-call.
 */
const startSesProxy = async (target: string, opts: { throttleFirst: number; freezeAt: number }) => {
  let forwarded = 0;
  let throttled = 0;
  let frozen = false;
  let onFrozen: () => void = () => undefined;
  const frozenNow = new Promise<void>((r) => (onFrozen = r));
  const held: ServerResponse[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const isSend = req.method === 'POST' && (req.url ?? '').startsWith('/v2/email/outbound-emails');
      if (isSend && frozen) return void held.push(res);
      if (isSend && throttled < opts.throttleFirst) {
        throttled += 1;
        res.writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' });
        return void res.end(JSON.stringify({ message: 'Maximum sending rate exceeded.' }));
      }
      if (isSend && forwarded >= opts.freezeAt) {
        frozen = true;
        onFrozen();
        return void held.push(res);
      }
      if (isSend) forwarded += 1;
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>;
      fetch(`${target}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined })
        .then(async (up) => {
          res.writeHead(up.status, Object.fromEntries(up.headers));
          res.end(Buffer.from(await up.arrayBuffer()));
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats: () => ({ forwarded, throttled, held: held.length }),
    frozenNow,
    thaw: () => {
      frozen = false;
      opts.freezeAt = Number.POSITIVE_INFINITY;
      for (const r of held.splice(0)) r.destroy();
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
};

const killJavaOf = (dataDir: string) => {
  try {
    execFileSync('pkill', ['-9', '-f', dataDir]);
  } catch {
    // nothing left to kill
  }
};

describe(`dispatching the letter to ${CANDIDATES.toLocaleString('en')} candidates`, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'exam-forms-dispatch-'));
  let local: LocalProcess | undefined;
  let sink: Awaited<ReturnType<typeof startSesLocal>> | undefined;
  let proxy: Awaited<ReturnType<typeof startSesProxy>> | undefined;
  afterAll(async () => {
    await local?.stop();
    killJavaOf(dataDir);
    await proxy?.close();
    await sink?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('with SES throttling and a crash half-way, every candidate gets exactly one letter', async () => {
    sink = await startSesLocal();
    proxy = await startSesProxy(sink.endpoint, { throttleFirst: 12, freezeAt: CANDIDATES / 2 });
    const env = { DATA_DIR: dataDir, FAST_WAITS: '1', MAIL_SINK_URL: proxy.url, STALE_CLAIM_SECONDS: '2', MAIL_SEND_RATE: '1000', MAIL_SEND_CONCURRENCY: '16' };
    local = await startLocalProcess(env);
    let api = new ApiClient(local.url);

    const created = await api.request('POST', '/registrations', { as: STAFF, body: midtermBody() });
    const id = created.body.id as string;
    const candidates = Array.from({ length: CANDIDATES }, (_, i) => ({ email: `candidate${i}@stud.example.edu`, name: `Candidate ${i}` }));
    expect((await api.request('PUT', `/registrations/${id}/candidates`, { as: STAFF, body: { candidates } })).status).toBe(200);
    expect((await api.request('POST', `/registrations/${id}/decisions`, { as: IT_APPROVER, body: { group: 'IT', decision: 'approve' } })).status).toBe(200);
    expect((await api.request('POST', `/registrations/${id}/decisions`, { as: ED_APPROVER, body: { group: 'ED', decision: 'approve' } })).status).toBe(200);

    // Half-way, the sends hang; the process dies (SIGKILL, no clean-up), DynamoDB Local with it.
    await proxy.frozenNow;
    await new Promise((r) => setTimeout(r, 1000));
    await local.crash();
    // DynamoDB Local runs in its own JVM, which a crash of its parent leaves behind.
    killJavaOf(dataDir);
    const atCrash = proxy.stats();
    expect(atCrash.forwarded).toBe(CANDIDATES / 2);
    expect(atCrash.throttled).toBe(12);
    proxy.thaw();

    local = await startLocalProcess(env);
    expect(local.output()).toMatch(/Resumed\s+\d+ unfinished workflow execution/);
    api = new ApiClient(local.url);
    const state = await ApiClient.eventually(
      async () => {
        const r = await api.request('GET', `/registrations/${id}`, { as: STAFF });
        return r.body.studentNotice?.letter.status === 'SENT' ? r.body.studentNotice : undefined;
      },
      120_000,
      'letter sent',
    );
    expect(state.letter.counts).toEqual({ pending: 0, sent: CANDIDATES, bounced: 0, complained: 0, failed: 0 });

    const letters = (await sink.list()).filter((m) => m.subject.startsWith('Eksamensinformasjon'));
    const perAddress = new Map<string, number>();
    for (const m of letters) for (const to of m.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
    expect(perAddress.size).toBe(CANDIDATES);
    expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
    expect(letters).toHaveLength(CANDIDATES);
  }, 300_000);
});
