import { randomBytes, randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { DynamoApprovalStore } from '../../shared/adapters/dynamodb/approval-store';
import { DynamoCalendarStore } from '../../shared/adapters/dynamodb/calendar-store';
import { DynamoCatalogueStore } from '../../shared/adapters/dynamodb/catalogue-store';
import { DynamoCandidateStore } from '../../shared/adapters/dynamodb/candidate-store';
import {
  APPROVALS_COPIED,
  INDEXES,
  META_SK,
  NOTICE_COUNTS_KEPT,
  TABLE_KEYS,
  approvalSk,
  noticeSk,
  recipientHash,
  registrationPk,
  timeSortKey,
} from '../../shared/adapters/dynamodb/keys';
import { DynamoNoticeStore } from '../../shared/adapters/dynamodb/notice-store';
import { DynamoRegistrationQueries } from '../../shared/adapters/dynamodb/registration-queries';
import { batchWriteAll } from '../../shared/adapters/dynamodb/operations';
import { DynamoRegistrationStore } from '../../shared/adapters/dynamodb/registration-store';
import { decideRegistration } from '../../shared/approvals/decide-registration';
import { StaffingConfigSchema } from '../../shared/contracts/calendar';
import type { Registration } from '../../shared/contracts/registration';
import { RulesConfigSchema } from '../../shared/contracts/env';
import { getRegistration } from '../../shared/registrations/get-registration';
import { QUEUE_READ_MAX, listRegistrations } from '../../shared/registrations/list-registrations';
import { cancelRegistration } from '../../shared/registrations/cancel-registration';
import { resubmitRegistration } from '../../shared/registrations/resubmit-registration';
import { submitRegistration } from '../../shared/registrations/submit-registration';
import type { Principal } from '../../shared/rules/principal';
import { type DynamoUsage, meterDynamoDb, usageOf } from '../support/dynamodb-meter';
import { examStartIn, midtermBody } from '../support/fixtures';
import { RecordingTaskCallbacks, RecordingWorkflowControl } from '../support/in-memory';

/**
 * What the three reads a page of the web app makes cost in DynamoDB requests, counted on the
 * client (every command, with the capacity it consumed): a registration view with 1 and with
 * 2,000 recipients of its letter, and a page of "mine" and of the queue with 1 and with 100
 * registrations. Each world is a table of its own on the run's DynamoDB Local, seeded through
 * the stores and the use cases.
 */

const KARI: Principal = { sub: 'kari', email: 'kari.nordmann@example.edu', name: 'Kari Nordmann', roles: ['staff'] };
const IVAR: Principal = { sub: 'ivar-it', email: 'ivar@example.edu', name: 'Ivar IT', roles: ['IT'] };
const EVA: Principal = { sub: 'eva-ed', email: 'eva@example.edu', name: 'Eva ED', roles: ['ED'] };

const createTable = async (client: DynamoDBClient, name: string) => {
  const indexes = Object.values(INDEXES);
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, ...indexes.flatMap((i) => [i.partitionKey, i.sortKey])].map((a) => ({
        AttributeName: a,
        AttributeType: 'S',
      })),
      GlobalSecondaryIndexes: indexes.map((i) => ({
        IndexName: i.name,
        KeySchema: [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: i.projection },
      })),
    }),
  );
};

/**
 * A table with `registrations` mid-term registrations of KARI (IT approved every other one, so
 * the approvals differ), the first of which has `recipients` candidates and a letter sent to
 * them: all but a few sent, one bounced, one failed, the rest still pending.
 */
