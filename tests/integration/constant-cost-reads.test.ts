import { randomBytes, randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { DynamoApprovalStore } from '../../shared/adapters/dynamodb/approval-store';
import { DynamoCalendarStore, calendarEntryMoves, calendarEntryPuts } from '../../shared/adapters/dynamodb/calendar-store';
import { migrateDayBuckets } from '../../shared/adapters/dynamodb/day-bucket-migration';
import { DynamoCatalogueStore } from '../../shared/adapters/dynamodb/catalogue-store';
import { DynamoCandidateStore } from '../../shared/adapters/dynamodb/candidate-store';
import {
  APPROVALS_COPIED,
  INDEXES,
  META_SK,
  NOTICE_COUNTS_KEPT,
  QUEUE_FACTS,
  TABLE_KEYS,
  approvalSk,
  calendarEntryDateOf,
  calendarMonthPk,
  legacyDayBucketKey,
  noticeSk,
  projectedAttributes,
  queueGsiPk,
  recipientHash,
  registrationPk,
  timeSortKey,
} from '../../shared/adapters/dynamodb/keys';
import { DynamoNoticeStore } from '../../shared/adapters/dynamodb/notice-store';
import { DynamoRegistrationQueries } from '../../shared/adapters/dynamodb/registration-queries';
import { batchWriteAll } from '../../shared/adapters/dynamodb/operations';
import { backfillQueueIndex } from '../../shared/adapters/dynamodb/queue-backfill';
import { queueFacts } from '../../shared/adapters/dynamodb/records';
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
import type { RegistrationRecord } from '../../shared/ports';
import { examInterval, utcDatesTouched } from '../../shared/rules/capacity';
import { localDate } from '../../shared/rules/exam-rules';
import type { Principal } from '../../shared/rules/principal';
import { createTableFromTemplate } from '../../local/dynamodb-local';
import { type DynamoUsage, meterDynamoDb, usageOf } from '../support/dynamodb-meter';
import { examStartIn, midtermBody, softwareBody } from '../support/fixtures';
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

/** The table's keys and the given indexes of the key catalogue, as CreateTable (and the stack's template) name them. */
const tableSchema = (indexes: (typeof INDEXES)[keyof typeof INDEXES][]) => ({
  KeySchema: [
    { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' as const },
    { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' as const },
  ],
  AttributeDefinitions: [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, ...indexes.flatMap((i) => [i.partitionKey, i.sortKey])].map((a) => ({
    AttributeName: a,
    AttributeType: 'S' as const,
  })),
  GlobalSecondaryIndexes: indexes.map((i) => ({
    IndexName: i.name,
    KeySchema: [
      { AttributeName: i.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: i.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: i.projection, ...(i.projection === 'INCLUDE' ? { NonKeyAttributes: projectedAttributes(i) } : {}) },
  })),
});

const createTable = async (client: DynamoDBClient, name: string) => {
  await client.send(new CreateTableCommand({ TableName: name, BillingMode: 'PAY_PER_REQUEST', ...tableSchema(Object.values(INDEXES)) }));
};

/** Every exam on its own day, as a term's queue is: the i-th 30 + i days ahead (examStartIn moves those in a main exam period past it). */
const dayAfterDay = (i: number) => examStartIn(30 + i);

/**
 * A table with `registrations` mid-term registrations of KARI (IT approved every other one, so
 * the approvals differ), the first of which has `recipients` candidates and a letter sent to
 * them: all but a few sent, one bounced, one failed, the rest still pending. The i-th exam
 * starts at `startOf(i)`.
 */
const world = async (client: DynamoDBClient, registrations: number, recipients: number, startOf = dayAfterDay) => {
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
    const r = await submitRegistration(submitDeps, KARI, midtermBody({ exam: { type: 'home', start: startOf(i), durationMinutes: 240, candidates: 120 } }));
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

/**
 * A UTC month at least 30 days ahead with no main exam period in it (those are in May–June and
 * November–December), and 100 exam starts on its first 28 days, 3 or 4 a day, each within its UTC date.
 */
const inOneMonth = (() => {
  const now = new Date();
  let first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  while (first.getTime() - now.getTime() < 30 * 86_400_000 || [4, 5, 10, 11].includes(first.getUTCMonth()))
    first = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1));
  const month = first.toISOString().slice(0, 7);
  return (i: number) => `${month}-${String(1 + (i % 28)).padStart(2, '0')}T09:00:00+01:00`;
})();

let client: DynamoDBClient;
let meter: ReturnType<typeof meterDynamoDb>;
/** The worlds with 1 registration and with 100 (30 to 129 days ahead, all of one course). */
let one: World;
let many: World;
let small: Awaited<ReturnType<typeof costs>>;
let large: Awaited<ReturnType<typeof costs>>;
/** A queue page with capacity of 100 exams on 28 days of one month. */
let oneMonth: Awaited<ReturnType<typeof costs>>['queueWithCapacity'];

beforeAll(async () => {
  client = new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  meter = meterDynamoDb(client);
  one = await world(client, 1, 1);
  many = await world(client, 100, 2000);
  const sameMonth = await world(client, 100, 1, inOneMonth);
  small = await costs(one, meter.total);
  large = await costs(many, meter.total);
  oneMonth = await usageOf(meter.total, () => listRegistrations(listDeps(sameMonth, true), EVA, { view: 'queue', limit: '100' }));
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
      line('  … 100 exams in one month', small.queueWithCapacity.usage, oneMonth.usage),
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

  /**
   * The large world's 100 exams are on 100 consecutive days (fewer when some fall in a main exam
   * period and move past it), 30 to 130 days ahead: 4 or 5 UTC months, whatever the day the test
   * runs. The one-month world's 100 are on 28 days of one month. Capacity reads the bookings of
   * every date the page's exams touch in one Query per month those dates fall in, so the page
   * costs the same with 1 exam and with 100 in one month, and with 100 over 100 days one more
   * Query per further month: the requests follow the months, never the days or the items.
   */
  it('a page of the queue with capacity costs one Query per month its exams touch: the same with 1 and with 100 items in one month', () => {
    const measured = (page: typeof oneMonth) => {
      expect(page.result.items.every((i) => i.capacity?.ED !== undefined)).toBe(true);
      const dates = page.result.items.flatMap((i) => {
        const { start, end } = examInterval(i.form.exam, i.derived.additionalMinutes);
        return utcDatesTouched(start, end);
      });
      return { items: page.result.items.length, days: new Set(dates).size, months: new Set(dates.map((d) => d.slice(0, 7))).size, usage: page.usage };
    };
    const [one, hundred, sameMonth] = [measured(small.queueWithCapacity), measured(large.queueWithCapacity), measured(oneMonth)];
    expect([one.items, one.days, one.months]).toEqual([1, 1, 1]);
    expect([sameMonth.items, sameMonth.days, sameMonth.months]).toEqual([100, 28, 1]);
    expect(hundred.items).toBe(100);
    expect(hundred.days).toBeGreaterThan(50);
    expect(hundred.months).toBeGreaterThanOrEqual(4);
    // The queue's 2 Queries and 1 BatchGetItem, 1 Query of ED's staffing, then 1 Query per month.
    const CONSTANT = 4;
    expect(one.usage.byOperation).toEqual({ Query: 3 + one.months, BatchGetItem: 1 });
    expect(sameMonth.usage.requests).toBe(one.usage.requests);
    expect(sameMonth.usage.byOperation).toEqual(one.usage.byOperation);
    expect(hundred.usage.byOperation).toEqual({ Query: 3 + hundred.months, BatchGetItem: 1 });
    expect(hundred.usage.requests).toBe(hundred.months + CONSTANT);
  });

  it('a page of the queue costs the same requests with 1 and with 100 items, with their approvals', () => {
    expect(large.queue.result.items).toHaveLength(100);
    expect(large.queue.result.items.every((i) => i.approvals.find((a) => a.group === 'ED')?.state === 'PENDING')).toBe(true);
    expect(large.queue.result.items.filter((i) => i.approvals.find((a) => a.group === 'IT')?.state === 'APPROVED')).toHaveLength(50);
    expect(small.queue.result.items).toHaveLength(1);
    expect(large.queue.usage.requests).toBe(small.queue.usage.requests);
    expect(large.queue.usage.byOperation).toEqual({ Query: 2, BatchGetItem: 1 });
  });
});

/**
 * The queue is sorted, filtered, counted and paged by the use case from the group's whole queue,
 * read as its index entries (gsi4), which carry the facts it needs (keys.ts, QUEUE_FACTS); only
 * the page's registrations are read, in one BatchGetItem. So a page costs the same requests with
 * 1, 100 and 1,000 waiting: 1 Query of the entries and 1 BatchGetItem (and, on the first page,
 * 1 Query of the incidents that head it).
 */
describe('the queue read as its index entries, with 1, 100, 500 and 1,000 waiting', () => {
  const MANY = 1000;
  /** Every 10th seeded registration is in its second round; every 7th is of another course. */
  const OTHER_COURSE = { code: 'TMA4100', name: 'Matematikk 1' };
  let waiting: Record<1 | 100 | 500 | 1000, World>;
  let seeded: { id: string; start: string; round: number; course: string }[];

  /** `n - 1` more of the world's registration, each on its own day, seeded straight into the table as the stores write them. */
  const seed = async (w: World, n: number) => {
    const get = async (sk: string) => (await w.db.send(new GetCommand({ TableName: w.table, Key: { pk: registrationPk(w.id), sk } }))).Item ?? {};
    const [meta, approval] = [await get(META_SK), await get(approvalSk(1, 'ED'))];
    const out = [{ id: w.id, start: (meta.form as Registration['form']).exam.start, round: 1, course: 'TDT4100' }];
    const puts = Array.from({ length: n - 1 }, (_, i) => {
      const id = randomUUID();
      const round = i % 10 === 9 ? 2 : 1;
      const start = examStartIn(31 + (i % 250));
      const base = meta.form as Registration['form'];
      const form = { ...base, exam: { ...base.exam, start }, ...(i % 7 === 6 ? { course: OTHER_COURSE } : {}) };
      const derived = { ...(meta.derived as Registration['derived']), studentInfoDueBy: new Date(Date.parse(start) - 7 * 86_400_000).toISOString() };
      const record = { ...meta, id, round, form, derived, [APPROVALS_COPIED]: round, approval_ED_round: round } as unknown as RegistrationRecord;
      out.push({ id, start, round, course: form.course.code });
      return [
        { ...meta, ...record, pk: registrationPk(id), gsi1sk: timeSortKey(meta.createdAt as string, id), gsi3sk: timeSortKey(start, id) },
        {
          ...approval,
          pk: registrationPk(id),
          sk: approvalSk(round, 'ED'),
          id,
          round,
          gsi4sk: timeSortKey(approval.requestedAt as string, id),
          ...queueFacts(record),
        },
      ];
    }).flat();
    await batchWriteAll(
      w.db,
      w.table,
      puts.map((Item) => ({ PutRequest: { Item } })),
    );
    return out;
  };

  const pageOf = (w: World, query: Record<string, string>) => usageOf(meter.total, () => listRegistrations(listDeps(w), EVA, { view: 'queue', ...query }));
  const localDay = (start: string) => localDate(start, 'Europe/Oslo');

  beforeAll(async () => {
    const worlds = [await world(client, 1, 1), await world(client, 1, 1), await world(client, 1, 1), await world(client, 1, 1)] as const;
    await seed(worlds[1], 100);
    await seed(worlds[2], 500);
    seeded = await seed(worlds[3], MANY);
    waiting = { 1: worlds[0], 100: worlds[1], 500: worlds[2], 1000: worlds[3] };
  }, 240_000);

  it('a page costs the same requests with 1, 100, 500 and 1,000 waiting: 1 Query of the entries and 1 BatchGetItem of the page', async () => {
    const lines: string[] = [];
    const requests: number[] = [];
    for (const n of [1, 100, 500, 1000] as const) {
      const first = await pageOf(waiting[n], { limit: '100' });
      expect([first.result.total, first.result.items.length, first.result.partial]).toEqual([n, Math.min(n, 100), undefined]);
      // The first page also reads the incidents waiting for extra time that head it (one Query).
      expect(first.usage.byOperation).toEqual({ Query: 2, BatchGetItem: 1 });
      requests.push(first.usage.requests);
      let line = `${String(n).padStart(5)} waiting: first page ${first.usage.requests} requests ${first.usage.readUnits.toFixed(1)} RCU`;
      if (first.result.nextToken) {
        const second = await pageOf(waiting[n], { limit: '100', nextToken: first.result.nextToken });
        expect(second.result.items).toHaveLength(100);
        expect(second.usage.byOperation).toEqual({ Query: 1, BatchGetItem: 1 });
        requests.push(second.usage.requests + 1);
        line += `, next page ${second.usage.requests} requests ${second.usage.readUnits.toFixed(1)} RCU`;
      }
      lines.push(line);
    }
    console.log(`GET /registrations?view=queue&limit=100 (one group)\n${lines.join('\n')}`);
    expect(new Set(requests)).toEqual(new Set([3]));
  });

  it('the pages follow on across the whole queue of 1,000: each registration once, most urgent first, each page 1 Query and 1 BatchGetItem', async () => {
    const seen: string[] = [];
    const keys: [number, number][] = [];
    const usages: DynamoUsage[] = [];
    let nextToken: string | undefined;
    do {
      const page = await pageOf(waiting[1000], { limit: '100', ...(nextToken ? { nextToken } : {}) });
      expect(page.result.total).toBe(MANY);
      expect(page.result.items.every((i) => i.approvals.find((a) => a.group === 'ED')?.state === 'PENDING')).toBe(true);
      seen.push(...page.result.items.map((i) => i.id));
      keys.push(...page.result.items.map((i): [number, number] => [Date.parse(i.derived.studentInfoDueBy), Date.parse(i.form.exam.start)]));
      usages.push(page.usage);
      nextToken = page.result.nextToken ?? undefined;
    } while (nextToken);
    expect(usages).toHaveLength(10);
    expect(new Set(seen)).toEqual(new Set(seeded.map((r) => r.id)));
    expect(seen).toHaveLength(MANY);
    expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    for (const [i, usage] of usages.entries()) expect(usage.byOperation).toEqual({ Query: i === 0 ? 2 : 1, BatchGetItem: 1 });
    const rcu = Math.max(...usages.slice(1).map((u) => u.readUnits));
    console.log(`GET /registrations?view=queue with ${MANY} waiting: ${usages[1]?.requests} requests, at most ${rcu.toFixed(1)} RCU per page`);
    // 0.5 RCU per registration of the page (eventually consistent, under 4 KB) and 0.5 per 4 KB of entries (about 300 bytes each).
    expect(rcu).toBeLessThanOrEqual(100 * 0.5 + Math.ceil((MANY * 300) / 4096) * 0.5);
    expect(QUEUE_READ_MAX).toBeGreaterThanOrEqual(MANY);
  });

  it('the read is bounded: past its bound the store says the queue is not complete, and reads no more', async () => {
    const bounded = await usageOf(meter.total, () => waiting[1000].stores.queries.listQueue('ED', { max: 150 }));
    expect([bounded.result.entries.length, bounded.result.complete]).toEqual([150, false]);
    expect(bounded.usage.byOperation).toEqual({ Query: 1 });
    const whole = await waiting[1000].stores.queries.listQueue('ED', { max: MANY });
    expect([whole.entries.length, whole.complete]).toEqual([MANY, true]);
  });

  it('filters and the search apply to the whole queue, count what matches, and read the same', async () => {
    const w = waiting[1000];
    const count = (f: (r: (typeof seeded)[number]) => boolean) => seeded.filter(f).length;
    const day = localDay(seeded[5]?.start ?? '');
    const cases: [Record<string, string>, number, (i: Registration) => boolean][] = [
      [{ q: 'MATEMATIKK' }, count((r) => r.course === 'TMA4100'), (i) => i.form.course.code === 'TMA4100'],
      [{ resubmitted: 'true' }, count((r) => r.round === 2), (i) => i.round === 2],
      [
        { q: 'tdt4100', examType: 'home', resubmitted: 'false' },
        count((r) => r.round === 1 && r.course === 'TDT4100'),
        (i) => i.round === 1 && i.form.course.code === 'TDT4100',
      ],
      [{ from: day, to: day }, count((r) => localDay(r.start) === day), (i) => localDay(i.form.exam.start) === day],
    ];
    for (const [query, expected, holds] of cases) {
      expect(expected, JSON.stringify(query)).toBeGreaterThan(0);
      expect(expected, JSON.stringify(query)).toBeLessThan(MANY);
      const page = await pageOf(w, { limit: '20', ...query });
      expect([page.result.total, page.result.items.length], JSON.stringify(query)).toEqual([expected, Math.min(expected, 20)]);
      expect(
        page.result.items.every((i) => holds(i as unknown as Registration)),
        JSON.stringify(query),
      ).toBe(true);
      expect(page.usage.byOperation, JSON.stringify(query)).toEqual({ Query: 2, BatchGetItem: 1 });
    }
    // Nothing matches: no registration is read at all.
    for (const query of [{ kind: 'software' }, { q: 'no such course' }, { examType: 'school' }] as Record<string, string>[]) {
      const none = await pageOf(w, query);
      expect([none.result.total, none.result.items.length, none.usage.byOperation]).toEqual([0, 0, { Query: 2 }]);
    }
  });

  it('approvals asked before the queue index existed are moved into it, with their facts, by the backfill (once; a decision made first wins)', async () => {
    const w = await world(client, 3, 1);
    const [legacy, decidedFirst, current] = w.ids as [string, string, string];
    // As the stores wrote a pending approval before: in gsi2 under QUEUE#<group>, without the facts.
    const makeLegacy = (id: string, group: 'ED' | 'IT') =>
      w.db.send(
        new UpdateCommand({
          TableName: w.table,
          Key: { pk: registrationPk(id), sk: approvalSk(1, group) },
          UpdateExpression: `SET gsi2pk = :queue, gsi2sk = gsi4sk REMOVE gsi4pk, gsi4sk, ${Object.values(QUEUE_FACTS).join(', ')}`,
          ConditionExpression: '#state = :pending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':queue': queueGsiPk(group), ':pending': 'PENDING' },
        }),
      );
    await makeLegacy(legacy, 'ED');
    await makeLegacy(legacy, 'IT');
    await makeLegacy(decidedFirst, 'ED');
    const queueOf = async (who: Principal) => (await listRegistrations(listDeps(w), who, { view: 'queue' })).items.map((i) => i.id).sort();
    expect(await queueOf(EVA)).toEqual([current]);
    const decideDeps = { registrations: w.stores.registrations, approvals: w.stores.approvals, callbacks: new RecordingTaskCallbacks(), now: () => new Date() };
    await decideRegistration(decideDeps, EVA, decidedFirst, { group: 'ED', decision: 'approve', comment: '' });

    expect(await backfillQueueIndex(w.db, w.table)).toEqual({ moved: 2, skipped: 0 });
    expect(await queueOf(EVA)).toEqual([legacy, current].sort());
    expect(await queueOf(IVAR)).toEqual([legacy, current].sort());
    const entry = (await w.stores.queries.listQueue('ED', { max: 10 })).entries.find((e) => e.id === legacy);
    const [registration] = await w.stores.queries.getListed([legacy]);
    expect(entry).toEqual({
      id: legacy,
      kind: registration?.kind,
      round: registration?.round,
      derived: { studentInfoDueBy: registration?.derived.studentInfoDueBy },
      form: { exam: { start: registration?.form.exam.start, type: registration?.form.exam.type }, course: { code: 'TDT4100', name: 'Object-oriented programming' } },
    });
    // Out of gsi2's queue partition: a second run moves nothing, and the decision stays in the group's decisions.
    expect(await backfillQueueIndex(w.db, w.table)).toEqual({ moved: 0, skipped: 0 });
    const decided = await listRegistrations(listDeps(w), EVA, { view: 'decided' });
    expect(decided.items.map((i) => i.id)).toEqual([decidedFirst]);
    // The facts are storage only: they never reach a registration or an approval.
    const stored = await w.stores.registrations.get(legacy);
    expect(JSON.stringify([stored, registration])).not.toMatch(/q_(due|start|kind|type|round|course)|gsi4/);
  });
});

describe('a local table kept from before the queue index (DATA_DIR)', () => {
  it('gets the indexes it lacks when local mode starts, once', async () => {
    const table = `cc-${randomBytes(6).toString('hex')}`;
    const templateOf = (indexes: (typeof INDEXES)[keyof typeof INDEXES][]) => ({
      Resources: { Table: { Type: 'AWS::DynamoDB::GlobalTable', Properties: tableSchema(indexes) } },
    });
    expect(await createTableFromTemplate(client, templateOf([INDEXES.byOwner, INDEXES.decided, INDEXES.byCourse]), table)).toEqual({
      kept: false,
      addedIndexes: [],
    });
    expect(await createTableFromTemplate(client, templateOf(Object.values(INDEXES)), table)).toEqual({ kept: true, addedIndexes: [INDEXES.queue.name] });
    const described = await client.send(new DescribeTableCommand({ TableName: table }));
    const queue = described.Table?.GlobalSecondaryIndexes?.find((g) => g.IndexName === INDEXES.queue.name);
    expect(queue?.Projection).toEqual({ ProjectionType: 'INCLUDE', NonKeyAttributes: Object.values(QUEUE_FACTS) });
    expect(await createTableFromTemplate(client, templateOf(Object.values(INDEXES)), table)).toEqual({ kept: true, addedIndexes: [] });
  });
});

/**
 * Month buckets: an exam has an entry for every UTC date it touches, in the partition of that
 * date's month (keys.ts), so a read of dates costs one Query per month they fall in.
 */
describe('month buckets', () => {
  let db: DynamoDBDocumentClient;
  let table: string;
  let calendar: DynamoCalendarStore;
  /** What the calendar entries are written from: the exam, its approvers and its owner. */
  const exam = (id: string, start: string, durationMinutes: number) =>
    ({
      id,
      form: { exam: { start, durationMinutes } },
      derived: { additionalMinutes: 0, approvers: ['IT'] },
      owner: { sub: KARI.sub },
    }) as unknown as RegistrationRecord;
  const write = (items: ReturnType<typeof calendarEntryPuts>) => db.send(new TransactWriteCommand({ TransactItems: items }));
  const found = async (...dates: string[]) => (await calendar.bookingsOn(dates)).map((b) => b.id).sort();
  /** The items of the month bucket of a UTC date, as stored. */
  const entriesOf = async (tableName: string, utcDate: string) =>
    (await db.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': calendarMonthPk(utcDate) } })))
      .Items ?? [];
  /** The UTC dates from `from` to `to`. */
  const datesFrom = (from: string, to: string) => utcDatesTouched(Date.parse(`${from}T00:00:00Z`), Date.parse(`${to}T00:00:00Z`) + 86_400_000);
  /** 31 January 23:00 UTC to 1 February 02:00: one entry in January's bucket, one in February's. */
  const boundary = exam('boundary', '2027-01-31T23:00:00.000Z', 180);
  const others = [
    exam('midnight', '2027-02-10T22:30:00.000Z', 120),
    exam('january', '2027-01-15T09:00:00.000Z', 60),
    exam('february', '2027-02-27T09:00:00.000Z', 60),
    exam('march', '2027-03-01T00:00:00.000Z', 60),
  ];

  beforeAll(async () => {
    table = `cc-${randomBytes(6).toString('hex')}`;
    await createTable(client, table);
    db = DynamoDBDocumentClient.from(client);
    calendar = new DynamoCalendarStore(db, table);
  });

  it('an exam over midnight at the end of a month is found from either date, and only the dates asked are answered', async () => {
    await write([boundary, ...others].flatMap((r) => calendarEntryPuts(table, r)));
    expect(await found('2027-01-31')).toEqual(['boundary']);
    expect(await found('2027-02-01')).toEqual(['boundary']);
    expect(await found('2027-02-10')).toEqual(['midnight']);
    expect(await found('2027-02-11')).toEqual(['midnight']);
    // The range read runs from the 14th of January to the 28th of February; what lies between the dates asked is left out.
    expect(await found('2027-01-14', '2027-01-30', '2027-02-02', '2027-02-28')).toEqual([]);
    expect(await found('2027-01-15', '2027-02-27', '2027-02-01')).toEqual(['boundary', 'february', 'january']);
    // Three months, 90 dates: three Queries, each exam once.
    const quarter = await usageOf(meter.total, () => calendar.bookingsOn(datesFrom('2027-01-01', '2027-03-31')));
    expect(quarter.result.map((b) => b.id).sort()).toEqual(['boundary', 'february', 'january', 'march', 'midnight']);
    expect(quarter.result.find((b) => b.id === 'boundary')).toEqual({
      id: 'boundary',
      start: '2027-01-31T23:00:00.000Z',
      end: '2027-02-01T02:00:00.000Z',
      approvers: ['IT'],
      ownerSub: KARI.sub,
    });
    expect(quarter.usage.byOperation).toEqual({ Query: 3 });
  });

  it('an exam moved off the month boundary leaves both months it was in', async () => {
    const moved = exam('boundary', '2027-02-15T09:00:00.000Z', 180);
    await write(calendarEntryMoves(table, boundary, moved));
    expect(await found('2027-01-31', '2027-02-01')).toEqual([]);
    expect(await found('2027-02-15')).toEqual(['boundary']);
    expect((await entriesOf(table, '2027-01-31')).map((i) => i.id)).toEqual(['january']);
    await write(calendarEntryMoves(table, moved, boundary));
  });

  it('the migration moves entries from day buckets into their months, once; a second run finds nothing', async () => {
    const w = `cc-${randomBytes(6).toString('hex')}`;
    await createTable(client, w);
    const store = new DynamoCalendarStore(db, w);
    // As the stores wrote them before: one item per UTC date in `DAY#<date>`, with the same attributes.
    const legacy = [boundary, ...others].flatMap((r) =>
      calendarEntryPuts(w, r).map(({ Put }) => {
        const item = Put?.Item as Record<string, unknown>;
        return {
          ...item,
          ...legacyDayBucketKey(calendarEntryDateOf(item.sk as string), item.start as string, item.id as string),
          type: 'day-bucket',
        };
      }),
    );
    await batchWriteAll(
      db,
      w,
      legacy.map((Item) => ({ PutRequest: { Item } })),
    );
    expect(await store.bookingsOn(datesFrom('2027-01-01', '2027-03-31'))).toEqual([]);

    expect(await migrateDayBuckets(db, w)).toEqual({ moved: 7, skipped: 0 });
    expect((await store.bookingsOn(['2027-01-31'])).map((b) => b.id)).toEqual(['boundary']);
    expect((await store.bookingsOn(['2027-02-01'])).map((b) => b.id)).toEqual(['boundary']);
    expect(await store.bookingsOn(datesFrom('2027-01-01', '2027-03-31'))).toEqual(await calendar.bookingsOn(datesFrom('2027-01-01', '2027-03-31')));
    // The same items as the stores write now, key for key.
    const byKey = (a: Record<string, unknown>, b: Record<string, unknown>) => `${String(a.pk)}${String(a.sk)}`.localeCompare(`${String(b.pk)}${String(b.sk)}`);
    const monthItems = async () => (await Promise.all(['2027-01-01', '2027-02-01', '2027-03-01'].map((d) => entriesOf(w, d)))).flat().sort(byKey);
    const written = [boundary, ...others].flatMap((r) => calendarEntryPuts(w, r).map(({ Put }) => Put?.Item as Record<string, unknown>));
    expect(await monthItems()).toEqual(written.sort(byKey));
    // No day bucket is left: a second run moves nothing and changes nothing.
    expect(await migrateDayBuckets(db, w)).toEqual({ moved: 0, skipped: 0 });
    expect(await monthItems()).toHaveLength(7);
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
      // The queue index holds each pending approval, with the facts of the registration's round, and nothing else.
      for (const group of ['ED', 'IT'] as const) {
        const entries = (await w.stores.queries.listQueue(group, { max: 10 })).entries;
        const pending = stored?.approvals.some((a) => a.group === group && a.state === 'PENDING');
        const { id, kind, round, derived, form } = stored as Registration;
        const facts = {
          id,
          kind,
          round,
          derived: { studentInfoDueBy: derived.studentInfoDueBy },
          form: { exam: { start: form.exam.start, type: form.exam.type }, course: form.course },
        };
        expect(entries, group).toEqual(pending ? [facts] : []);
      }
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

/** An instant written at a UTC offset of `minutes`, as a form may write it: `2027-03-10T23:00:00+14:00`. */
const writtenAt = (instant: number, minutes: number) => {
  if (minutes === 0) return `${new Date(instant).toISOString().slice(0, 19)}Z`;
  const abs = Math.abs(minutes);
  const offset = `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${new Date(instant + minutes * 60_000).toISOString().slice(0, 19)}${offset}`;
};

describe("a course's registrations, read by exam start (gsi3)", () => {
  const code = (midtermBody().course as { code: string }).code;
  const at = (iso: string) => ({ from: iso, to: iso });

  it('cost 1 Query and 1 BatchGet for the exams asked, with 1 and with 100 exams of the course', async () => {
    const oneExam = (await one.stores.registrations.get(one.id))?.form.exam.start as string;
    const fiftieth = (await many.stores.registrations.get(many.ids[50] as string))?.form.exam.start as string;
    const small = await usageOf(meter.total, () => one.stores.queries.listByCourse(code, at(oneExam)));
    const large = await usageOf(meter.total, () => many.stores.queries.listByCourse(code, at(fiftieth)));
    expect(small.result.map((r) => r.id)).toEqual([one.id]);
    expect(large.result.map((r) => r.id)).toEqual([many.ids[50]]);
    expect(small.usage.byOperation).toEqual({ Query: 1, BatchGetItem: 1 });
    expect(large.usage.byOperation).toEqual({ Query: 1, BatchGetItem: 1 });
    // No exam in the hours asked: the Query alone.
    const none = await usageOf(meter.total, () => many.stores.queries.listByCourse(code, at(writtenAt(Date.parse(fiftieth) + 3_600_000, 60))));
    expect(none.result).toEqual([]);
    expect(none.usage.byOperation).toEqual({ Query: 1 });
  });

  it('find an exam whatever offset its start is written with, and keep only the instants asked', async () => {
    const instant = Date.parse(examStartIn(40));
    const starts = [
      writtenAt(instant, 14 * 60),
      writtenAt(instant, -12 * 60),
      writtenAt(instant, 0),
      writtenAt(instant, 23 * 60 + 59),
      writtenAt(instant + 60_000, 60),
    ];
    const w = await world(client, starts.length, 1, (i) => starts[i] as string);
    const ids = async (from: number, to: number) =>
      (await w.stores.queries.listByCourse(code, { from: new Date(from).toISOString(), to: writtenAt(to, -5 * 60) })).map((r) => r.id).sort();
    expect(await ids(instant, instant)).toEqual(w.ids.slice(0, 4).sort());
    expect(await ids(instant, instant + 60_000)).toEqual([...w.ids].sort());
    expect(await ids(instant + 60_000, instant + 60_000)).toEqual([w.ids[4]]);
    expect(await ids(instant - 60_000, instant - 60_000)).toEqual([]);
  });

  it('a software request identical to a pending one gets the warning, however many exams of the course start before it', async () => {
    const deps = {
      registrations: many.stores.registrations,
      catalogue: many.stores.catalogue,
      queries: many.stores.queries,
      workflow: new RecordingWorkflowControl(),
      rules: RulesConfigSchema.parse({}),
      now: () => new Date(),
      newId: randomUUID,
    };
    // After the course's 100 mid-terms: a read of the course's first 100 exams would not reach it.
    const body = softwareBody({ exam: { type: 'school', start: examStartIn(200), durationMinutes: 240, candidates: 80 } });
    const first = await submitRegistration(deps, KARI, body);
    const second = await submitRegistration(deps, KARI, body);
    const warnings = (r: Registration) => r.derived.warnings.filter((x) => x.code === 'DUPLICATE_PENDING_REQUEST').map((x) => x.message);
    expect(warnings(first)).toEqual([]);
    expect(warnings(second)).toEqual([`An identical request for this exam is already pending: ${first.id}`]);
  });
});
