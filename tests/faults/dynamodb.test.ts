import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Identity } from '../support/api-client';
import { DYNAMODB_FAULTS, type FaultProxy, type FaultRequest, op, startFaultProxy } from '../support/fault-proxy';
import { ED_APPROVER, IT_APPROVER, midtermBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { decide, mailsAbout, submitAndWaitForApprovers, waitForIdle, waitForStatus } from '../support/workflow';

/**
 * DynamoDB throttling and errors, injected by a loopback proxy in front of DynamoDB Local that
 * answers as DynamoDB does (400 ProvisionedThroughputExceededException / ThrottlingException,
 * 500 InternalServerError). Nothing accepted is lost, nothing is done twice, and every failure
 * shows: as a retryable 503 to the caller (the API's 5xx alarm), or on the registration.
 */
let ctx: Awaited<ReturnType<typeof startTestSystem>>;
let ddb: FaultProxy;
beforeAll(async () => {
  ctx = await startTestSystem({ logLevel: 'SILENT' });
  ddb = await startFaultProxy(ctx.system.dynamodbEndpoint);
  // The handlers create their clients at first import, which comes after this.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = ddb.url;
});
afterAll(async () => {
  await ctx?.system.stop();
  await ddb?.close();
});

const someone = (): Identity => ({ sub: `staff-${randomUUID()}`, email: 'kari.nordmann@example.edu', groups: ['staff'] });
const executionsOf = (id: string) => ctx.system.sfn.listExecutions().filter((e) => e.name.startsWith(id));
const mine = async (who: Identity) => (await ctx.api.request('GET', '/registrations?limit=100', { as: who })).body.items as { id: string }[];
/** The registerTaskToken write of a waiting approval step. */
/** The write that stores a step's task token (a transaction with the registration's copy of the approval). */
const storesTaskToken = (req: FaultRequest) => op('TransactWriteItems')(req) && req.body.includes('taskToken = :t');

describe('submitting while DynamoDB throttles', () => {
  it('a short burst is absorbed by the SDK’s retries: 201, stored once, one workflow', async () => {
    const who = someone();
    ddb.failNext(2, DYNAMODB_FAULTS.throughputExceeded, op('TransactWriteItems'));
    const failedBefore = ddb.seen.failed;
    const res = await ctx.api.request('POST', '/registrations', { as: who, body: midtermBody() });
    expect(res.status).toBe(201);
    expect(ddb.seen.failed - failedBefore).toBe(2);
    expect((await mine(who)).map((r) => r.id)).toEqual([res.body.id]);
    expect(executionsOf(res.body.id)).toHaveLength(1);
  });

  it('throttling that outlasts the retries is a 503 with Retry-After, stores nothing; the retry with the same key stores it once', async () => {
    const who = someone();
    const key = randomUUID();
    ddb.failNext(1000, DYNAMODB_FAULTS.throttling, op('TransactWriteItems'));
    const refused = await ctx.api.request('POST', '/registrations', { as: who, body: midtermBody(), headers: { 'idempotency-key': key } });
    ddb.failNext(0);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(JSON.stringify(refused.body)).not.toMatch(/Throttling|DynamoDB|dynamodb/);
    expect(await mine(who)).toEqual([]);

    const retried = await ctx.api.request('POST', '/registrations', { as: who, body: midtermBody(), headers: { 'idempotency-key': key } });
    const again = await ctx.api.request('POST', '/registrations', { as: who, body: midtermBody(), headers: { 'idempotency-key': key } });
    expect([retried.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(retried.body.id);
    expect((await mine(who)).map((r) => r.id)).toEqual([retried.body.id]);
    expect(executionsOf(retried.body.id)).toHaveLength(1);
  }, 60_000);

  it('when every DynamoDB call fails, the idempotency record cannot be written either: 503, nothing stored', async () => {
    const who = someone();
    ddb.failNext(1000, DYNAMODB_FAULTS.internal);
    const res = await ctx.api.request('POST', '/registrations', { as: who, body: midtermBody(), headers: { 'idempotency-key': randomUUID() } });
    ddb.failNext(0);
    expect(res.status).toBe(503);
    expect(await mine(who)).toEqual([]);
  }, 60_000);

  it('reads retry a server error and answer normally', async () => {
    const who = someone();
    const created = await ctx.api.request('POST', '/registrations', { as: who, body: midtermBody() });
    ddb.failNext(2, DYNAMODB_FAULTS.internal, op('Query'));
    const read = await ctx.api.request('GET', `/registrations/${created.body.id}`, { as: who });
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(created.body.id);
  });
});

describe('the approval workflow while DynamoDB throttles', () => {
  it('a throttled step is retried by the SDK and by the workflow: each group is mailed once, and the round completes', async () => {
    ddb.failNext(6, DYNAMODB_FAULTS.throughputExceeded, storesTaskToken);
    const failedBefore = ddb.seen.failed;
    const r = await submitAndWaitForApprovers(ctx, someone());
    expect(ddb.seen.failed - failedBefore).toBe(6);
    await waitForIdle(ctx.system);
    const asked = (await mailsAbout(ctx, r.id)).filter((m) => /Decision wanted/.test(m.subject)).map((m) => m.subject.slice(0, 4));
    expect(asked.sort()).toEqual(['[ED]', '[IT]']);
    expect((await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve')).status).toBe(200);
    expect((await decide(ctx, ED_APPROVER, r.id, 'ED', 'approve')).status).toBe(200);
    const done = await waitForStatus(ctx, { ...IT_APPROVER }, r.id, 'APPROVED');
    expect(done.history.map((h: { action: string }) => h.action)).not.toContain('WORKFLOW_FAILED');
  }, 60_000);

  it('a step that keeps failing ends the workflow visibly: WORKFLOW_FAILED on the registration, the execution FAILED (alarmed)', async () => {
    ddb.failNext(1000, DYNAMODB_FAULTS.internal, storesTaskToken);
    const who = someone();
    const res = await ctx.api.request('POST', '/registrations', { as: who, body: midtermBody() });
    expect(res.status).toBe(201);
    const failed = await ApiClient.eventually(
      async () =>
        (await ctx.api.request('GET', `/registrations/${res.body.id}`, { as: who })).body.history.find((h: { action: string }) => h.action === 'WORKFLOW_FAILED'),
      45_000,
      'WORKFLOW_FAILED on the registration',
    );
    ddb.failNext(0);
    // Owner and approvers read a plain sentence; the AWS error stays in the execution (and the log).
    expect(failed.details).toEqual({ round: 1 });
    expect(JSON.stringify(failed)).not.toMatch(/InternalServerError|internal server error|DynamoDB/i);
    await ApiClient.eventually(async () => executionsOf(res.body.id)[0]?.status === 'FAILED', 10_000, 'execution FAILED');
    expect(executionsOf(res.body.id)[0]?.cause).toMatch(/internal server error/i);
    // The failure is recorded once, and no approver was asked while the step could not store its token.
    const r = (await ctx.api.request('GET', `/registrations/${res.body.id}`, { as: who })).body;
    expect(r.history.filter((h: { action: string }) => h.action === 'WORKFLOW_FAILED')).toHaveLength(1);
    expect((await mailsAbout(ctx, res.body.id)).filter((m) => /Decision wanted/.test(m.subject))).toEqual([]);
  }, 60_000);
});
