/**
 * `npm run bench`: performance figures, printed as Markdown tables (docs/performance.md keeps
 * the last run). Asserts nothing; the size ceilings are tests/infra/bundle-size.test.ts.
 *
 *   1. HTTP: requests per second and p50/p99 latency of POST /registrations and
 *      GET /registrations/{id} in local mode, against a bare node:http server making the same
 *      DynamoDB calls (bench/bare-server.ts), both on one DynamoDB Local, in this run.
 *   2. Workflow: state transitions and SES calls per registration, for typical outcomes.
 *   3. Functions (measured first, on a quiet machine): each bundle's minified size (as cdk
 *      synth bundles it) and the time a fresh node process takes to import it.
 *   4. Calendar: GET /calendar for a month holding 1,000 exams, the capacity on a registration
 *      view against a view without it, and a calendar feed: DynamoDB calls and latency
 *      (bench/calendar.ts). BENCH_CALENDAR_EXAMS changes the 1,000.
 *
 * BENCH_REQUESTS (default 400 per route and server) and BENCH_CONCURRENCY (default 16).
 * `npm run bench -- functions` measures the functions only (part 3).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { startSesLocal } from '../local/ses-local';
import { startLocalSystem } from '../local/system';
import { ApiClient, type Identity } from '../tests/support/api-client';
import { startFaultProxy } from '../tests/support/fault-proxy';
import { ED_APPROVER, IT_APPROVER, STAFF, midtermBody, softwareBody } from '../tests/support/fixtures';
import { bundleFunction } from '../infra/bundling/function-bundle';
import { PROJECT_ROOT as ROOT } from '../infra/paths';
import { type ImportTime, KB, bundleAll, importTimes } from './bundles';
import { calendarBenchmark } from './calendar';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const TABLE = 'bench';
const IMPORT_TARGET_MS = 60;
/** Import time of every function within this multiple of the floor's, measured in the same run. */
const IMPORT_FLOOR_RATIO = 1.5;

const out = (line = '') => process.stdout.write(`${line}\n`);
const ms = (n: number) => n.toFixed(1);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

