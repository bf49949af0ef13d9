import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { META_SK, approvalSk, registrationPk, timeSortKey } from '../../shared/adapters/dynamodb/keys';
import { batchWriteAll } from '../../shared/adapters/dynamodb/operations';
import { queueFacts } from '../../shared/adapters/dynamodb/records';
import type { Registration } from '../../shared/contracts/registration';
import type { RegistrationRecord } from '../../shared/ports';
import { type ApiClient } from '../support/api-client';
import { STAFF, examStartIn, midtermBody } from '../support/fixtures';
import { type Browser, axeCheck, focusedId, newTab, openAs, pageErrors, shot, startBrowserSystem } from './browser';

/**
 * The approvers' queue in Chromium, against local mode: a compact list, most urgent first, with
 * filters and a search; several approved together with one failing (cancelled meanwhile) and
 * each result shown; deciding in the list keeps the place; after deciding on a registration's
 * page the next item is offered; the group's decisions; in both languages, on a 390 px phone,
 * and with 500 waiting. Screenshots go beside the others, named queue-*.
 */

let system: Awaited<ReturnType<typeof startBrowserSystem>>['system'];
let stop: () => Promise<void> = async () => undefined;
let api: ApiClient;
let browser: Browser;
let base: string;

beforeAll(async () => {
  ({ system, api, browser, base, stop } = await startBrowserSystem());
}, 180_000);

afterAll(() => stop());

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const expectAccessible = async (page: Page, label: string) => expect(await axeCheck(page, label)).toEqual([]);

const submit = async (code: string, name: string, days: number, type: 'home' | 'school' = 'home') => {
  const res = await api.request('POST', '/registrations', {
    as: STAFF,
    body: midtermBody({ course: { code, name }, exam: { type, start: examStartIn(days), durationMinutes: 240, candidates: 80 } }),
  });
  expect(res.status).toBe(201);
  return res.body as Registration;
};

/** The course codes of the rows shown, in order. */
const codes = (page: Page) => page.locator('tr.queue-row th[scope=row] a').allTextContents();

/**
 * Searches the queue and waits for the list that search asked for: the list shown before it
 * may hold the same rows, and a list still on its way would replace what the test does next.
 */
const search = async (page: Page, text: string, submit = () => page.locator('#filter-q').press('Enter')) => {
  const answered = page.waitForResponse((r) => {
    const url = new URL(r.url());
    return url.pathname === '/registrations' && url.searchParams.get('view') === 'queue' && url.searchParams.get('q') === text;
  });
  await page.locator('#filter-q').fill(text);
  await submit();
  await (await answered).finished();
};

const openQueue = async (page: Page, text: string, who: 'IT' | 'ED' = 'IT') => {
  await openAs(page, `${base}/#/queue`, who);
  await expect.poll(() => h1(page)).toMatch(/Approval queue|Godkjenningskø/);
  await search(page, text);
};

