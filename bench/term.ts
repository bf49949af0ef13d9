/**
 * `npm run bench:term`: a term of exam administration, scaled down, run against the local
 * system, and what it would cost on AWS. Prints figures; asserts nothing.
 *
 * Registrations of both kinds spread over a term's calendar, each with its candidate list;
 * approvers read their queue and the registration and decide (some ask for changes and the
 * owner resubmits, some reject, a few owners cancel); approved exams get their letter (at once:
 * FAST_WAITS), some report an error in the question set during the exam (a notice to every
 * candidate, extra time recorded) or before it; SES reports a few bounces and complaints.
 *
 * Measured, per route and per workflow step: DynamoDB requests and the read and write units
 * they consumed (every command of the handlers' client asks `ReturnConsumedCapacity: TOTAL`,
 * a client middleware), Lambda invocations and their durations in-process; per workflow: state
 * transitions; SES recipients by kind of mail. Then the AWS bill from list prices (below).
 *
 *   TERM_REGISTRATIONS (default 200), TERM_CONCURRENCY (default 8): the run;
 *   BILL_REGISTRATIONS (default 3000): the term the bill is scaled to, linearly per registration.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import os from 'node:os';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SNSEvent } from 'aws-lambda';
import { ROUTES } from '../functions/http/routes';
import { MEMORY_MB } from '../infra/stacks/stateless-stack';
import { LocalLambdas } from '../local/lambda-runtime';
import { startLocalSystem } from '../local/system';
import { META_SK, noticeSk, recipientHash, registrationPk } from '../shared/adapters/dynamodb/keys';
import { ApiClient, type Identity } from '../tests/support/api-client';
import { type DynamoUsage, meterDynamoDb, noUsage } from '../tests/support/dynamodb-meter';
import { examStartIn, midtermBody, softwareBody } from '../tests/support/fixtures';

/* ---------- List prices (AWS, Europe (Ireland) eu-west-1, USD) ---------- */

/**
 * Prices as published on these pages, as last read in 2025 (the build machines reach no
 * network: check them against the pages before quoting the bill). Free tiers are left out.
 */