/** Starts one of the benchmark's servers in its own process and waits for `READY <url>`. */
const serve = async (script: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> => {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      const m = output.match(/READY (http:\/\/\S+)/);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${output}`)));
  });
  return { url, child };
};
const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

interface Run {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<number, number>;
}

/** A closed loop: `concurrency` clients, each sending its next request when the last one answered. */
/** `request` sends request i, reads the answer and returns its status. */
const drive = async (count: number, concurrency: number, request: (i: number) => Promise<number>): Promise<Run> => {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = performance.now();
        const status = await request(i);
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: count, seconds, rps: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), statuses };
};

const httpBenchmark = async () => {
  const ddb = await startDynamoDbLocal({ dataDir: null });
  const env = { BENCH_DYNAMODB_ENDPOINT: ddb.endpoint, BENCH_TABLE: TABLE, AWS_REGION: 'local', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };
  // Local mode first: it creates the table (from the synthesized template) that all use.
  const local = await serve('bench/serve-local.ts', { ...env, BENCH_WORKFLOW: 'stub' });
  const full = await serve('bench/serve-local.ts', env);
  const bare = await serve('bench/bare-server.ts', env);
  try {
    const token = await new ApiClient(local.url).token(STAFF);
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const fullAuth = { authorization: `Bearer ${await new ApiClient(full.url).token(STAFF)}`, 'content-type': 'application/json' };
    const body = JSON.stringify(midtermBody());
    const servers = [
      { name: 'local mode', url: local.url, headers: auth, get: true },
      { name: 'bare node:http', url: bare.url, headers: { 'content-type': 'application/json' }, get: true },
      { name: 'local mode + workflow', url: full.url, headers: fullAuth, get: false },
    ];
    const results: Record<string, Record<string, Run>> = {};
    for (const s of servers) {
      const created: string[] = [];
      const post = async () => {
        const res = await fetch(`${s.url}/registrations`, { method: 'POST', headers: s.headers, body });
        created.push(((await res.json()) as { id: string }).id);
        return res.status;
      };
      const get = async (i: number) => {
        const res = await fetch(`${s.url}/registrations/${created[i % created.length]}`, { headers: s.headers });
        await res.arrayBuffer();
        return res.status;
      };
      await drive(50, CONCURRENCY, post); // warm-up: first imports, JIT, connections
      const postRun = await drive(REQUESTS, CONCURRENCY, post);
      results[s.name] = { 'POST /registrations': postRun, ...(s.get ? { 'GET /registrations/{id}': await drive(REQUESTS, CONCURRENCY, get) } : {}) };
    }
    return results;
  } finally {
    await stop(local.child);
    await stop(full.child);
    await stop(bare.child);
    await ddb.stop();
  }
};

const workflowBenchmark = async () => {
  const sink = await startSesLocal();
  const counter = await startFaultProxy(sink.endpoint);
  const ddb = await startDynamoDbLocal({ dataDir: null });
  const ddbCounter = await startFaultProxy(ddb.endpoint);
  const system = await startLocalSystem({ port: 0, dataDir: null, fastWaits: true, mailSinkUrl: counter.url, dynamodbEndpoint: ddbCounter.url, logLevel: 'ERROR' });
  const api = new ApiClient(system.url);
  const sends = () => counter.seen.byOperation['POST /v2/email/outbound-emails'] ?? 0;
  const scenarios: { name: string; body: Record<string, unknown>; decisions: [Identity, string, string][] }[] = [
    {
      name: 'mid-term, ED and IT approve',
      body: midtermBody(),
      decisions: [
        [ED_APPROVER, 'ED', 'approve'],
        [IT_APPROVER, 'IT', 'approve'],
      ],
    },
    { name: 'software request, IT approves', body: softwareBody(), decisions: [[IT_APPROVER, 'IT', 'approve']] },
    { name: 'mid-term, ED rejects', body: midtermBody(), decisions: [[ED_APPROVER, 'ED', 'reject']] },
  ];
  const rows: { name: string; executions: number; transitions: number; dynamodbCalls: number; sesCalls: number; mails: number }[] = [];
  try {
    for (const s of scenarios) {
      const before = sends();
      const ddbBefore = ddbCounter.seen.total;
      const res = await api.request('POST', '/registrations', { as: STAFF, body: s.body });
      const id = res.body.id as string;
      await ApiClient.eventually(async () => (await api.mail()).filter((m) => m.text.includes(id)).length >= res.body.derived.approvers.length, 15_000);
      for (const [who, group, decision] of s.decisions)
        await api.request('POST', `/registrations/${id}/decisions`, {
          as: who,
          body: { group, decision, comment: decision === 'approve' ? '' : 'No rooms that week' },
        });
      // Waiting reads the mail sink and the workflow, not the API, so the counts hold only the registration's own calls.
      await ApiClient.eventually(async () => (await api.mail()).some((m) => m.text.includes(id) && /^(Approved|Rejected)/.test(m.subject)), 15_000);
      await system.sfn.idle();
      const executions = system.sfn.listExecutions().filter((e) => e.name.startsWith(id));
      rows.push({
        name: s.name,
        executions: executions.length,
        transitions: executions.reduce((n, e) => n + (e.transitions ?? 0), 0),
        dynamodbCalls: ddbCounter.seen.total - ddbBefore,
        sesCalls: sends() - before,
        mails: (await api.mail()).filter((m) => m.text.includes(id)).length,
      });
    }
  } finally {
    await system.stop();
    await counter.close();
    await sink.stop();
    await ddbCounter.close();
    await ddb.stop();
  }
  return rows;
};

const IMPORT_ROUNDS = 11;

const functionBenchmark = async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'exam-forms-bench-'));
  try {
    const bundles = await bundleAll(dir);
    // The floor: a handler that only creates a DynamoDB client, bundled the same way.
    const floor = await bundleFunction(path.join(ROOT, 'bench/floor/dynamodb-client.ts'), path.join(dir, 'floor'));
    const times = await importTimes([floor.entryFile, ...bundles.map((b) => b.file)], IMPORT_ROUNDS);
    return { rows: bundles.map((b, i) => ({ ...b, importMs: times[i + 1] as ImportTime })), floor: times[0] as ImportTime };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

out(`# npm run bench — ${new Date().toISOString()}`);
out();
out(
  `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; ${REQUESTS} requests per route and server, ${CONCURRENCY} concurrent clients, loopback.`,
);
out();

const fns = await functionBenchmark();
out(`## Functions: bundle (minified, as cdk synth bundles it) and import time in a fresh node process (${IMPORT_ROUNDS} rounds)`);
out();
out(
  'Measured first, while nothing else of the benchmark runs; every bundle is imported once per round, in turn. `bundle KB` is what a cold start loads (index.mjs and the chunks it imports); `lazy KB`, the chunks only a dynamic import() reaches. Import ms: median (fastest run).',
);
out();
out('| function | AWS clients | bundle KB | target KB | lazy KB | import ms | × floor | largest inputs |');
out('|---|---:|---:|---:|---:|---:|---:|---|');
for (const f of fns.rows) {
  const size = f.bytes <= f.budget ? (f.bytes / KB).toFixed(1) : `**${(f.bytes / KB).toFixed(1)}**`;
  const median = f.importMs.median < IMPORT_TARGET_MS ? ms(f.importMs.median) : `**${ms(f.importMs.median)}**`;
  const imp = `${median} (${ms(f.importMs.min)})`;
  const largest = f.packages
    .slice(0, 4)
    .map((p) => `${p.name} ${(p.bytes / KB).toFixed(0)}`)
    .join(', ');
  const ratio = f.importMs.median / fns.floor.median;
  const times = ratio <= IMPORT_FLOOR_RATIO ? ratio.toFixed(2) : `**${ratio.toFixed(2)}**`;
  out(`| ${f.entry} | ${f.clients.length} | ${size} | ${f.budget / KB} | ${(f.lazyBytes / KB).toFixed(1)} | ${imp} | ${times} | ${largest} |`);
}
out();
const met = fns.rows.filter((f) => f.bytes <= f.budget).length;
const fast = fns.rows.filter((f) => f.importMs.median < IMPORT_TARGET_MS).length;
const near = fns.rows.filter((f) => f.importMs.median / fns.floor.median <= IMPORT_FLOOR_RATIO).length;
const ratios = fns.rows.map((f) => f.importMs.median / fns.floor.median);
out(`- bundle within target: ${met} of ${fns.rows.length}; import under ${IMPORT_TARGET_MS} ms: ${fast} of ${fns.rows.length} (bold: over)`);
out(
  `- import time within ${IMPORT_FLOOR_RATIO}× the floor's: ${near} of ${fns.rows.length} (ratios ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}; the ratio holds across machines where milliseconds do not)`,
);
out(
  `- the floor: a handler that only creates a DynamoDB client (bench/floor/dynamodb-client.ts, bundled the same way) imports in ${ms(fns.floor.median)} ms (${ms(fns.floor.min)}) on this machine`,
);
out();
if (process.argv.includes('functions')) process.exit(0);
const http = await httpBenchmark();
out('## HTTP: local mode against a bare node:http server making the same DynamoDB calls');
out();
out('`local mode`: token check, Lambda event, handler, validation, the DynamoDB calls, StartExecution (answered by a stand-in that runs nothing).');
out(
  "`local mode + workflow`: the same, and each submission's approval workflow runs meanwhile in the same process, on the same DynamoDB Local (its DynamoDB and SES calls per registration are in the workflow table below).",
);
out();
out('| route | server | req/s | p50 ms | p99 ms | statuses |');
out('|---|---|---:|---:|---:|---|');
for (const route of ['POST /registrations', 'GET /registrations/{id}']) {
  for (const [server, runs] of Object.entries(http)) {
    const r = runs[route];
    if (r) out(`| ${route} | ${server} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} | ${JSON.stringify(r.statuses)} |`);
  }
}
out();
for (const [route, server] of [
  ['POST /registrations', 'local mode'],
  ['GET /registrations/{id}', 'local mode'],
  ['POST /registrations', 'local mode + workflow'],
] as const) {
  const ratio = (http[server]?.[route]?.rps ?? 0) / (http['bare node:http']?.[route]?.rps ?? 1);
  out(`- ${route}, ${server} / bare = **${ratio.toFixed(2)}**${server === 'local mode' ? ` (target ≥ 0.50: ${ratio >= 0.5 ? 'met' : 'not met'})` : ''}`);
}
out();

const flows = await workflowBenchmark();
out('## Workflow: per registration (approval round, then the student notices it schedules)');
out();
out("Counted from the submission to the workflow's last step: the API calls (the submission and each decision) and every workflow step.");
out();
out('| scenario | executions | state transitions | SES SendEmail calls | e-mails | DynamoDB calls |');
out('|---|---:|---:|---:|---:|---:|');
for (const f of flows) out(`| ${f.name} | ${f.executions} | ${f.transitions} | ${f.sesCalls} | ${f.mails} | ${f.dynamodbCalls} |`);
out();

const cal = await calendarBenchmark(Number(process.env.BENCH_CALENDAR_EXAMS ?? 1000));
out(`## Calendar: ${cal.exams} exams in one month (${cal.month}), local mode`);
out();
out(
  'DynamoDB calls per request, counted by a proxy in front of DynamoDB Local (each request alone); latency of the whole HTTP request, one at a time. The capacity rows read the same registration as the owner’s row.',
);
out();
out('| request | what it holds | DynamoDB calls | by operation | p50 ms | p90 ms | max ms |');
out('|---|---|---:|---|---:|---:|---:|');
for (const r of cal.rows) {
  const total = Object.values(r.calls).reduce((a, b) => a + b, 0);
  const ops = Object.entries(r.calls)
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
  out(`| ${r.what} | ${r.detail} | ${total} | ${ops} | ${ms(r.p50)} | ${ms(r.p90)} | ${ms(r.max)} |`);
}
const owner = cal.rows.find((r) => r.what.includes('owner'));
const approver = cal.rows.find((r) => r.what.includes('(capacity: IT)'));
if (owner && approver) out(`\n- capacity on a registration view: +${ms(approver.p50 - owner.p50)} ms at p50 (×${(approver.p50 / owner.p50).toFixed(2)})`);
out();

// Workflow timers of the in-process system (stage timeouts) would keep the process alive.
process.exit(0);
