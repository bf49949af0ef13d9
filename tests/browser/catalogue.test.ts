import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api-client';
import { IT_APPROVER, STAFF, catalogueEntryBody, softwareBody, webServiceEntryBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { submitAndWaitForApprovers } from '../support/workflow';
import { type Browser, axeCheck, ensureWebBuilt, launchBrowser, newTab, openAs, shot } from './browser';

/**
 * The software catalogue page in Chromium against local mode: staff search it, IT adds an entry
 * (bad patterns named at their field first), in English and Bokmål, on a 390 px phone, and
 * axe-core with no violation of any impact. Screenshots go to test-artifacts/browser/catalogue-*.png.
 */

let system: Awaited<ReturnType<typeof startTestSystem>>['system'];
let api: ApiClient;
let browser: Browser;
let base: string;

beforeAll(async () => {
  await ensureWebBuilt();
  ({ system, api } = await startTestSystem());
  browser = await launchBrowser();
  base = system.url;
  for (const name of ['Stata', 'SPSS'])
    expect((await api.request('POST', '/catalogue', { as: IT_APPROVER, body: catalogueEntryBody({ name, vendor: `${name} Inc` }) })).status).toBe(201);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

const expectAccessible = async (page: Page) =>
  expect((await axeCheck(page, `catalogue ${page.url()}`)).map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }))).toEqual(
    [],
  );
const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const entries = (page: Page) => page.locator('.catalogue-entry h3').allTextContents();
const pageWidth = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);

describe('software catalogue page in Chromium, against local mode', { timeout: 120_000 }, () => {
  it('staff search the catalogue; they cannot add to it', async () => {
    const page = await newTab(browser);
    await openAs(page, `${base}/#/catalogue`, 'staff');
    await expect.poll(() => h1(page)).toBe('Software catalogue');
    await expect.poll(() => entries(page)).toEqual(expect.arrayContaining(['Stata R2024b', 'SPSS R2024b']));
    await page.getByLabel('Search by name, version or vendor').fill('stata inc');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => entries(page)).toEqual(['Stata R2024b']);
    expect(await page.getByRole('heading', { name: 'Add an entry' }).count()).toBe(0);
    await shot(page, 'catalogue-staff');
    await expectAccessible(page);
    await page.close();
  });

  it('IT adds a web service; a bad pattern is named at its field first, in English and Bokmål', async () => {
    const page = await newTab(browser);
    await openAs(page, `${base}/#/catalogue`, 'IT');
    await expect.poll(() => h1(page)).toBe('Software catalogue');
    await page.getByLabel('Name', { exact: true }).fill('Lovdata Pro');
    await page.getByLabel('Kind').selectOption('web-service');
    await page.getByRole('checkbox', { name: 'Web browser' }).check();
    await page.getByLabel('Address (optional)').fill('https://lovdata.no/pro');
    await page.getByLabel('Licence', { exact: true }).selectOption('campus');
    await page.getByLabel('Install-and-test instructions in English').fill('Sign in with your university account.');
    await page.getByLabel('Install-and-test instructions in Bokmål').fill('Logg inn med universitetskontoen din.');
    await page.getByLabel(/Addresses Safe Exam Browser must allow/).fill('https://lovdata.no/*\nnot a pattern');
    await page.getByRole('button', { name: 'Add to the catalogue' }).click();
    await page.getByText('Correct the marked fields.').waitFor();
    expect(await page.locator('.field-error').allTextContents()).toEqual([expect.stringContaining('Must be an address pattern such as https://*.lovdata.no/*')]);
    await shot(page, 'catalogue-it-error');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Norsk' }).click();
    await expect.poll(() => h1(page)).toBe('Programvarekatalog');
    expect(await page.locator('.field-error').textContent()).toContain('Må være et adressemønster');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'English' }).click();

    await page.getByLabel(/Addresses Safe Exam Browser must allow/).fill('https://lovdata.no/*\nhttps://*.lovdata.no/*');
    await page.getByRole('button', { name: 'Add to the catalogue' }).click();
    await page.getByText('Lovdata Pro was added to the catalogue.').waitFor();
    await expect.poll(() => entries(page)).toEqual(expect.arrayContaining(['Lovdata Pro']));
    const stored = (await api.request('GET', '/catalogue?q=lovdata', { as: IT_APPROVER })).body.items;
    expect(stored.map((e: { name: string; sebUrlPatterns: string[]; platforms: string[] }) => [e.name, e.sebUrlPatterns, e.platforms])).toEqual([
      ['Lovdata Pro', ['https://lovdata.no/*', 'https://*.lovdata.no/*'], ['web']],
    ]);
    await shot(page, 'catalogue-it-added');
    await expectAccessible(page);
    await page.close();
  });

  it('IT sees the seats run out and the allow-list on a request from the catalogue, and records a failed rehearsal', async () => {
    const entry = (
      await api.request('POST', '/catalogue', { as: IT_APPROVER, body: webServiceEntryBody({ name: 'Maple Cloud', licence: { kind: 'campus', seats: 10 } }) })
    ).body;
    const r = await submitAndWaitForApprovers(
      { api },
      STAFF,
      softwareBody({ software: [{ name: 'x', licence: 'other', platforms: ['web'], catalogue: { entryId: entry.id, revision: 1 } }] }),
    );
    const page = await newTab(browser);
    await openAs(page, `${base}/#/registrations/${r.id}`, 'IT');
    await page.getByRole('heading', { name: 'Software set-up' }).waitFor();
    expect(await page.locator('.software-setup').textContent()).toContain('Not enough seats: Maple Cloud has 10 licence seats; with this exam 80 candidates');
    expect(await page.locator('.software-setup__allow li').allTextContents()).toEqual(['https://lovdata.no/*', 'https://*.lovdata.no/*']);
    await page.getByRole('radio', { name: 'Failed' }).check();
    await page.getByLabel('Rehearsal comment').fill('The web service blocks the exam network');
    await page.getByRole('button', { name: 'Record the rehearsal' }).click();
    await page.getByText('The rehearsal failed: fix the set-up and rehearse it again before the exam.').waitFor();
    await shot(page, 'catalogue-registration-setup');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Norsk' }).click();
    await page.getByRole('heading', { name: 'Programvareoppsett' }).waitFor();
    expect(await page.locator('.software-setup').textContent()).toContain('Generalprøven feilet');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'English' }).click();
    await page.close();
  });

  it('fits a 390 px phone', async () => {
    const page = await newTab(browser);
    await page.setViewportSize({ width: 390, height: 844 });
    await openAs(page, `${base}/#/catalogue`, 'IT');
    await expect.poll(() => h1(page)).toBe('Software catalogue');
    await page.locator('.catalogue-entry').first().waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await shot(page, 'catalogue-phone');
    await expectAccessible(page);
    await page.close();
  });
});
