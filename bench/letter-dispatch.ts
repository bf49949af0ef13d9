/**
 * `npm run bench:letters`: how long local mode takes to send the exam information letter to
 * 2,000 candidates, and how many SES calls it makes. Prints figures; asserts nothing.
 *
 *   MAIL_SEND_RATE (default here 1000/s: the local sink has no quota) and MAIL_SEND_CONCURRENCY
 *   are read as in production.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocalSystem } from '../local/system';
import { startSesLocal } from '../local/ses-local';
import { ApiClient } from '../tests/support/api-client';
import { ED_APPROVER, IT_APPROVER, STAFF, midtermBody } from '../tests/support/fixtures';

const CANDIDATES = Number(process.env.CANDIDATES ?? 2000);
process.env.MAIL_SEND_RATE ??= '1000';
process.env.MAIL_SEND_CONCURRENCY ??= '16';

const sink = await startSesLocal();
let sesCalls = 0;
const counter = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.method === 'POST' && req.url?.startsWith('/v2/email/outbound-emails')) sesCalls += 1;
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>;
    void fetch(`${sink.endpoint}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined }).then(async (up) => {
      res.writeHead(up.status, Object.fromEntries(up.headers));
      res.end(Buffer.from(await up.arrayBuffer()));
    });
  });
});
await new Promise<void>((r) => counter.listen(0, '127.0.0.1', r));
const system = await startLocalSystem({
  port: 0,
  dataDir: null,
  fastWaits: true,
  mailSinkUrl: `http://127.0.0.1:${(counter.address() as AddressInfo).port}`,
  logLevel: 'ERROR',
});
const api = new ApiClient(system.url);

try {
  const created = await api.request('POST', '/registrations', { as: STAFF, body: midtermBody() });
  const id = created.body.id as string;
  const candidates = Array.from({ length: CANDIDATES }, (_, i) => ({ email: `bench${i}@stud.example.edu` }));
  const t0 = performance.now();
  await api.request('PUT', `/registrations/${id}/candidates`, { as: STAFF, body: { candidates } });
  const tList = performance.now() - t0;
  await api.request('POST', `/registrations/${id}/decisions`, { as: IT_APPROVER, body: { group: 'IT', decision: 'approve' } });
  const before = sesCalls;
  const t1 = performance.now();
  await api.request('POST', `/registrations/${id}/decisions`, { as: ED_APPROVER, body: { group: 'ED', decision: 'approve' } });
  const state = await ApiClient.eventually(
    async () => {
      const r = await api.request('GET', `/registrations/${id}`, { as: STAFF });
      return r.body.studentNotice.letter.status === 'SENT' ? r.body.studentNotice : undefined;
    },
    600_000,
    'letter sent',
  );
  const seconds = (performance.now() - t1) / 1000;
  const calls = sesCalls - before;
  const execution = system.sfn.listExecutions().find((e) => e.name === `${id}-r1`);
  console.log(`candidates                    ${CANDIDATES}`);
  console.log(`PUT candidates                ${tList.toFixed(0)} ms`);
  console.log(
    `approval → every letter sent  ${seconds.toFixed(1)} s (${(CANDIDATES / seconds).toFixed(0)} letters/s; rate limit ${process.env.MAIL_SEND_RATE}/s, concurrency ${process.env.MAIL_SEND_CONCURRENCY})`,
  );
  console.log(`SES calls                     ${calls} (${(calls / CANDIDATES).toFixed(2)} per letter, the submitter's outcome mail included)`);
  console.log(`delivery counts               ${JSON.stringify(state.letter.counts)}`);
  console.log(`state transitions             ${execution?.transitions ?? 'n/a'} for the whole registration workflow`);
} finally {
  await system.stop();
  counter.close();
  await sink.stop();
}