const world = async (client: DynamoDBClient, registrations: number, recipients: number) => {
  const table = `cc-${randomBytes(6).toString('hex')}`;
  await createTable(client, table);
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } });
  const stores = {
    registrations: new DynamoRegistrationStore(db, table),
    queries: new DynamoRegistrationQueries(db, table),
    approvals: new DynamoApprovalStore(db, table),
    candidates: new DynamoCandidateStore(db, table),
    notices: new DynamoNoticeStore(db, table),
    calendar: new DynamoCalendarStore(db, table),
    catalogue: new DynamoCatalogueStore(db, table),
  };
  const now = () => new Date();
  const submitDeps = {
    registrations: stores.registrations,
    catalogue: stores.catalogue,
    workflow: new RecordingWorkflowControl(),
    rules: RulesConfigSchema.parse({}),
    now,
    newId: randomUUID,
  };
  const decideDeps = { registrations: stores.registrations, approvals: stores.approvals, callbacks: new RecordingTaskCallbacks(), now };
  const ids: string[] = [];
  for (let i = 0; i < registrations; i++) {
    // Every exam on its own day, as a term's queue is.
    const r = await submitRegistration(submitDeps, KARI, midtermBody({ exam: { type: 'home', start: examStartIn(30 + i), durationMinutes: 240, candidates: 120 } }));
    if (i % 2 === 1) await decideRegistration(decideDeps, IVAR, r.id, { group: 'IT', decision: 'approve', comment: '' });
    ids.push(r.id);
  }
  const id = ids[0] as string;
  const emails = Array.from({ length: recipients }, (_, i) => `student${i}@stud.example.edu`);
  const expiresAt = Math.floor(Date.now() / 1000) + 90 * 86400;
  await stores.candidates.replace(
    id,
    emails.map((email) => ({ email })),
    new Date().toISOString(),
    expiresAt,
  );
  await stores.notices.schedule(id, { noticeId: 'letter', kind: 'letter', scheduledFor: new Date().toISOString(), expiresAt });
  await stores.notices.snapshot(
    id,
    { noticeId: 'letter', kind: 'letter', scheduledFor: null, subject: 'Exam information', text: 'x'.repeat(3000), html: 'x'.repeat(6000), expiresAt },
    emails.map((email) => ({ email })),
  );
  // Up to 20 recipients go through the sender: sent, and one bounced and one failed.
  const through = emails.slice(0, 20);
  for (const [i, email] of through.entries()) {
    const hash = recipientHash(email);
    const at = new Date().toISOString();
    await stores.notices.claim(id, 'letter', hash, at, at);
    await stores.notices.settle(id, 'letter', hash, { status: i === 1 ? 'failed' : 'sent', at, ...(i === 1 ? { error: 'MessageRejected' } : {}) });
  }
  await stores.notices.recordDelivery(id, 'letter', recipientHash(through[0] as string), 'bounced', new Date().toISOString());
  return { table, db, stores, ids, id };
};

type World = Awaited<ReturnType<typeof world>>;

const capacityDeps = (w: World) => ({ calendar: w.stores.calendar, staffing: StaffingConfigSchema.parse({}).STAFFING, timeZone: 'Europe/Oslo' });
const listDeps = (w: World, withCapacity = false) => ({
  queries: w.stores.queries,
  pageTokenKey: 'constant-cost-page-token-key-0123456789',
  timeZone: 'Europe/Oslo',
  ...(withCapacity ? { capacity: capacityDeps(w) } : {}),
});

/** What each read costs in one world, measured alone on a client that only it uses. */
const costs = async (w: World, meter: DynamoUsage) => {
  const view = await usageOf(meter, () =>
    getRegistration({ registrations: w.stores.registrations, notices: w.stores.notices, candidates: w.stores.candidates }, KARI, w.id),
  );
  const approverView = await usageOf(meter, () =>
    getRegistration({ registrations: w.stores.registrations, notices: w.stores.notices, candidates: w.stores.candidates, capacity: capacityDeps(w) }, EVA, w.id),
  );
  const mine = await usageOf(meter, () => listRegistrations(listDeps(w), KARI, { limit: '100' }));
  const queue = await usageOf(meter, () => listRegistrations(listDeps(w), EVA, { view: 'queue', limit: '100' }));
  const queueWithCapacity = await usageOf(meter, () => listRegistrations(listDeps(w, true), EVA, { view: 'queue', limit: '100' }));
  const decided = await usageOf(meter, () => listRegistrations(listDeps(w), IVAR, { view: 'decided', limit: '50' }));
  return { view, approverView, mine, queue, queueWithCapacity, decided };
};