const PRICES = {
  lambdaGbSecondArm: { usd: 0.0000133334, source: 'https://aws.amazon.com/lambda/pricing/ (Arm, first 7.5 billion GB-s a month)' },
  lambdaRequest: { usd: 0.2 / 1e6, source: 'https://aws.amazon.com/lambda/pricing/ ($0.20 per 1 million requests)' },
  stepFunctionsTransition: { usd: 0.025 / 1000, source: 'https://aws.amazon.com/step-functions/pricing/ (Standard, $0.025 per 1,000 state transitions)' },
  dynamodbReadUnit: {
    usd: 0.1415 / 1e6,
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (eu-west-1, $0.1415 per million read request units, since the November 2024 reduction)',
  },
  dynamodbWriteUnit: { usd: 0.7068 / 1e6, source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (eu-west-1, $0.7068 per million write request units)' },
  dynamodbStorageGbMonth: { usd: 0.283, source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (eu-west-1, $0.283 per GB-month after the first 25 GB)' },
  sesRecipient: { usd: 0.1 / 1000, source: 'https://aws.amazon.com/ses/pricing/ ($0.10 per 1,000 e-mails, each recipient counts)' },
  apiGatewayHttpRequest: { usd: 1.11 / 1e6, source: 'https://aws.amazon.com/api-gateway/pricing/ (eu-west-1 HTTP APIs, $1.11 per million, first 300 million)' },
  logsIngestionGb: { usd: 0.57, source: 'https://aws.amazon.com/cloudwatch/pricing/ (eu-west-1, $0.57 per GB of logs ingested)' },
} as const;
const PRICES_AS_OF = '2025 (list prices; not re-read by this run)';

/** Lambda's own lines per invocation (START, END, REPORT), which the run cannot see: an estimate. */
const PLATFORM_LOG_BYTES_PER_INVOCATION = 350;
/**
 * The state machine logs every history event (LogLevel.ALL, without execution data). Local
 * mode does not write them: about four events per state transition of some 450 bytes each,
 * an estimate.
 */
const WORKFLOW_LOG_BYTES_PER_TRANSITION = 4 * 450;

const REGISTRATIONS = Number(process.env.TERM_REGISTRATIONS ?? 200);
const CONCURRENCY = Number(process.env.TERM_CONCURRENCY ?? 8);
const BILL_REGISTRATIONS = Number(process.env.BILL_REGISTRATIONS ?? 3000);
const TERM_DAYS = 110;

/* ---------- Output: the handlers' log lines are counted (log ingestion), not shown ---------- */

const print = process.stdout.write.bind(process.stdout);
const out = (line = '') => print(`${line}\n`);
let logBytes = 0;
const swallow = (chunk: string | Uint8Array, ...rest: unknown[]) => {
  logBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
  const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
  callback?.();
  return true;
};
process.stdout.write = swallow;

/* ---------- Metering: each Lambda invocation runs in a context that names its function ---------- */

interface FunctionUsage {
  invocations: number;
  ms: number;
  gbSeconds: number;
  ddb: DynamoUsage;
}
const byFunction = new Map<string, FunctionUsage>();
const context = new AsyncLocalStorage<FunctionUsage>();
const usageOf = (entry: string) => {
  let u = byFunction.get(entry);
  if (!u) {
    u = { invocations: 0, ms: 0, gbSeconds: 0, ddb: noUsage() };
    byFunction.set(entry, u);
  }
  return u;
};
const constructIdOf = (entry: string) =>
  ROUTES.find((r) => r.entry === entry)?.id ??
  (entry.split('/').pop() ?? entry)
    .replace(/\.ts$/, '')
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
const memoryGbOf = (entry: string) => (MEMORY_MB[constructIdOf(entry)] ?? 1024) / 1024;

/** Runs one invocation of a function in its metering context, timing it as Lambda bills it (per ms, rounded up). */
const metered = async <T>(entry: string, run: () => Promise<T>): Promise<T> => {
  const u = usageOf(entry);
  const started = performance.now();
  try {
    return await context.run(u, run);
  } finally {
    const ms = Math.ceil(performance.now() - started);
    u.invocations += 1;
    u.ms += ms;
    u.gbSeconds += (ms / 1000) * memoryGbOf(entry);
  }
};

const { invoke } = LocalLambdas.prototype as unknown as { invoke: (this: LocalLambdas, ref: string, event: unknown) => Promise<unknown> };
LocalLambdas.prototype.invoke = function (this: LocalLambdas, ref: string, event: unknown) {
  const { entry } = (this as unknown as { resolve(ref: string): { name: string; entry: string } }).resolve(ref);
  return metered(entry, () => invoke.call(this, ref, event));
};

/* ---------- The system ---------- */

const started = performance.now();
const system = await startLocalSystem({
  port: 0,
  dataDir: null,
  fastWaits: true,
  logLevel: 'INFO',
  env: { MAIL_SEND_RATE: '1000', MAIL_SEND_CONCURRENCY: '16', POWERTOOLS_DEV: 'false' },
});
const api = new ApiClient(system.url);
// The handlers' client, as they import it (the same module instance): metered from here on.
const { ddb } = await import('../functions/lib/dynamodb');
const meter = meterDynamoDb(ddb, () => context.getStore()?.ddb);
// The bench watches the table through a client of its own, which is not metered.
const watcherClient = new DynamoDBClient({ endpoint: system.dynamodbEndpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const watcher = DynamoDBDocumentClient.from(watcherClient);
logBytes = 0;

/* ---------- A term ---------- */

/** A small deterministic generator, so two runs make the same term. */
let seed = 20270104;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(items: readonly [number, T][]): T => {
  let r = random();
  for (const [p, item] of items) {
    if ((r -= p) < 0) return item;
  }
  return items[items.length - 1]?.[1] as T;
};

const STAFF: Identity[] = Array.from({ length: 30 }, (_, i) => ({ sub: `teacher${i}`, email: `teacher${i}@example.edu`, name: `Teacher ${i}`, groups: ['staff'] }));
const APPROVER: Record<'IT' | 'ED', Identity> = {
  IT: { sub: 'ivar-it', email: 'ivar@example.edu', name: 'Ivar IT', groups: ['IT'] },
  ED: { sub: 'eva-ed', email: 'eva@example.edu', name: 'Eva ED', groups: ['ED'] },
};
const COURSES = Array.from({ length: 40 }, (_, i) => ({ code: `TDT${4100 + i}`, name: `Course ${i}` }));

type Outcome = 'approved' | 'changes-then-approved' | 'rejected' | 'cancelled';
const tally = { midterm: 0, software: 0, outcomes: {} as Record<Outcome, number>, candidates: 0, incidentsDuring: 0, incidentsBefore: 0, bounces: 0, complaints: 0 };

const registrationIds: string[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 180_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(100);
  }
};
const meta = async (id: string) => (await watcher.send(new GetCommand({ TableName: system.tableName, Key: { pk: registrationPk(id), sk: META_SK } }))).Item;
/** Until the workflow has asked the group of this round (its step stored a token and mailed). */
const asked = (id: string, round: number, group: 'IT' | 'ED') =>
  until(`${group} asked on ${id}`, async () => {
    const item = (
      await watcher.send(new GetCommand({ TableName: system.tableName, Key: { pk: registrationPk(id), sk: `APPROVAL#${String(round).padStart(4, '0')}#${group}` } }))
    ).Item;
    return Boolean(item?.mailed_initial) || item?.state !== 'PENDING';
  });
const noticeSent = (id: string, noticeId: string) =>
  until(`notice ${noticeId} of ${id}`, async () => {
    const item = (await watcher.send(new GetCommand({ TableName: system.tableName, Key: { pk: registrationPk(id), sk: noticeSk(noticeId) } }))).Item;
    return item?.status === 'SENT';
  });
const check = <T extends { status: number; body: unknown }>(res: T, expected: number, what: string): T => {
  if (res.status !== expected) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
};

const { handler: deliveryEvent } = (await import('../functions/events/record-delivery-event')) as {
  handler: (event: SNSEvent, ctx: unknown) => Promise<unknown>;
};
const sesEvent = (id: string, noticeId: string, email: string, kind: 'Bounce' | 'Complaint'): SNSEvent => ({
  Records: [
    {
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:local:000000000000:delivery',
      Sns: {
        Type: 'Notification',
        MessageId: `${id}-${email}-${kind}`,
        TopicArn: 'arn:aws:sns:local:000000000000:delivery',
        Subject: null as unknown as string,
        Message: JSON.stringify({
          eventType: kind,
          mail: { tags: { registration: [id], notice: [noticeId], recipient: [recipientHash(email)] } },
          ...(kind === 'Bounce' ? { bounce: { bounceType: 'Permanent' } } : { complaint: {} }),
        }),
        Timestamp: new Date().toISOString(),
        SignatureVersion: '1',
        Signature: '',
        SigningCertUrl: '',
        UnsubscribeUrl: '',
        MessageAttributes: {},
      },
    },
  ],
});

/** An approver reads the queue and the registration, then decides. */
const decide = async (id: string, group: 'IT' | 'ED', decision: 'approve' | 'reject' | 'request-changes') => {
  check(await api.request('GET', '/registrations?view=queue&limit=20', { as: APPROVER[group] }), 200, 'queue');
  check(await api.request('GET', `/registrations/${id}`, { as: APPROVER[group] }), 200, 'view as approver');
  const comment = decision === 'approve' ? 'Staff booked' : decision === 'reject' ? 'No rooms that week' : 'Please book a bigger room';
  check(await api.request('POST', `/registrations/${id}/decisions`, { as: APPROVER[group], body: { group, decision, comment } }), 200, 'decision');
};

const oneRegistration = async (i: number) => {
  const owner = STAFF[i % STAFF.length] as Identity;
  const kind = random() < 0.7 ? 'midterm' : 'software';
  tally[kind] += 1;
  const candidates = 10 + Math.floor(random() * 50);
  const course = COURSES[Math.floor(random() * COURSES.length)] as (typeof COURSES)[number];
  const start = examStartIn(21 + Math.floor((i / REGISTRATIONS) * TERM_DAYS));
  const examType: 'home' | 'school' = kind === 'midterm' && random() < 0.5 ? 'home' : 'school';
  const exam = { type: examType, start, durationMinutes: kind === 'midterm' ? 240 : 180, candidates };
  const body = kind === 'midterm' ? midtermBody({ course, exam }) : softwareBody({ course, exam });
  const outcome: Outcome = pick<Outcome>(
    kind === 'midterm'
      ? [
          [0.7, 'approved'],
          [0.15, 'changes-then-approved'],
          [0.1, 'rejected'],
          [0.05, 'cancelled'],
        ]
      : [
          [0.8, 'approved'],
          [0.1, 'changes-then-approved'],
          [0.1, 'rejected'],
        ],
  );
  tally.outcomes[outcome] = (tally.outcomes[outcome] ?? 0) + 1;

  const created = check(await api.request('POST', '/registrations', { as: owner, body }), 201, 'submit');
  const id = created.body.id as string;
  registrationIds.push(id);
  const groups = created.body.derived.approvers as ('IT' | 'ED')[];
  const emails = Array.from({ length: candidates }, (_, k) => `s${i}x${k}@stud.example.edu`);
  check(
    await api.request('PUT', `/registrations/${id}/candidates`, { as: owner, body: { candidates: emails.map((email, k) => ({ email, name: `Student ${k}` })) } }),
    200,
    'candidates',
  );
  tally.candidates += candidates;
  check(await api.request('GET', `/registrations/${id}`, { as: owner }), 200, 'view');
  if (random() < 0.05) {
    check(
      await api.request('POST', `/registrations/${id}/incidents`, { as: owner, body: { phase: 'before-start', message: 'Task 2 refers to the wrong figure.' } }),
      201,
      'incident before start',
    );
    tally.incidentsBefore += 1;
  }
  for (const g of groups) await asked(id, 1, g);

  if (outcome === 'cancelled') {
    check(await api.request('POST', `/registrations/${id}/cancel`, { as: owner, body: { reason: 'Course moved' } }), 200, 'cancel');
    return;
  }
  if (outcome === 'rejected') {
    await decide(id, groups.includes('ED') ? 'ED' : 'IT', 'reject');
    await until('rejected', async () => (await meta(id))?.status === 'REJECTED');
    check(await api.request('GET', `/registrations/${id}`, { as: owner }), 200, 'view');
    return;
  }
  let round = 1;
  if (outcome === 'changes-then-approved') {
    const asking = groups.includes('ED') ? 'ED' : 'IT';
    const other = groups.find((g) => g !== asking);
    if (other) await decide(id, other, 'approve');
    await decide(id, asking, 'request-changes');
    check(await api.request('GET', `/registrations/${id}`, { as: owner }), 200, 'view');
    check(await api.request('PUT', `/registrations/${id}`, { as: owner, body: { ...body, notes: 'A bigger room is booked' } }), 200, 'resubmit');
    round = 2;
    await asked(id, 2, asking);
    await decide(id, asking, 'approve');
  } else {
    for (const g of groups) await decide(id, g, 'approve');
  }
  await until('approved', async () => (await meta(id))?.status === 'APPROVED' && (await meta(id))?.round === round);
  const noticeId = kind === 'midterm' ? 'letter' : 'software';
  await noticeSent(id, noticeId);
  check(await api.request('GET', `/registrations/${id}`, { as: owner }), 200, 'view');
  check(await api.request('GET', '/registrations?limit=20', { as: owner }), 200, 'mine');

  // SES reports a few permanent bounces and complaints of the letter.
  for (const email of emails) {
    const r = random();
    if (r < 0.02) {
      await metered('events/record-delivery-event.ts', () => deliveryEvent(sesEvent(id, noticeId, email, 'Bounce'), {}));
      tally.bounces += 1;
    } else if (r < 0.022) {
      await metered('events/record-delivery-event.ts', () => deliveryEvent(sesEvent(id, noticeId, email, 'Complaint'), {}));
      tally.complaints += 1;
    }
  }
  if (kind === 'midterm' && random() < 0.15) {
    const reported = check(
      await api.request('POST', `/registrations/${id}/incidents`, { as: owner, body: { phase: 'during', message: 'Task 3: read 25 %, not 52 %.' } }),
      201,
      'incident during',
    );
    tally.incidentsDuring += 1;
    if (reported.body.route === 'IT_ED') {
      const group = groups.includes('IT') ? 'IT' : 'ED';
      check(
        await api.request('POST', `/registrations/${id}/incidents/${reported.body.id}/extra-time`, { as: APPROVER[group], body: { minutes: 15 } }),
        200,
        'extra time',
      );
    }
  }
};

let next = 0;
const failures: string[] = [];
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < REGISTRATIONS) {
      const i = next++;
      try {
        await oneRegistration(i);
      } catch (error) {
        failures.push(`registration ${i}: ${(error as Error).message}`);
      }
    }
  }),
);
// The incident notices and anything else still running.
await system.sfn.idle();
const wallSeconds = (performance.now() - started) / 1000;

