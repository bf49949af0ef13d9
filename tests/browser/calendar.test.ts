import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../shared/rules/exam-rules';
import type { ApiClient } from '../support/api-client';
import { ED_APPROVER, IT_APPROVER, STAFF, examStartIn, midtermBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { decide, submitAndWaitForApprovers, waitForStatus } from '../support/workflow';
import { type Browser, axeCheck, focusedElement, focusedId, launchBrowser, newTab, openAs, pageErrors, shot } from './browser';

/**
 * The calendar pages in Chromium against local mode: the week and month views with the exams
 * as blocks, the load chart with an overbooked slot, subscribing to the feed and revoking it,
 * the people on duty per date, the capacity on the queue and the registration, in English and
 * Bokmål, on a 390 px phone, with the keyboard, and axe-core with no violation of any impact.
 * With SCREENSHOTS=1, screenshots go to test-artifacts/browser/calendar-*.png.
 */

let system: Awaited<ReturnType<typeof startTestSystem>>['system'];
let api: ApiClient;
let browser: Browser;
let base: string;

const TZ = 'Europe/Oslo';
/** The exams' day: IT has one person on duty, and an approved school exam of 100 candidates needs two. */
const START = examStartIn(30);
const DAY = localDate(START, TZ);
const NEXT_DAY = localDate(new Date(Date.parse(START) + 86_400_000), TZ);
const ids: Record<'approved' | 'pending', string> = { approved: '', pending: '' };

beforeAll(async () => {
  ({ system, api } = await startTestSystem());
  browser = await launchBrowser();
  base = system.url;
  const ctx = { system, api };
  const approved = await submitAndWaitForApprovers(
    ctx,
    STAFF,
    midtermBody({ course: { code: 'TMA4100', name: 'Calculus 1' }, exam: { type: 'school', start: START, durationMinutes: 180, candidates: 100 } } as never),
  );
  for (const [who, g] of [
    [IT_APPROVER, 'IT'],
    [ED_APPROVER, 'ED'],
  ] as const)
    expect((await decide(ctx, who, approved.id, g, 'approve')).status).toBe(200);
  await waitForStatus(ctx, STAFF, approved.id, 'APPROVED');
  const pending = await submitAndWaitForApprovers(
    ctx,
    STAFF,
    midtermBody({ course: { code: 'TDT4120', name: 'Algorithms' }, exam: { type: 'home', start: START, durationMinutes: 120, candidates: 120 } } as never),
  );
  ids.approved = approved.id;
  ids.pending = pending.id;
  expect((await api.request('PUT', `/calendar/staffing/IT/${DAY}`, { as: IT_APPROVER, body: { staffOnDuty: 1, comment: 'Training day' } })).status).toBe(200);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

/** axe-core with the WCAG 2.x A/AA rules and best practices: every violation, whatever its impact. */
const expectAccessible = async (page: Page) =>
  expect((await axeCheck(page, `calendar ${page.url()}`)).map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }))).toEqual([]);
const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const pageWidth = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
const exam = (page: Page, code: string) => page.locator('.cal-exam', { hasText: code });

