import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { ED_APPROVER, IT_APPROVER, OTHER_STAFF, STAFF, midtermBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { decide, linkIdIn, mailsAbout, submitAndWaitForApprovers, waitForStatus } from '../support/workflow';

/** Everything the handlers log, at the most verbose level, is captured here. */
const logged: string[] = [];
const originalWrite = process.stdout.write.bind(process.stdout);
const originalErr = process.stderr.write.bind(process.stderr);
const consoles: ['log' | 'info' | 'warn' | 'error' | 'debug' | 'trace', (...args: unknown[]) => void][] = [];

let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem({ logLevel: 'DEBUG', env: { POWERTOOLS_LOGGER_LOG_EVENT: 'true' } });
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
});