let client: DynamoDBClient;
let meter: ReturnType<typeof meterDynamoDb>;
let small: Awaited<ReturnType<typeof costs>>;
let large: Awaited<ReturnType<typeof costs>>;

beforeAll(async () => {
  client = new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  meter = meterDynamoDb(client);
  const one = await world(client, 1, 1);
  const many = await world(client, 100, 2000);
  small = await costs(one, meter.total);
  large = await costs(many, meter.total);
  const line = (name: string, a: DynamoUsage, b: DynamoUsage) =>
    `${name.padEnd(28)} ${String(a.requests).padStart(3)} req ${a.readUnits.toFixed(1).padStart(6)} RCU | ${String(b.requests).padStart(3)} req ${b.readUnits.toFixed(1).padStart(6)} RCU  ${JSON.stringify(b.byOperation)}`;
  console.log(
    [
      'read                          small world (1 registration, 1 recipient) | large world (100 registrations, 2,000 recipients)',
      line('GET /registrations/{id}', small.view.usage, large.view.usage),
      line('  … as an approver', small.approverView.usage, large.approverView.usage),
      line('GET /registrations (mine)', small.mine.usage, large.mine.usage),
      line('GET /registrations?view=queue', small.queue.usage, large.queue.usage),
      line('  … with capacity', small.queueWithCapacity.usage, large.queueWithCapacity.usage),
      line('GET …?view=decided (50)', small.decided.usage, large.decided.usage),
    ].join('\n'),
  );
}, 300_000);

afterAll(() => {
  meter?.stop();
  client?.destroy();
});

describe('reads that do not grow with the data', () => {
  it('a registration view costs the same requests and read units with 1 and with 2,000 recipients, and shows their counts', () => {
    expect(small.view.result.studentNotice.letter.counts).toEqual({ pending: 0, sent: 0, bounced: 1, complained: 0, failed: 0 });
    expect(large.view.result.studentNotice.letter.counts).toEqual({ pending: 1980, sent: 18, bounced: 1, complained: 0, failed: 1 });
    expect(large.view.usage.requests).toBe(small.view.usage.requests);
    expect(large.view.usage.readUnits).toBe(small.view.usage.readUnits);
    expect(large.view.usage.requests).toBeLessThanOrEqual(3);
  });

  it("an approver's view with its capacity costs the same requests with 1 and with 2,000 recipients", () => {
    expect(large.approverView.result.capacity?.ED).toBeDefined();
    expect(large.approverView.usage.requests).toBe(small.approverView.usage.requests);
  });

  it('a page of my registrations costs the same requests with 1 and with 100 items, with their approvals', () => {
    expect(small.mine.result.items).toHaveLength(1);
    expect(large.mine.result.items).toHaveLength(100);
    const approved = large.mine.result.items.filter((i) => i.approvals.some((a) => a.group === 'IT' && a.state === 'APPROVED'));
    expect(approved).toHaveLength(50);
    expect(large.mine.result.items.every((i) => i.approvals.map((a) => a.group).join() === 'ED,IT')).toBe(true);
    expect(large.mine.usage.requests).toBe(small.mine.usage.requests);
    expect(large.mine.usage.requests).toBe(1);
  });

  it('a page of the queue (the whole queue, read once: up to 100 waiting) costs the same requests with 1 and with 100 items, with their approvals', () => {
    expect(large.queue.result.items).toHaveLength(100);
    expect(large.queue.result.items.every((i) => i.approvals.find((a) => a.group === 'ED')?.state === 'PENDING')).toBe(true);
    expect(large.queue.result.items.filter((i) => i.approvals.find((a) => a.group === 'IT')?.state === 'APPROVED')).toHaveLength(50);
    expect(small.queue.result.items).toHaveLength(1);
    expect(large.queue.usage.requests).toBe(small.queue.usage.requests);
    expect(large.queue.usage.requests).toBeLessThanOrEqual(4);
  });
});

/**
 * The queue is sorted, filtered and paged by the use case from the group's whole queue: one
 * Query of the index (keys only) and one BatchGetItem per 100 waiting, sent at once. So what a
 * page costs grows with the queue (not with the page): measured here with 500 waiting.
 */