/* ---------- What it took ---------- */

const executions = system.sfn.listExecutions();
const transitionsOf = (test: (name: string) => boolean) => executions.filter((e) => test(e.name)).reduce((n, e) => n + (e.transitions ?? 0), 0);
const approvalTransitions = transitionsOf((n) => /-r\d+$/.test(n));
const allTransitions = transitionsOf(() => true);
const mails = await api.mail();
const recipientsOf = (test: (address: string) => boolean) => mails.reduce((n, m) => n + m.to.filter(test).length, 0);
const sesRecipients = recipientsOf(() => true);
const letters = recipientsOf((a) => a.endsWith('@stud.example.edu'));
const approverMails = recipientsOf((a) => /^(it|ed)-approvers@/.test(a));
const table = await watcherClient.send(new DescribeTableCommand({ TableName: system.tableName }));
let tableBytes = table.Table?.TableSizeBytes ?? 0;
if (!tableBytes) {
  // DynamoDB Local may not report a size: add up the items of every registration's partition as JSON, a close stand-in.
  for (const id of registrationIds) {
    const items = await watcher.send(
      new QueryCommand({ TableName: system.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': registrationPk(id) } }),
    );
    tableBytes += (items.Items ?? []).reduce((n, i) => n + Buffer.byteLength(JSON.stringify(i)), 0);
  }
}

await system.stop();
meter.stop();
watcherClient.destroy();

/* ---------- Figures ---------- */

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const usd = (n: number) => `$${n < 0.01 ? n.toFixed(5) : n.toFixed(2)}`;
const pad = (s: string, n: number) => s.padEnd(n);
const rows = [...byFunction.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
const routeOf = (entry: string) => {
  const r = ROUTES.find((x) => x.entry === entry);
  return r ? `${r.method} ${r.path}` : entry.replace(/\.ts$/, '');
};
const section = (title: string, test: (entry: string) => boolean) => {
  out(`\n${title}`);
  out(`${pad('', 52)} ${'calls'.padStart(6)} ${'DDB req'.padStart(8)} ${'req/call'.padStart(8)} ${'RCU'.padStart(9)} ${'WCU'.padStart(9)} ${'ms/call'.padStart(8)}`);
  for (const [entry, u] of rows.filter(([e]) => test(e))) {
    out(
      `${pad(routeOf(entry), 52)} ${fmt(u.invocations).padStart(6)} ${fmt(u.ddb.requests).padStart(8)} ${fmt(u.ddb.requests / u.invocations, 1).padStart(8)} ${fmt(u.ddb.readUnits, 1).padStart(9)} ${fmt(u.ddb.writeUnits, 1).padStart(9)} ${fmt(u.ms / u.invocations, 1).padStart(8)}`,
    );
  }
};
const sum = (test: (entry: string) => boolean, f: (u: FunctionUsage) => number) => rows.filter(([e]) => test(e)).reduce((n, [, u]) => n + f(u), 0);
const isRoute = (e: string) => e.startsWith('http/');
const isWorkflow = (e: string) => e.startsWith('workflow/');
const all = () => true;

out(`# npm run bench:term — ${new Date().toISOString()}`);
out(`Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}; local mode, FAST_WAITS (letters go out at approval), in-process Lambdas.`);
out(
  `\n${REGISTRATIONS} registrations (${tally.midterm} mid-term, ${tally.software} software) over ${TERM_DAYS} days by ${STAFF.length} teachers in ${COURSES.length} courses, ${CONCURRENCY} at a time; wall time ${fmt(wallSeconds, 1)} s${failures.length ? `; ${failures.length} failed: ${failures.slice(0, 3).join('; ')}` : ''}`,
);
out(
  `outcomes ${JSON.stringify(tally.outcomes)}; ${fmt(tally.candidates)} candidates; incidents: ${tally.incidentsDuring} during the exam, ${tally.incidentsBefore} before it; SES events: ${tally.bounces} bounces, ${tally.complaints} complaints`,
);
section('Per route (API Gateway → Lambda)', isRoute);
section('Per workflow step and event (Step Functions / SNS → Lambda)', (e) => !isRoute(e));
out('\nWorkflows');
out(`  approval rounds      ${fmt(executions.filter((e) => /-r\d+$/.test(e.name)).length)} executions, ${fmt(approvalTransitions)} state transitions`);
out(
  `  other (notices)      ${fmt(executions.filter((e) => !/-r\d+$/.test(e.name)).length)} executions, ${fmt(allTransitions - approvalTransitions)} state transitions`,
);
out(
  `  DynamoDB             approval steps ${fmt(
    sum(
      (e) => /workflow\/(plan|request|close|record)/.test(e),
      (u) => u.ddb.requests,
    ),
  )} requests; notice steps ${fmt(
    sum(
      (e) => /workflow\/(prepare|dispatch)/.test(e),
      (u) => u.ddb.requests,
    ),
  )} requests`,
);
out('\nSES');
out(
  `  recipients           ${fmt(sesRecipients)} (${fmt(letters)} to students: letters, software and incident notices; ${fmt(approverMails)} to approver mailboxes; ${fmt(sesRecipients - letters - approverMails)} to submitters and planners)`,
);

const ddbTotal = { requests: meter.total.requests, rcu: meter.total.readUnits, wcu: meter.total.writeUnits };
const invocations = sum(all, (u) => u.invocations);
const gbSeconds = sum(all, (u) => u.gbSeconds);
const apiRequests = sum(isRoute, (u) => u.invocations);
const logGb = (logBytes + invocations * PLATFORM_LOG_BYTES_PER_INVOCATION + allTransitions * WORKFLOW_LOG_BYTES_PER_TRANSITION) / 1e9;
out('\nTotals');
out(`  DynamoDB             ${fmt(ddbTotal.requests)} requests, ${fmt(ddbTotal.rcu, 1)} RCU, ${fmt(ddbTotal.wcu, 1)} WCU; table ${fmt(tableBytes / 1e6, 2)} MB`);
out(
  `  Lambda               ${fmt(invocations)} invocations, ${fmt(sum(all, (u) => u.ms) / 1000, 1)} s, ${fmt(gbSeconds, 1)} GB-s (workflow ${fmt(
    sum(isWorkflow, (u) => u.gbSeconds),
    1,
  )})`,
);
out(`  API Gateway          ${fmt(apiRequests)} requests`);
out(`  Logs                 ${fmt(logBytes / 1e6, 2)} MB from the handlers at INFO + estimated platform and workflow lines = ${fmt(logGb * 1000, 2)} MB`);

const bill: [string, number, string][] = [
  ['Lambda requests', invocations * PRICES.lambdaRequest.usd, PRICES.lambdaRequest.source],
  ['Lambda duration (GB-s, Arm)', gbSeconds * PRICES.lambdaGbSecondArm.usd, PRICES.lambdaGbSecondArm.source],
  ['Step Functions transitions', allTransitions * PRICES.stepFunctionsTransition.usd, PRICES.stepFunctionsTransition.source],
  ['DynamoDB reads (RRU)', ddbTotal.rcu * PRICES.dynamodbReadUnit.usd, PRICES.dynamodbReadUnit.source],
  ['DynamoDB writes (WRU)', ddbTotal.wcu * PRICES.dynamodbWriteUnit.usd, PRICES.dynamodbWriteUnit.source],
  ['DynamoDB storage (one month)', (tableBytes / 1e9) * PRICES.dynamodbStorageGbMonth.usd, PRICES.dynamodbStorageGbMonth.source],
  ['SES recipients', sesRecipients * PRICES.sesRecipient.usd, PRICES.sesRecipient.source],
  ['API Gateway HTTP API', apiRequests * PRICES.apiGatewayHttpRequest.usd, PRICES.apiGatewayHttpRequest.source],
  ['CloudWatch Logs ingestion', logGb * PRICES.logsIngestionGb.usd, PRICES.logsIngestionGb.source],
];
const total = bill.reduce((n, [, v]) => n + v, 0);
const perRegistration = total / REGISTRATIONS;
out(`\nAWS bill (eu-west-1 list prices, ${PRICES_AS_OF}; free tiers not deducted)`);
out(`${pad('', 32)} ${'this run'.padStart(10)} ${'per reg.'.padStart(10)} ${`term of ${fmt(BILL_REGISTRATIONS)}`.padStart(14)}  source`);
for (const [name, value, source] of bill) {
  out(
    `${pad(name, 32)} ${usd(value).padStart(10)} ${usd(value / REGISTRATIONS).padStart(10)} ${usd((value / REGISTRATIONS) * BILL_REGISTRATIONS).padStart(14)}  ${source}`,
  );
}
out(`${pad('total', 32)} ${usd(total).padStart(10)} ${usd(perRegistration).padStart(10)} ${usd(perRegistration * BILL_REGISTRATIONS).padStart(14)}`);
out(
  `\nThe term is scaled linearly per registration (mean ${fmt(tally.candidates / REGISTRATIONS, 0)} candidates each here). Lambda durations are in-process on this machine (no cold starts); logs and storage partly estimated (see the constants).`,
);
process.exit(0);
