import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { startLocalSystem } from '../local/system';
import { DynamoRegistrationStore } from '../shared/adapters/dynamodb/registration-store';
import { DynamoCatalogueStore } from '../shared/adapters/dynamodb/catalogue-store';
import { RulesConfigSchema } from '../shared/contracts/env';
import type { RegistrationInput } from '../shared/contracts/registration';
import { submitRegistration } from '../shared/registrations/submit-registration';
import { mainExamPeriodOf } from '../shared/rules/exam-rules';
import { ApiClient, type Identity } from '../tests/support/api-client';
import { startFaultProxy } from '../tests/support/fault-proxy';
import { IT_APPROVER, STAFF, midtermBody } from '../tests/support/fixtures';

/**
 * The calendar's cost, in local mode on DynamoDB Local: GET /calendar for a month holding
 * `EXAMS` exams, the capacity on a registration view (an approver's view computes it, the
 * owner's does not), and an iCalendar feed over the same exams. DynamoDB calls are counted by a
 * proxy in front of DynamoDB Local, per request (requests run one at a time); latency is the
 * whole HTTP request. The exams are stored through the submission use case (the rules, the month
 * buckets) with a workflow that starts nothing, so no approval runs meanwhile.
 */

const TZ = 'Europe/Oslo';
const DAY = 86_400_000;

export interface Measured {
  what: string;
  requests: number;
  p50: number;
  p90: number;
  max: number;
  /** DynamoDB calls per request (the same for every request of a row), by operation. */
  calls: Record<string, number>;
  detail: string;
}

/** The first whole month at least three weeks ahead that lies outside the main exam periods. */
const benchMonth = (rules: ReturnType<typeof RulesConfigSchema.parse>) => {
  const now = new Date();
  for (let m = 1; m < 10; m++) {
    const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + m, 1));
    if (first.getTime() - now.getTime() < 21 * DAY) continue;
    const days = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
    const dates = Array.from({ length: days }, (_, i) => new Date(first.getTime() + i * DAY).toISOString().slice(0, 10));
    if (dates.every((d) => !mainExamPeriodOf(`${d}T12:00:00Z`, rules.EXAM_PERIODS, TZ))) return dates;
  }
  throw new Error('no month outside the exam periods in the registration window');
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

