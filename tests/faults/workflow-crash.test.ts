import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Identity } from '../support/api-client';
import { DYNAMODB_FAULTS, type FaultProxy, type FaultRequest, op, startFaultProxy } from '../support/fault-proxy';
import { IT_APPROVER, midtermBody, softwareBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { decide, mailsAbout, submitAndWaitForApprovers, waitForIdle, waitForStatus } from '../support/workflow';

/**
 * A step that crashes part-way (here: its DynamoDB write fails after the SDK's retries, so the
 * function throws and the workflow retries the whole step) and a Step Functions outage. The
 * workflow's retries must not mail anyone twice, a decision is never lost, and the caller
 * sees a retryable 503 when the failure is theirs to retry.
 *
 * Killing the whole process mid-workflow is covered by tests/e2e/restart.test.ts.
 */
let ctx: Awaited<ReturnType<typeof startTestSystem>>;
let ddb: FaultProxy;
let sfn: FaultProxy;
beforeAll(async () => {
  // A waiting approval moves to its reminder stage after 2 s: the workflow's own way back to a decision it missed.
  ctx = await startTestSystem({ logLevel: 'SILENT', env: { REMINDER_AFTER_SECONDS: '2', ESCALATION_AFTER_SECONDS: '600' } });
  ddb = await startFaultProxy(ctx.system.dynamodbEndpoint);
  sfn = await startFaultProxy(process.env.AWS_ENDPOINT_URL_SFN as string);
  process.env.AWS_ENDPOINT_URL_DYNAMODB = ddb.url;
  process.env.AWS_ENDPOINT_URL_SFN = sfn.url;
});
afterAll(async () => {
  await ctx?.system.stop();
  await ddb?.close();
  await sfn?.close();
});

const someone = (): Identity => ({ sub: `staff-${randomUUID()}`, email: 'kari.nordmann@example.edu', groups: ['staff'] });
const executionsOf = (id: string) => ctx.system.sfn.listExecutions().filter((e) => e.name.startsWith(id));
const subjects = async (id: string) => (await mailsAbout(ctx, id)).map((m) => m.subject.replace(/:.*/, ''));
/** Until no workflow step is in progress, so that a retried step's late duplicate would show. */
const settle = () => waitForIdle(ctx.system);
/** Any DynamoDB write whose request names this registration and contains `marker`. */
const write = (id: () => string | undefined, marker: string) => (req: FaultRequest) =>
  op('UpdateItem', 'PutItem', 'TransactWriteItems')(req) && req.body.includes(marker) && (id() === undefined || req.body.includes(id() as string));

describe('a workflow step that crashes after it sent an e-mail', () => {
  it('asking a group: the retried step does not mail the group again', async () => {
    // Every write that records the IT request's e-mail fails until the SDK gives up: the step throws and is retried.
    const failedBefore = ddb.seen.failed;
    ddb.failNext(4, DYNAMODB_FAULTS.internal, (req) => write(() => undefined, 'mailed')(req) && req.body.includes('#IT'));
    const r = await submitAndWaitForApprovers(ctx, someone(), softwareBody());
    await settle();
    ddb.failNext(0);
    expect(ddb.seen.failed - failedBefore).toBe(4);
    expect((await subjects(r.id)).filter((s) => s === '[IT] Decision wanted')).toHaveLength(1);
    expect((await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve')).status).toBe(200);
    await waitForStatus(ctx, IT_APPROVER, r.id, 'APPROVED');
  }, 30_000);

  it('telling the submitter the outcome: the retried step does not mail the outcome again', async () => {
    const r = await submitAndWaitForApprovers(ctx, someone(), softwareBody());
    const failedBefore = ddb.seen.failed;
    ddb.failNext(
      4,
      DYNAMODB_FAULTS.internal,
      write(() => r.id, 'OUTCOME_MAILED'),
    );
    expect((await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve')).status).toBe(200);
    await waitForStatus(ctx, IT_APPROVER, r.id, 'APPROVED');
    await ApiClient.eventually(async () => executionsOf(r.id)[0]?.status === 'SUCCEEDED', 15_000, 'the round to end');
    await settle();
    ddb.failNext(0);
    expect(ddb.seen.failed - failedBefore).toBe(4);
    expect((await subjects(r.id)).filter((s) => s === 'Approved')).toHaveLength(1);
    const history = (await ctx.api.request('GET', `/registrations/${r.id}`, { as: IT_APPROVER })).body.history as { action: string }[];
    expect(history.filter((h) => h.action === 'OUTCOME_MAILED')).toHaveLength(1);
    expect(history.map((h) => h.action)).not.toContain('WORKFLOW_FAILED');
  }, 30_000);
});

describe('Step Functions unavailable', () => {
  it('when the workflow cannot start, the submission is undone (503); the retry with the same key makes one registration and one workflow', async () => {
    const who = someone();
    const key = randomUUID();
    sfn.failNext(1000, { status: 400, type: 'ThrottlingException', message: 'Rate exceeded' }, op('StartExecution'));
    const refused = await ctx.api.request('POST', '/registrations', { as: who, body: midtermBody(), headers: { 'idempotency-key': key } });
    sfn.failNext(0);
    expect(refused.status).toBe(503);
    expect((await ctx.api.request('GET', '/registrations', { as: who })).body.items).toEqual([]);

    const ok = await ctx.api.request('POST', '/registrations', { as: who, body: midtermBody(), headers: { 'idempotency-key': key } });
    expect(ok.status).toBe(201);
    expect((await ctx.api.request('GET', '/registrations', { as: who })).body.items.map((x: { id: string }) => x.id)).toEqual([ok.body.id]);
    expect(executionsOf(ok.body.id)).toHaveLength(1);
  }, 60_000);

  it('a decision made while the workflow cannot be resumed is kept; the workflow finds it at its next stage and ends the round once', async () => {
    const r = await submitAndWaitForApprovers(ctx, someone(), softwareBody());
    sfn.failNext(1000, { status: 400, type: 'ThrottlingException', message: 'Rate exceeded' }, op('SendTaskSuccess'));
    const res = await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve', 'Licence is fine');
    sfn.failNext(0);
    expect(res.status).toBe(503);
    const kept = (await ctx.api.request('GET', `/registrations/${r.id}`, { as: IT_APPROVER })).body;
    expect(kept.approvals[0]).toMatchObject({ group: 'IT', state: 'APPROVED', comment: 'Licence is fine' });
    // Retrying the same decision cannot record it twice.
    expect((await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve', 'Licence is fine')).status).toBe(409);

    const approved = await waitForStatus(ctx, IT_APPROVER, r.id, 'APPROVED', 20_000);
    expect(approved.history.filter((h: { action: string }) => h.action === 'DECIDED')).toHaveLength(1);
    await ApiClient.eventually(async () => executionsOf(r.id)[0]?.status === 'SUCCEEDED', 15_000, 'the round to end');
    await settle();
    const s = await subjects(r.id);
    expect(s.filter((x) => x === 'Approved')).toHaveLength(1);
    // The reminder stage found the decision and completed itself: nobody was reminded of a decided request.
    expect(s).not.toContain('[IT] Reminder');
  }, 60_000);
});