describe('the queue read whole, with 500 waiting', () => {
  let w: World;
  const WAITING = 500;

  beforeAll(async () => {
    w = await world(client, 1, 1);
    // 499 more of the same registration, each on its own day, seeded straight into the table (as the stores write them).
    const get = async (sk: string) => (await w.db.send(new GetCommand({ TableName: w.table, Key: { pk: registrationPk(w.id), sk } }))).Item ?? {};
    const [meta, approval] = [await get(META_SK), await get(approvalSk(1, 'ED'))];
    const puts = Array.from({ length: WAITING - 1 }, (_, i) => {
      const id = randomUUID();
      const start = examStartIn(31 + (i % 250));
      const form = { ...(meta.form as Registration['form']), exam: { ...(meta.form as Registration['form']).exam, start } };
      const derived = { ...(meta.derived as Registration['derived']), studentInfoDueBy: new Date(Date.parse(start) - 7 * 86_400_000).toISOString() };
      return [
        { ...meta, pk: registrationPk(id), id, form, derived, gsi1sk: timeSortKey(meta.createdAt as string, id), gsi3sk: timeSortKey(start, id) },
        { ...approval, pk: registrationPk(id), id, gsi2sk: timeSortKey(approval.requestedAt as string, id) },
      ];
    }).flat();
    await batchWriteAll(
      w.db,
      w.table,
      puts.map((Item) => ({ PutRequest: { Item } })),
    );
  }, 120_000);

  it('any page costs 1 Query and 5 BatchGetItems (one per 100 waiting), and the pages hold each registration once, most urgent first', async () => {
    const seen: string[] = [];
    const keys: number[] = [];
    const usages: { requests: number; readUnits: number; byOperation: Record<string, number> }[] = [];
    let nextToken: string | undefined;
    do {
      const page = await usageOf(meter.total, () => listRegistrations(listDeps(w), EVA, { view: 'queue', limit: '100', ...(nextToken ? { nextToken } : {}) }));
      expect(page.result.total).toBe(WAITING);
      seen.push(...page.result.items.map((i) => i.id));
      keys.push(...page.result.items.map((i) => Date.parse(i.derived.studentInfoDueBy)));
      usages.push(page.usage);
      nextToken = page.result.nextToken ?? undefined;
    } while (nextToken);
    expect(new Set(seen).size).toBe(WAITING);
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    for (const usage of usages) expect(usage.byOperation).toEqual({ Query: 1 + (usage === usages[0] ? 1 : 0), BatchGetItem: 5 });
    const rcu = usages[1]?.readUnits ?? 0;
    console.log(`GET /registrations?view=queue with ${WAITING} waiting: ${usages[1]?.requests} requests, ${rcu.toFixed(1)} RCU per page`);
    // 0.5 RCU per registration (eventually consistent, under 4 KB), and 0.5 per 4 KB of the index's keys (about 150 bytes each).
    expect(rcu).toBeLessThanOrEqual(WAITING * 0.5 + Math.ceil((WAITING * 150) / 4096) * 0.5 + 1);
    expect(QUEUE_READ_MAX).toBeGreaterThanOrEqual(WAITING);
  });

  it('the read is bounded: past its bound the store says the queue is not complete, and reads no more', async () => {
    const bounded = await usageOf(meter.total, () => w.stores.queries.listQueue('ED', { max: 150 }));
    expect([bounded.result.items.length, bounded.result.complete]).toEqual([150, false]);
    expect(bounded.usage.byOperation).toEqual({ Query: 1, BatchGetItem: 2 });
    const whole = await w.stores.queries.listQueue('ED', { max: WAITING });
    expect([whole.items.length, whole.complete]).toEqual([WAITING, true]);
  });

  it('a filtered and searched page reads the same, and counts what matches', async () => {
    const page = await usageOf(meter.total, () =>
      listRegistrations(listDeps(w), EVA, { view: 'queue', limit: '20', q: 'tdt4100', examType: 'home', resubmitted: 'false' }),
    );
    expect(page.result.total).toBe(WAITING);
    expect(page.usage.byOperation).toEqual({ Query: 2, BatchGetItem: 5 });
    const none = await listRegistrations(listDeps(w), EVA, { view: 'queue', q: 'no such course' });
    expect([none.total, none.items.length]).toEqual([0, 0]);
  });
});

