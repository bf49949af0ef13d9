import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { ED_APPROVER, IT_APPROVER, STAFF } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { decide, submitAndWaitForApprovers } from '../support/workflow';

/**
 * Racing replacements of a candidate list (issue 17, item 1). Whatever the interleaving,
 * exactly one whole list is current after the race, the losers change nothing, and after
 * approval every student of that list gets the letter once (and nobody else gets one).
 */
let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem({ logLevel: 'SILENT' });
});
afterAll(async () => ctx?.system.stop());

const REGISTRATIONS = 4;
const RACERS = 8;
const listOf = (tag: string, racer: number) =>
  Array.from({ length: 3 + racer * 4 }, (_, i) => ({ email: `${tag}-l${racer}-s${i}@stud.example.edu`, name: `Student ${i}` }));

describe('concurrent PUT /registrations/{id}/candidates', () => {
  it('leave exactly one whole list current, and each of its students gets exactly one letter', async () => {
    const regs = await Promise.all(Array.from({ length: REGISTRATIONS }, () => submitAndWaitForApprovers(ctx, STAFF)));
    await ctx.api.token(STAFF);

    const races = await Promise.all(
      regs.map(async (r) => {
        const tag = r.id.slice(0, 8);
        const lists = Array.from({ length: RACERS }, (_, k) => listOf(tag, k));
        const answers = await Promise.all(
          lists.map((list) => ctx.api.request('PUT', `/registrations/${r.id}/candidates`, { as: STAFF, body: { candidates: list } })),
        );
        return { r, lists, answers };
      }),
    );

    const ddb = new DynamoDBClient({ endpoint: ctx.system.dynamodbEndpoint, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    for (const { r, lists, answers } of races) {
      for (const a of answers) expect([200, 409]).toContain(a.status);
      expect(answers.some((a) => a.status === 200)).toBe(true);
      const stored = (await ctx.api.request('GET', `/registrations/${r.id}`, { as: STAFF })).body.studentNotice.candidates as number;
      // Sizes differ per racer, so the count names the one list that is current.
      const winners = lists.filter((l) => l.length === stored);
      expect(winners).toHaveLength(1);
      // Only the pointer and the current list's items remain: the losers left nothing behind.
      const items = await ddb.send(
        new QueryCommand({
          TableName: ctx.system.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
          ExpressionAttributeValues: { ':pk': { S: `REG#${r.id}` }, ':c': { S: '~C#' } },
          ConsistentRead: true,
        }),
      );
      expect(items.Items?.length).toBe(stored + 1);
    }

    for (const { r } of races) {
      expect((await decide(ctx, IT_APPROVER, r.id, 'IT', 'approve')).status).toBe(200);
      expect((await decide(ctx, ED_APPROVER, r.id, 'ED', 'approve')).status).toBe(200);
    }
    for (const { r, lists } of races) {
      const state = await ApiClient.eventually(
        async () => {
          const s = (await ctx.api.request('GET', `/registrations/${r.id}`, { as: STAFF })).body.studentNotice;
          return s.letter.status === 'SENT' ? s : undefined;
        },
        30_000,
        'letter sent',
      );
      const current = lists.find((l) => l.length === state.candidates) ?? [];
      expect(state.letter.counts).toEqual({ pending: 0, sent: current.length, bounced: 0, complained: 0, failed: 0 });
      const mail = await ctx.api.mail();
      const tag = r.id.slice(0, 8);
      const letters = mail.filter((m) => m.to.some((to) => to.startsWith(`${tag}-`)));
      const counts = new Map<string, number>();
      for (const m of letters) for (const to of m.to) counts.set(to, (counts.get(to) ?? 0) + 1);
      for (const c of current) expect(counts.get(c.email), c.email).toBe(1);
      // Nobody outside the current list got a letter.
      expect([...counts.keys()].sort()).toEqual(current.map((c) => c.email).sort());
    }
  }, 120_000);
});
