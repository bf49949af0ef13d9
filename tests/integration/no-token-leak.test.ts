import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { DYNAMODB_FAULTS, type FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { ED_APPROVER, IT_APPROVER, OTHER_STAFF, STAFF, midtermBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { decide, linkIdIn, mailsAbout, submitAndWaitForApprovers, waitForStatus } from '../support/workflow';

/** Everything the handlers log, at the most verbose level, is captured here. */
const logged: string[] = [];
const originalWrite = process.stdout.write.bind(process.stdout);
const originalErr = process.stderr.write.bind(process.stderr);
const consoles: ['log' | 'info' | 'warn' | 'error' | 'debug' | 'trace', (...args: unknown[]) => void][] = [];

let ctx: Awaited<ReturnType<typeof startTestSystem>>;
/** Pass-through proxies in front of DynamoDB and SES, to make a request fail (503) and a workflow fail. */
let ddbFaults: FaultProxy;
let sesFaults: FaultProxy;
beforeAll(async () => {
  ctx = await startTestSystem({ logLevel: 'DEBUG', env: { POWERTOOLS_LOGGER_LOG_EVENT: 'true' } });
  ddbFaults = await startFaultProxy(ctx.system.dynamodbEndpoint);
  sesFaults = await startFaultProxy(ctx.system.mail.endpoint);
  // The handlers create their clients at first use, which comes after this.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = ddbFaults.url;
  process.env.AWS_ENDPOINT_URL_SESV2 = sesFaults.url;
  // Captured, not echoed: the point is what would be written, not to flood the test output.
  const capture = (_orig: typeof originalWrite) =>
    ((chunk: unknown) => {
      logged.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture(originalWrite);
  process.stderr.write = capture(originalErr);
  // With POWERTOOLS_DEV the logger writes through the global console.
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const orig = console[level].bind(console);
    consoles.push([level, orig]);
    console[level] = (...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
    };
  }
});
afterAll(async () => {
  for (const [level, orig] of consoles) console[level] = orig;
  process.stdout.write = originalWrite;
  process.stderr.write = originalErr;
  await ctx?.system.stop();
  await ddbFaults?.close();
  await sesFaults?.close();
});

/** Every task token stored against a registration so far (each stage and round gets its own). */
const storedTokens = async (id: string, seen: Set<string>) => {
  const ddb = new DynamoDBClient({ endpoint: ctx.system.dynamodbEndpoint, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const items = await ddb.send(
    new QueryCommand({ TableName: ctx.system.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: `REG#${id}` } } }),
  );
  for (const i of items.Items ?? []) if (i.taskToken?.S) seen.add(i.taskToken.S);
  return seen;
};

describe('task tokens never leave the server', () => {
  it('no e-mail, log line or API answer contains one', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    // The tokens as stored against the registration (the only place they are kept).
    const ddb = new DynamoDBClient({ endpoint: ctx.system.dynamodbEndpoint, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const items = await ddb.send(
      new QueryCommand({ TableName: ctx.system.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: `REG#${r.id}` } } }),
    );
    const tokens = (items.Items ?? []).map((i) => i.taskToken?.S).filter((t): t is string => Boolean(t));
    expect(tokens).toHaveLength(2);

    const answers: unknown[] = [];
    for (const who of [STAFF, IT_APPROVER, ED_APPROVER]) {
      answers.push((await ctx.api.request('GET', `/registrations/${r.id}`, { as: who })).body);
      answers.push((await ctx.api.request('GET', '/registrations', { as: who })).body);
    }
    const link = linkIdIn((await mailsAbout(ctx, r.id))[0]?.text ?? '') as string;
    answers.push((await ctx.api.request('GET', `/approval-links/${link}`)).body);
    answers.push((await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve')).body);
    answers.push((await decide(ctx, ED_APPROVER, r.id, 'ED', 'approve')).body);
    await waitForStatus(ctx, STAFF, r.id, 'APPROVED');

    const mails = JSON.stringify(await mailsAbout(ctx, r.id));
    const api = JSON.stringify(answers);
    const logs = logged.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const token of tokens) {
      expect(mails).not.toContain(token);
      expect(api).not.toContain(token);
      expect(logs).not.toContain(token);
    }
    expect(api).not.toMatch(/taskToken/i);
  });

  it('nor does an error answer, a resubmission, the e-mail-link POST, or any DEBUG log line with event logging on', async () => {
    const before = logged.length;
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    const tokens = await storedTokens(r.id, new Set());
    expect(tokens.size).toBe(2);
    const answers: { status: number; body: unknown }[] = [];
    const keep = (res: { status: number; body: unknown }) => {
      answers.push(res);
      return res;
    };

    // Error answers: 400 (a bad decision), 404 (not the caller's), 409 (already decided), 410 (a used link).
    expect(keep(await ctx.api.request('POST', `/registrations/${r.id}/decisions`, { as: IT_APPROVER, body: { group: 'IT', decision: 'reject' } })).status).toBe(400);
    expect(keep(await ctx.api.request('GET', `/registrations/${r.id}`, { as: OTHER_STAFF })).status).toBe(404);
    const link = linkIdIn((await mailsAbout(ctx, r.id)).find((m) => m.subject.startsWith('[IT]'))?.text ?? '') as string;
    // The e-mail-link POST decides for IT; a second POST of the link and an API decision for IT are refused.
    expect(keep(await ctx.api.request('POST', `/approval-links/${link}`, { body: { decision: 'approve', comment: '' } })).status).toBe(200);
    expect([409, 410]).toContain(keep(await ctx.api.request('POST', `/approval-links/${link}`, { body: { decision: 'approve', comment: '' } })).status);
    expect(keep(await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve')).status).toBe(409);

    // A resubmission: ED asks for changes, the owner resubmits with a new exam, both groups are asked again with new tokens.
    expect(keep(await decide(ctx, ED_APPROVER, r.id, 'ED', 'request-changes', 'Another day, please')).status).toBe(200);
    await waitForStatus(ctx, STAFF, r.id, 'CHANGES_REQUESTED');
    const changed = midtermBody({ exam: { ...(r.form.exam as object), durationMinutes: 180 } as never });
    expect(keep(await ctx.api.request('PUT', `/registrations/${r.id}`, { as: STAFF, body: changed })).status).toBe(200);
    await ApiClient.eventually(async () => (await storedTokens(r.id, tokens)).size >= 4, 15_000, 'round 2 tokens');
    expect(keep(await ctx.api.request('PUT', `/registrations/${r.id}`, { as: STAFF, body: changed })).status).toBe(409);
    for (const who of [STAFF, IT_APPROVER, ED_APPROVER]) keep(await ctx.api.request('GET', `/registrations/${r.id}`, { as: who }));
    keep(await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve'));
    keep(await decide(ctx, ED_APPROVER, r.id, 'ED', 'approve'));
    await waitForStatus(ctx, STAFF, r.id, 'APPROVED');
    await storedTokens(r.id, tokens);

    const mails = JSON.stringify(await mailsAbout(ctx, r.id));
    const api = JSON.stringify(answers);
    const logs = logged.slice(before).join('\n');
    // Event logging is on: the handlers logged the requests they received, at DEBUG.
    expect(logs).toContain(`/registrations/${r.id}/decisions`);
    expect(logs).toMatch(/"level":\s*"DEBUG"/);
    // The workflow step that stores the token logged its event too, with the token replaced.
    expect(logs).toMatch(/"taskToken":\s*"\[redacted\]"/);
    for (const token of tokens) {
      expect(mails).not.toContain(token);
      expect(api).not.toContain(token);
      expect(logs).not.toContain(token);
    }
    expect(api).not.toMatch(/taskToken/i);
  }, 60_000);

  it('nor does a 503 answer, or a workflow that failed while a token was stored (history, execution, logs)', async () => {
    const before = logged.length;
    const answers: { status: number; body: unknown }[] = [];
    const keep = (res: { status: number; body: unknown; headers?: Headers }) => {
      answers.push({ status: res.status, body: res.body });
      return res;
    };

    // 503: DynamoDB keeps failing while IT decides on a registration that holds two tokens.
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    const tokens = await storedTokens(r.id, new Set());
    expect(tokens.size).toBe(2);
    ddbFaults.failNext(1000, DYNAMODB_FAULTS.internal);
    const refused = keep(await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve'));
    const refusedRead = keep(await ctx.api.request('GET', `/registrations/${r.id}`, { as: IT_APPROVER }));
    ddbFaults.failNext(0);
    expect([refused.status, refusedRead.status]).toEqual([503, 503]);

    // A failed workflow: the approval e-mail cannot go out after the step stored its token.
    sesFaults.failNext(1000, { status: 400, type: 'MessageRejected', message: 'Email address is not verified.' });
    const submitted = keep(await ctx.api.request('POST', '/registrations', { as: STAFF, body: midtermBody() }));
    const failed = await ApiClient.eventually(
      async () => {
        const view = keep(await ctx.api.request('GET', `/registrations/${(submitted.body as { id: string }).id}`, { as: STAFF }));
        return (view.body as { history: { action: string }[] }).history.find((h) => h.action === 'WORKFLOW_FAILED');
      },
      30_000,
      'WORKFLOW_FAILED',
    );
    sesFaults.failNext(0);
    expect(failed).toBeDefined();
    const id = (submitted.body as { id: string }).id;
    await storedTokens(id, tokens);
    expect(tokens.size).toBeGreaterThanOrEqual(3);
    for (const who of [STAFF, IT_APPROVER, ED_APPROVER]) keep(await ctx.api.request('GET', `/registrations/${id}`, { as: who }));
    const execution = await ApiClient.eventually(
      async () => ctx.system.sfn.listExecutions().find((e) => e.name === `${id}-r1` && e.status === 'FAILED'),
      10_000,
      'execution FAILED',
    );

    const api = JSON.stringify(answers);
    const logs = logged.slice(before).join('\n');
    const executionText = JSON.stringify({ error: execution.error, cause: execution.cause, output: execution.output });
    expect(logs).toContain('approval workflow failed');
    for (const token of tokens) {
      expect(api).not.toContain(token);
      expect(logs).not.toContain(token);
      expect(executionText).not.toContain(token);
    }
    expect(api).not.toMatch(/taskToken/i);
  }, 90_000);
});