describe("a page of the group's decisions", () => {
  it('costs 1 Query and 1 BatchGetItem of the decisions and their registrations for 50 items, newest first, with who decided', () => {
    expect(small.decided.result.items).toEqual([]);
    expect(large.decided.result.items).toHaveLength(50);
    expect(large.decided.result.items.every((i) => i.decision?.state === 'APPROVED' && i.decision.decidedBy?.sub === IVAR.sub)).toBe(true);
    const at = large.decided.result.items.map((i) => i.decision?.decidedAt ?? '');
    expect(at).toEqual([...at].sort().reverse());
    expect(large.decided.usage.byOperation).toEqual({ Query: 1, BatchGetItem: 1 });
  });
});

describe('counts kept exactly once', () => {
  let w: World;
  const counts = async () => (await w.stores.notices.summary(w.id, 'letter')).counts;
  const fromRecipients = async () => {
    const c = await w.stores.notices.counts(w.id, 'letter');
    return { ...c, pending: c.pending + c.sending, sending: 0 };
  };
  const hashOf = (i: number) => recipientHash(`student${i}@stud.example.edu`);

  beforeAll(async () => {
    w = await world(client, 1, 200);
  }, 120_000);

  it('agree with the recipients after concurrent sends, a repeated settle, duplicate bounces and a complaint after a bounce', async () => {
    const at = () => new Date().toISOString();
    // 100 recipients settled by 16 senders at once: the counters they share are updated concurrently.
    const todo = Array.from({ length: 100 }, (_, i) => hashOf(20 + i));
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let hash = todo.pop(); hash; hash = todo.pop()) {
          expect(await w.stores.notices.claim(w.id, 'letter', hash, at(), at())).toBe(true);
          await w.stores.notices.settle(w.id, 'letter', hash, { status: 'sent', at: at() });
        }
      }),
    );
    // A settle repeated (a retry after its answer was lost) is refused and counts nothing.
    await expect(w.stores.notices.settle(w.id, 'letter', hashOf(20), { status: 'sent', at: at() })).rejects.toThrow();
    // SES may deliver an event twice; a complaint may follow a bounce; an unknown recipient changes nothing.
    expect(await w.stores.notices.recordDelivery(w.id, 'letter', hashOf(21), 'bounced', at())).toBe(true);
    expect(await w.stores.notices.recordDelivery(w.id, 'letter', hashOf(21), 'bounced', at())).toBe(true);
    expect(await w.stores.notices.recordDelivery(w.id, 'letter', hashOf(22), 'bounced', at())).toBe(true);
    expect(await w.stores.notices.recordDelivery(w.id, 'letter', hashOf(22), 'complained', at())).toBe(true);
    expect(await w.stores.notices.recordDelivery(w.id, 'letter', hashOf(22), 'complained', at())).toBe(false);
    expect(await w.stores.notices.recordDelivery(w.id, 'letter', hashOf(150), 'bounced', at())).toBe(false);
    expect(await w.stores.notices.recordDelivery(w.id, 'letter', 'f'.repeat(32), 'bounced', at())).toBe(false);

    const expected = { pending: 80, sending: 0, sent: 18 + 98, bounced: 1 + 1, complained: 1, failed: 1 };
    expect(await counts()).toEqual(expected);
    expect(await fromRecipients()).toEqual(expected);
  });

  it('a notice stored before the counters existed is counted from its recipients', async () => {
    await w.db.send(
      new UpdateCommand({ TableName: w.table, Key: { pk: registrationPk(w.id), sk: noticeSk('letter') }, UpdateExpression: `REMOVE ${NOTICE_COUNTS_KEPT}` }),
    );
    // Its counters are off from here on (this change is not counted): the recipients say what is true.
    const at = new Date().toISOString();
    await w.stores.notices.claim(w.id, 'letter', hashOf(199), at, at);
    await w.db.send(
      new UpdateCommand({
        TableName: w.table,
        Key: { pk: registrationPk(w.id), sk: `~N#letter#R#${hashOf(199)}` },
        UpdateExpression: 'SET #s = :sent',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent' },
      }),
    );
    expect(await counts()).toEqual(await fromRecipients());
    expect((await counts()).sent).toBe(117);
  });

  it('a registration stored before the copy of its approvals existed is listed with the approvals read apart', async () => {
    const listed = async () => (await listRegistrations(listDeps(w), KARI, { limit: '10' })).items[0]?.approvals;
    const before = await listed();
    await w.db.send(
      new UpdateCommand({ TableName: w.table, Key: { pk: registrationPk(w.id), sk: META_SK }, UpdateExpression: `REMOVE ${APPROVALS_COPIED}, approval_IT_state` }),
    );
    expect(await listed()).toEqual(before);
    expect(before?.map((a) => [a.group, a.state])).toEqual([
      ['ED', 'PENDING'],
      ['IT', 'PENDING'],
    ]);
  });
});

