import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ED_APPROVER, IT_APPROVER, STAFF } from '../support/fixtures';
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
  const capture = (_orig: typeof originalWrite) => ((chunk: unknown) => {
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

describe('task tokens never leave the server', () => {
  it('no e-mail, log line or API answer contains one', async () => {
    const r = await submitAndWaitForApprovers(ctx, STAFF);
    // The tokens as stored against the registration (the only place they are kept).
    const ddb = new DynamoDBClient({ endpoint: ctx.system.dynamodbEndpoint, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const items = await ddb.send(new QueryCommand({ TableName: ctx.system.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: `REG#${r.id}` } } }));
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
});