export const calendarBenchmark = async (exams = 1000, rounds = 15) => {
  const ddb = await startDynamoDbLocal({ dataDir: null });
  const counter = await startFaultProxy(ddb.endpoint);
  const tableName = 'bench-calendar';
  const system = await startLocalSystem({ port: 0, dataDir: null, fastWaits: true, dynamodbEndpoint: counter.url, tableName, logLevel: 'ERROR' });
  const api = new ApiClient(system.url);
  try {
    const rules = RulesConfigSchema.parse({});
    const month = benchMonth(rules);
    // Seeded straight into DynamoDB Local (not through the counting proxy).
    const db = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: ddb.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
      {
        marshallOptions: { removeUndefinedValues: true },
      },
    );
    const deps = {
      registrations: new DynamoRegistrationStore(db, tableName),
      catalogue: new DynamoCatalogueStore(db, tableName),
      workflow: { startRound: async () => 'bench', startNotices: async () => {}, stopRound: async () => {} },
      rules,
      now: () => new Date(),
      newId: randomUUID,
    };
    const owners = Array.from({ length: 20 }, (_, i) => ({
      sub: `teacher-${i}`,
      email: `teacher${i}@example.edu`,
      name: `Teacher ${i}`,
      roles: ['staff' as const],
    }));
    owners[0] = { sub: STAFF.sub, email: STAFF.email, name: STAFF.name, roles: ['staff'] };
    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = next++; i < exams; i = next++) {
          const date = month[i % month.length] as string;
          const hour = 8 + (i % 8);
          const exam: RegistrationInput['exam'] = {
            type: i % 3 === 0 ? 'school' : 'home',
            // Oslo is at +01:00 or +02:00; either way a local day-time start.
            start: new Date(`${date}T${String(hour).padStart(2, '0')}:${i % 2 ? '30' : '00'}:00+01:00`).toISOString(),
            durationMinutes: 60 + 30 * (i % 7),
            candidates: 20 + ((i * 37) % 280),
          };
          const r = await submitRegistration(deps, owners[i % owners.length] as (typeof owners)[number], midtermBody({ exam }));
          ids[i] = r.id;
        }
      }),
    );

    const measure = async (what: string, detail: string, request: () => Promise<Response>): Promise<Measured> => {
      const latencies: number[] = [];
      let calls: Record<string, number> = {};
      await (await request()).arrayBuffer(); // warm-up: the handler's first import, connections
      for (let i = 0; i < rounds; i++) {
        const before = { ...counter.seen.byOperation };
        const t0 = performance.now();
        const res = await request();
        const body = await res.text();
        latencies.push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`${what}: ${res.status} ${body}`);
        calls = Object.fromEntries(
          Object.entries(counter.seen.byOperation)
            .map(([op, n]) => [op, n - (before[op] ?? 0)] as const)
            .filter(([, n]) => n > 0),
        );
      }
      latencies.sort((a, b) => a - b);
      return { what, requests: rounds, p50: percentile(latencies, 50), p90: percentile(latencies, 90), max: latencies.at(-1) as number, calls, detail };
    };
    const auth = async (who: Identity) => ({ authorization: `Bearer ${await api.token(who)}` });
    const from = month[0] as string;
    const to = month.at(-1) as string;
    const calendarAs = async (who: Identity) => {
      const headers = await auth(who);
      return () => fetch(`${system.url}/calendar?from=${from}&to=${to}`, { headers });
    };
    const read = async <T>(request: () => Promise<Response>, what: string): Promise<T> => {
      const res = await request();
      if (res.status !== 200) throw new Error(`${what}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const itCalendar = await read<{ items: unknown[]; load: unknown[] }>(await calendarAs(IT_APPROVER), 'GET /calendar as IT');
    const staffCalendar = await read<{ items: unknown[] }>(await calendarAs(STAFF), 'GET /calendar as staff');

    // A registration on a busy day: exam 0, on the month’s first day, registered by STAFF.
    const target = ids[0] as string;
    const viewAs = async (who: Identity) => {
      const headers = await auth(who);
      return () => fetch(`${system.url}/registrations/${target}`, { headers });
    };
    const BOTH: Identity = { sub: 'both-groups', email: 'both@example.edu', name: 'Both', groups: ['IT', 'ED'] };
    const feedUrl = (await api.request('POST', '/calendar/feeds', { as: IT_APPROVER, body: {} })).body.url as string;

    const rows = [
      await measure('GET /calendar, a month, IT approver', `${itCalendar.items.length} exams, ${itCalendar.load.length} load steps`, await calendarAs(IT_APPROVER)),
      await measure('GET /calendar, a month, staff', `${staffCalendar.items.length} of their own exams`, await calendarAs(STAFF)),
      await measure('GET /registrations/{id}, owner (no capacity)', 'the registration and its student-notice state', await viewAs(STAFF)),
      await measure(
        'GET /registrations/{id}, IT approver (capacity: IT)',
        `${month.length > 0 ? Math.round(exams / month.length) : 0} exams share its day`,
        await viewAs(IT_APPROVER),
      ),
      await measure('GET /registrations/{id}, IT and ED approver (capacity: both)', 'both groups’ load', await viewAs(BOTH)),
      await measure('GET /calendar/ics/{secret}, IT approver’s feed', 'all the exams of the feed’s 215 days', () => fetch(feedUrl)),
    ];
    return { month: `${from} – ${to}`, exams, rows };
  } finally {
    await system.stop();
    await counter.close();
    await ddb.stop();
  }
};