describe("the registration's copy of its approvals", () => {
  it('matches the approval items after every kind of change: stage, decisions, a new round, a reverted round, a cancellation', async () => {
    const w = await world(client, 1, 1);
    const workflow = new RecordingWorkflowControl();
    const now = () => new Date();
    const submitDeps = {
      registrations: w.stores.registrations,
      catalogue: w.stores.catalogue,
      workflow,
      rules: RulesConfigSchema.parse({}),
      now,
      newId: randomUUID,
    };
    const decideDeps = { registrations: w.stores.registrations, approvals: w.stores.approvals, callbacks: new RecordingTaskCallbacks(), now };
    const same = async (expected: [string, string, string][]) => {
      const stored = await w.stores.registrations.get(w.id);
      const listed = (await listRegistrations(listDeps(w), KARI, { limit: '10' })).items.find((i) => i.id === w.id);
      expect(listed?.approvals).toEqual(stored?.approvals);
      expect(listed?.approvals.map((a) => [a.group, a.state, a.stage])).toEqual(expected);
    };
    const body = (candidates: number) => midtermBody({ exam: { type: 'home', start: examStartIn(30), durationMinutes: 240, candidates } });

    await w.stores.approvals.registerTaskToken(w.id, 1, 'ED', 'reminder', 'token-1');
    await same([
      ['ED', 'PENDING', 'reminder'],
      ['IT', 'PENDING', 'initial'],
    ]);
    await decideRegistration(decideDeps, IVAR, w.id, { group: 'IT', decision: 'approve', comment: 'Booked' });
    await decideRegistration(decideDeps, EVA, w.id, { group: 'ED', decision: 'request-changes', comment: 'Room too small' });
    await same([
      ['ED', 'CHANGES_REQUESTED', 'reminder'],
      ['IT', 'APPROVED', 'initial'],
    ]);
    // A resubmission whose workflow cannot start is reverted: the first round's approvals are back.
    workflow.failStartWith(new Error('Step Functions is down'));
    await expect(resubmitRegistration({ ...submitDeps, workflow }, KARI, w.id, body(130))).rejects.toThrow('Step Functions is down');
    await same([
      ['ED', 'CHANGES_REQUESTED', 'reminder'],
      ['IT', 'APPROVED', 'initial'],
    ]);
    // Only the notes change: IT keeps its approval in round 2, ED is asked again.
    await resubmitRegistration({ ...submitDeps, workflow }, KARI, w.id, { ...body(120), notes: 'A bigger room' });
    await same([
      ['ED', 'PENDING', 'initial'],
      ['IT', 'APPROVED', 'initial'],
    ]);
    await cancelRegistration({ registrations: w.stores.registrations, workflow, now }, KARI, w.id, { reason: 'Course moved' });
    await same([
      ['ED', 'CLOSED', 'initial'],
      ['IT', 'APPROVED', 'initial'],
    ]);
  });
});