describe('the approval queue in Chromium, against local mode', { timeout: 180_000 }, () => {
  it('a compact list, most urgent first, with the count, filters and a search; several approved at once, one failing and said so', async () => {
    const late = await submit('QUE101', 'Queue course late', 50);
    const soon = await submit('QUE102', 'Queue course soon', 30);
    const school = await submit('QUE103', 'Queue course school', 40, 'school');
    const page = await newTab(browser);
    await openQueue(page, 'que1');
    await expect.poll(() => codes(page)).toEqual(['QUE102', 'QUE103', 'QUE101']);
    expect(await page.locator('.queue-count').textContent()).toBe('3 waiting');
    const first = await page.locator('tr.queue-row').first().innerText();
    expect(first).toContain('80');
    expect(first).toContain('4 h');
    await shot(page, 'queue-01-compact-list');
    await expectAccessible(page, 'queue: compact list');

    await page.getByLabel('Exam type').selectOption('school');
    await expect.poll(() => codes(page)).toEqual(['QUE103']);
    expect(await page.locator('.queue-count').textContent()).toBe('1 waiting');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await search(page, 'QUE1');
    await expect.poll(() => codes(page)).toEqual(['QUE102', 'QUE103', 'QUE101']);

    // The owner cancels one while the approver has the list open: its approval fails, the others go through.
    expect((await api.request('POST', `/registrations/${school.id}/cancel`, { as: STAFF, body: { reason: 'Moved' } })).status).toBe(200);
    await page.getByLabel('Select all shown').check();
    expect(await page.getByText('3 selected').count()).toBe(1);
    await page.getByRole('button', { name: 'Approve selected' }).click();
    const results = page.getByRole('region', { name: 'Results of approving 3' });
    await results.waitFor();
    await expect.poll(() => focusedId(page)).toBe('bulk-results');
    const lines = await results.locator('li').allTextContents();
    expect(lines).toEqual([
      'QUE102 Queue course soon: approved for IT department.',
      'QUE103 Queue course school: not approved for IT department. The registration has been cancelled.',
      'QUE101 Queue course late: approved for IT department.',
    ]);
    expect(await codes(page)).toEqual(['QUE103']);
    expect(await page.locator('.queue-count').textContent()).toBe('1 waiting');
    for (const r of [soon, late]) {
      const stored = (await api.request('GET', `/registrations/${r.id}`, { as: STAFF })).body as Registration;
      expect(stored.approvals.find((a) => a.group === 'IT')?.state).toBe('APPROVED');
    }
    await shot(page, 'queue-02-bulk-approve-one-failed');
    await expectAccessible(page, 'queue: bulk approval with one failure');

    // What IT decided: newest first, who and when.
    await page.getByRole('link', { name: 'Decided by my group' }).click();
    await expect.poll(() => h1(page)).toBe('Decided by my group');
    const decided = page.locator('tbody tr', { hasText: 'QUE102' });
    await decided.waitFor();
    expect(await decided.innerText()).toMatch(/Approved\s+1\s+Ivar IT\s+\S/);
    await shot(page, 'queue-03-decided-by-my-group');
    await expectAccessible(page, 'queue: decided by my group');
    await page.close();
  });

  it('approving every item shown empties the list and keeps the results in view', async () => {
    await submit('ALL301', 'All approved first', 70);
    await submit('ALL302', 'All approved second', 71);
    const page = await newTab(browser);
    await openQueue(page, 'ALL3');
    await expect.poll(() => codes(page)).toEqual(['ALL301', 'ALL302']);
    await page.getByLabel('Select all shown').check();
    await page.getByRole('button', { name: 'Approve selected' }).click();
    const results = page.getByRole('region', { name: 'Results of approving 2' });
    await results.waitFor();
    await expect.poll(() => focusedId(page)).toBe('bulk-results');
    expect(await results.locator('li').allTextContents()).toEqual([
      'ALL301 All approved first: approved for IT department.',
      'ALL302 All approved second: approved for IT department.',
    ]);
    expect(await codes(page)).toEqual([]);
    expect(await page.locator('.queue-count').textContent()).toBe('0 waiting');
    expect(await page.getByText('Nothing waiting matches these filters.').count()).toBe(1);
    await expectAccessible(page, 'queue: every item approved');
    await page.close();
  });

  it('after a decision on a registration’s page, the next item of the queue and the way back are offered', async () => {
    const a = await submit('NXT201', 'Next course first', 20);
    await submit('NXT202', 'Next course second', 21);
    const page = await newTab(browser);
    await openAs(page, `${base}/#/registrations/${a.id}`, 'ED');
    await expect.poll(() => h1(page)).toBe('NXT201 Next course first');
    await page.getByRole('region', { name: 'Decision for Education Division (ED)' }).getByRole('button', { name: 'Approve' }).click();
    const next = page.getByRole('link', { name: /^Next in the queue: / });
    await next.waitFor();
    expect(await page.getByRole('link', { name: 'Back to the queue' }).count()).toBe(1);
    await shot(page, 'queue-04-next-after-decision');
    await expectAccessible(page, 'queue: next after a decision');
    const title = ((await next.textContent()) ?? '').replace('Next in the queue: ', '');
    await next.click();
    await expect.poll(() => h1(page)).toBe(title);
    expect(title).not.toBe('NXT201 Next course first');
    await page.close();
  });

  it('on a 390 px phone in Bokmål: rows stack without sideways scrolling, and deciding keeps the place and the focus in the list', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 4; i++) ids.push((await submit(`KMP20${i}`, `Plassen min ${i}`, 60 + i)).id);
    const page = await newTab(browser);
    await page.setViewportSize({ width: 390, height: 700 });
    await openAs(page, `${base}/#/queue`, 'ED');
    await page.getByRole('button', { name: 'Norsk' }).click();
    try {
      await expect.poll(() => h1(page)).toBe('Godkjenningskø');
      await search(page, 'KMP', () => page.getByRole('button', { name: 'Søk', exact: true }).click());
      await expect.poll(() => codes(page)).toEqual(['KMP201', 'KMP202', 'KMP203', 'KMP204']);
      expect(await page.locator('.queue-count').textContent()).toBe('4 venter');
      const display = await page
        .locator('tr.queue-row')
        .first()
        .evaluate((el) => (globalThis as unknown as { getComputedStyle: (e: unknown) => { display: string } }).getComputedStyle(el).display);
      expect(display).toBe('block');
      const width = () =>
        page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
      expect(await width()).toBeLessThanOrEqual(390);
      await shot(page, 'queue-05-phone-bokmal');
      await expectAccessible(page, 'queue: phone, Bokmål');

      const decide = page.locator(`#decide-${ids[2]}`);
      await decide.scrollIntoViewIfNeeded();
      await decide.click();
      await page.locator(`#decision-${ids[2]}`).getByRole('button', { name: 'Godkjenn' }).click();
      await expect.poll(() => codes(page)).toEqual(['KMP201', 'KMP202', 'KMP204']);
      // The focus moves to the item that took its place, in the list; the page did not jump to its top.
      await expect.poll(() => focusedId(page)).toBe(`decide-${ids[3]}`);
      expect(await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY)).toBeGreaterThan(0);
      expect(await page.getByRole('status').filter({ hasText: 'KMP203' }).count()).toBe(1);
      expect(await page.locator('.queue-count').textContent()).toBe('3 venter');
      expect(await width()).toBeLessThanOrEqual(390);
      await shot(page, 'queue-06-phone-after-decision');
      await expectAccessible(page, 'queue: phone, after a decision');

      await page.getByRole('link', { name: 'Avgjort av gruppen min' }).click();
      await expect.poll(() => h1(page)).toBe('Avgjort av gruppen min');
      await page.locator('tbody tr', { hasText: 'KMP203' }).waitFor();
      expect(await width()).toBeLessThanOrEqual(390);
      await expectAccessible(page, 'queue: phone, decided, Bokmål');
    } finally {
      // The language is kept for the next tabs (localStorage): back to English.
      await page.getByRole('button', { name: 'English' }).click();
      await page.close();
    }
  });

  it('with 500 waiting: the count, 20 at a time, most urgent first, and "show more" reads on from there', async () => {
    // One registration through the API, and 499 copies of it seeded straight into the table, each on its own day.
    const seed = await submit('BIG000', 'Big queue 0', 31);
    const client = new DynamoDBClient({ endpoint: system.dynamodbEndpoint, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const db = DynamoDBDocumentClient.from(client);
    try {
      const get = async (sk: string) =>
        (await db.send(new GetCommand({ TableName: system.tableName, Key: { pk: registrationPk(seed.id), sk } }))).Item as Record<string, unknown>;
      const meta = await get(META_SK);
      const approvals = [await get(approvalSk(1, 'IT')), await get(approvalSk(1, 'ED'))];
      const form = meta.form as Registration['form'];
      const items = Array.from({ length: 499 }, (_, i) => {
        const id = randomUUID();
        // An hour apart, so that every deadline differs and the order is known.
        const start = new Date(Date.parse(examStartIn(32)) + (i + 1) * 3_600_000).toISOString();
        const copy = {
          ...meta,
          pk: registrationPk(id),
          id,
          form: { ...form, course: { code: `BIG${String(i + 1).padStart(3, '0')}`, name: `Big queue ${i + 1}` }, exam: { ...form.exam, start } },
          derived: { ...(meta.derived as Registration['derived']), studentInfoDueBy: new Date(Date.parse(start) - 7 * 86_400_000).toISOString() },
          gsi1sk: timeSortKey(meta.createdAt as string, id),
          gsi3sk: timeSortKey(start, id),
        };
        // Each pending approval in its group's queue, with the queue facts of its registration (as the stores write it).
        return [
          copy,
          ...approvals.map((a) => ({
            ...a,
            pk: registrationPk(id),
            id,
            gsi4sk: timeSortKey(a.requestedAt as string, id),
            ...queueFacts(copy as unknown as RegistrationRecord),
          })),
        ];
      }).flat();
      await batchWriteAll(
        db,
        system.tableName,
        items.map((Item) => ({ PutRequest: { Item } })),
      );
    } finally {
      client.destroy();
    }

    const page = await newTab(browser);
    await openQueue(page, 'big');
    // Local mode reads and sorts 500 on one machine with the other tests: the first page may take a few seconds here.
    await expect.poll(() => page.locator('.queue-count').textContent(), { timeout: 30_000 }).toBe('500 waiting');
    expect(await page.locator('tr.queue-row').count()).toBe(20);
    // BIG000 is 31 days ahead, the copies 32 days and on, an hour apart: BIG000 first, then the copies in order.
    expect((await codes(page)).slice(0, 2)).toEqual(['BIG000', 'BIG001']);
    expect(await page.getByText('Showing 20 of 500').count()).toBe(1);
    await page.getByRole('button', { name: 'Show more' }).click();
    await expect.poll(() => page.locator('tr.queue-row').count(), { timeout: 30_000 }).toBe(40);
    const shown = await codes(page);
    expect(new Set(shown).size).toBe(40);
    expect(shown.slice(18, 22)).toEqual(['BIG018', 'BIG019', 'BIG020', 'BIG021']);
    await shot(page, 'queue-07-500-waiting');
    await expectAccessible(page, 'queue: 500 waiting');

    await search(page, 'BIG4');
    await expect.poll(() => page.locator('.queue-count').textContent(), { timeout: 30_000 }).toBe('100 waiting');
    expect((await codes(page)).slice(0, 2)).toEqual(['BIG400', 'BIG401']);
    await page.close();
  });

  it('raised no script error on any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