describe('calendar pages in Chromium, against local mode', { timeout: 120_000 }, () => {
  it('an approver sees the week with the exams as blocks and IT’s overbooked slot in the load chart', async () => {
    const page = await newTab(browser);
    await openAs(page, `${base}/#/calendar/week/${DAY}`, 'IT');
    await expect.poll(() => h1(page)).toBe('Calendar');
    await exam(page, 'TMA4100').first().waitFor();
    expect(await exam(page, 'TMA4100').first().getAttribute('class')).toContain('cal-exam--approved');
    expect(await exam(page, 'TDT4120').first().getAttribute('class')).toContain('cal-exam--pending-approval');
    expect(await exam(page, 'TMA4100').first().textContent()).toContain('09:00–');
    // The chart and the words beside it: two people needed for the approved exam, one on duty.
    const chart = page.getByRole('img', { name: /IT department: load over the days shown/ });
    await chart.waitFor();
    expect(await page.locator('.cal-load__over').count()).toBeGreaterThan(0);
    expect(await page.locator('.cal-load__over-item').first().textContent()).toMatch(/09:00 – 12:\d\d: 2 needed, 1 on duty/);
    await shot(page, 'calendar-week-approver');
    await expectAccessible(page);

    // The block links to the registration, whose capacity says it plainly.
    await exam(page, 'TMA4100').first().getByRole('link').click();
    await expect.poll(() => h1(page)).toBe('TMA4100 Calculus 1');
    expect(await page.locator('.capacity__item--over').textContent()).toContain('Overbooked');
    await shot(page, 'calendar-detail-capacity');
    await expectAccessible(page);
    await page.close();
  });

  it('the month view, and the queue shows the capacity of what waits', async () => {
    const page = await newTab(browser);
    await openAs(page, `${base}/#/calendar/month/${DAY}`, 'IT');
    await expect.poll(() => h1(page)).toBe('Calendar');
    await exam(page, 'TDT4120').first().waitFor();
    expect(await page.locator('.cal-days--month > li').count()).toBeGreaterThanOrEqual(28);
    await shot(page, 'calendar-month-approver');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Approval queue' }).click();
    const row = page.locator('tr.queue-row', { hasText: 'TDT4120' });
    await row.waitFor();
    expect(await row.locator('.queue-load__item').textContent()).toBe('IT department: overbooked, 3 needed, 1 on duty');
    expect(await row.locator('.queue-load__item').getAttribute('class')).toContain('queue-load__item--over');
    await shot(page, 'calendar-queue-capacity');
    await expectAccessible(page);
    await page.close();
  });

  it('staff see their own exams, no load; they subscribe, the link serves the feed, and revoking ends it', async () => {
    const page = await newTab(browser);
    await openAs(page, `${base}/#/calendar/week/${DAY}`, 'staff');
    await expect.poll(() => h1(page)).toBe('Calendar');
    await exam(page, 'TMA4100').first().waitFor();
    expect(await page.getByRole('heading', { name: 'Load against people on duty' }).count()).toBe(0);

    await page.getByLabel(/Name of the subscription/).fill('Work phone');
    await page.getByRole('button', { name: 'Create a subscription link' }).click();
    const url = page.getByLabel('Subscription link');
    await url.waitFor();
    await expect.poll(() => focusedId(page)).toBe('feed-url');
    const feedUrl = await url.inputValue();
    expect(feedUrl).toMatch(new RegExp(`^${base}/calendar/ics/[A-Za-z0-9_-]{43}$`));
    const feed = await fetch(feedUrl);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(await feed.text()).toContain(`UID:${ids.approved}@exam-forms`);
    await page.locator('.cal-feeds li', { hasText: 'Work phone' }).waitFor();
    await shot(page, 'calendar-subscribe-staff');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Revoke Work phone' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('The subscription Work phone is revoked');
    expect((await fetch(feedUrl)).status).toBe(404);
    await page.close();
  });

  it('an approver sets the people on duty for a date; the table shows it', async () => {
    const page = await newTab(browser);
    await openAs(page, `${base}/#/staffing/IT`, 'IT');
    await expect.poll(() => h1(page)).toBe('People on duty: IT department');
    const row = page.locator('tr', {
      hasText: new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${DAY}T12:00:00Z`)),
    });
    // The exams' day is a month or more ahead: page on to the dates that hold it.
    await page.locator('table.cal-staffing').waitFor();
    for (let i = 0; i < 6 && (await row.count()) === 0; i++) {
      const before = await page.locator('h2[aria-live]').textContent();
      await page.getByRole('button', { name: 'Later dates' }).click();
      await expect.poll(() => page.locator('h2[aria-live]').textContent()).not.toBe(before);
    }
    await expect.poll(() => row.first().textContent()).toContain('Overbooked');
    await shot(page, 'calendar-staffing-approver');
    await expectAccessible(page);

    await page.getByLabel('Date', { exact: true }).fill(NEXT_DAY);
    await page.getByLabel('People on duty', { exact: true }).fill('3');
    await page.getByLabel(/Comment/).fill('Extra cover');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('IT department has 3 on duty');
    const cal = await api.request('GET', `/calendar?from=${NEXT_DAY}&to=${NEXT_DAY}`, { as: IT_APPROVER });
    expect(cal.body.load.map((s: { staffOnDuty: number }) => s.staffOnDuty)).toEqual([3]);
    await page.close();
  });

  it('speaks Bokmål on every calendar page', async () => {
    const page = await newTab(browser);
    await openAs(page, `${base}/#/calendar/week/${DAY}`, 'IT');
    await page.getByRole('button', { name: 'Norsk' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('nb');
    await expect.poll(() => h1(page)).toBe('Kalender');
    await page.getByRole('heading', { name: 'Belastning mot folk på vakt' }).waitFor();
    expect(await page.locator('.cal-load__over-item').first().textContent()).toMatch(/2 trengs, 1 på vakt/);
    await shot(page, 'calendar-week-approver-nb');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Måned' }).click();
    await page.locator('.cal-days--month').waitFor();
    await shot(page, 'calendar-month-approver-nb');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Folk på vakt per dato' }).click();
    await expect.poll(() => h1(page)).toBe('Folk på vakt: IT-avdelingen');
    await shot(page, 'calendar-staffing-approver-nb');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'English' }).click();
    await page.close();
  });

  it('fits a 390 px phone: no sideways scrolling on the week, the month and the people on duty', async () => {
    const page = await newTab(browser);
    await page.setViewportSize({ width: 390, height: 844 });
    await openAs(page, `${base}/#/calendar/week/${DAY}`, 'IT');
    await exam(page, 'TMA4100').first().waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await shot(page, 'calendar-phone-week');
    await expectAccessible(page);
    await page.goto(`${base}/#/calendar/month/${DAY}`);
    await page.locator('.cal-days--month').waitFor();
    await exam(page, 'TMA4100').first().waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    // On a phone a month lists only the days with exams.
    expect(await page.locator('.cal-day--empty').first().isVisible()).toBe(false);
    await shot(page, 'calendar-phone-month');
    await expectAccessible(page);
    await page.goto(`${base}/#/staffing/IT`);
    await expect.poll(() => h1(page)).toBe('People on duty: IT department');
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await shot(page, 'calendar-phone-staffing');
    await expectAccessible(page);
    await page.close();
  });

  it('works with the keyboard: the main menu, the next week, creating a link and copying it', async () => {
    const page = await newTab(browser);
    await openAs(page, `${base}/#/queue`, 'staff');
    await page.goto(`${base}/#/mine`);
    await expect.poll(() => h1(page)).toBe('My registrations');
    // The new page moves the focus to its title once it has rendered (PageHeading); wait for
    // that, or it lands in the middle of the tabbing below and starts it again past the menu.
    await expect.poll(() => focusedElement(page)).toEqual({ tag: 'H1', text: 'My registrations' });
    // Tab from the top of the page to the calendar in the main menu.
    await page.locator('body').focus();
    let reached = false;
    for (let i = 0; i < 15 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(
        () => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent === 'Calendar',
      );
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => h1(page)).toBe('Calendar');
    const range = await page.locator('.cal-range').textContent();
    await page.getByRole('link', { name: 'Next week' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.cal-range').textContent()).not.toBe(range);

    await page.getByRole('button', { name: 'Create a subscription link' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toBe('feed-url');
    await page.keyboard.press('Tab');
    await expect.poll(async () => (await focusedElement(page)).text).toBe('Copy link');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.notice').first().textContent()).toMatch(/The link is copied|Could not copy/);
    await page.close();
  });

  it('raised no script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
