import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api-client';
import { IT_APPROVER, STAFF, catalogueEntryBody, examStartIn, softwareBody, webServiceEntryBody } from '../support/fixtures';
import { submitAndWaitForApprovers } from '../support/workflow';
import { type Browser, axeCheck, localInput, newTab, openAs, shot, startBrowserSystem } from './browser';

/**
 * The software catalogue page in Chromium against local mode: staff search it, IT adds an entry
 * (bad patterns named at their field first), in English and Bokmål, on a 390 px phone, and
 * axe-core with no violation of any impact. Then the picker in the software form: a teacher
 * adds an entry and a program typed by hand, and a retired entry is refused at its program. With SCREENSHOTS=1, screenshots go to test-artifacts/browser/catalogue-*.png.
 */

let stop: () => Promise<void> = async () => undefined;
let api: ApiClient;
let browser: Browser;
let base: string;

beforeAll(async () => {
  ({ api, browser, base, stop } = await startBrowserSystem());
  for (const name of ['Stata', 'SPSS'])
    expect((await api.request('POST', '/catalogue', { as: IT_APPROVER, body: catalogueEntryBody({ name, vendor: `${name} Inc` }) })).status).toBe(201);
}, 180_000);

afterAll(() => stop());

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

    // The failure is flagged where IT and the teacher look: the queue's row and the teacher's list.
    const queue = await newTab(browser);
    await openAs(queue, `${base}/#/queue`, 'IT');
    const row = queue.locator(`#row-${r.id}`);
    await expect.poll(() => row.locator('.badge--rehearsal-failed').textContent()).toBe('Rehearsal failed');
    await expectAccessible(queue);
    await queue.getByRole('button', { name: 'Norsk' }).click();
    await expect.poll(() => row.locator('.badge--rehearsal-failed').textContent()).toBe('Generalprøven feilet');
    await queue.getByRole('button', { name: 'English' }).click();
    await queue.close();
    const mine = await newTab(browser);
    await openAs(mine, `${base}/#/mine`, 'staff');
    const card = mine.locator('li.card', { has: mine.locator(`a[href$="${r.id}"]`) });
    await expect.poll(() => card.locator('.badge--rehearsal-failed').textContent()).toBe('Rehearsal failed');
    await shot(mine, 'catalogue-mine-rehearsal-badge');
    await expectAccessible(mine);
    await mine.close();
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

/** The software form's course, contact and exam parts, filled in as a teacher would. */
const fillSoftwareExam = async (page: Page, code: string) => {
  await page.getByLabel('Course code').fill(code);
  await page.getByLabel('Course name').fill('Numerical methods');
  await page.getByLabel('Department').fill('IMF');
  await page.getByLabel('Written school exam on campus (Safe Exam Browser)').check();
  await page.getByLabel('Start', { exact: true }).fill(localInput(examStartIn(60)));
  await page.getByLabel('Duration', { exact: true }).fill('240');
  await page.getByLabel('Expected number of candidates').fill('80');
  await page.getByLabel('Number of upload assignments').fill('1');
};
const searchCatalogue = (page: Page, q: string) => page.getByLabel('Search the catalogue').fill(q);
const createEntry = async (body: Record<string, unknown>) => {
  const res = await api.request('POST', '/catalogue', { as: IT_APPROVER, body: catalogueEntryBody(body) });
  expect(res.status).toBe(201);
  return res.body as { id: string; revision: number; name: string };
};

describe('the catalogue picker in the software form, in Chromium against local mode', { timeout: 120_000 }, () => {
  it('a teacher adds a catalogue entry and a program typed by hand; the registration keeps the entry and revision', async () => {
    const entry = await createEntry({ name: 'Maple Solver', version: '2025', vendor: 'Maplesoft', platforms: ['windows', 'linux'] });
    const page = await newTab(browser);
    await openAs(page, `${base}/#/new/software`, 'staff');
    await expect.poll(() => h1(page)).toBe('Request software for an exam');
    await fillSoftwareExam(page, 'TMA4215');

    await searchCatalogue(page, 'no such program anywhere');
    await page.getByText('Nothing in the catalogue matches “no such program anywhere”.', { exact: false }).waitFor();
    await expectAccessible(page);
    await searchCatalogue(page, 'maple sol');
    const option = page.getByRole('option', { name: /^Maple Solver 2025/ });
    await option.waitFor();
    expect(await page.getByRole('listbox', { name: 'Catalogue entries' }).getByRole('option').allTextContents()).toEqual([
      expect.stringContaining('Maplesoft · Windows, Linux'),
    ]);
    await option.click();
    const linked = page.getByTestId('catalogue-program');
    await linked.waitFor();
    expect(await linked.textContent()).toContain('From the catalogue, revision 1');
    expect(await linked.textContent()).toContain('Windows, Linux');
    // Opened again, the list says the entry is in the form already.
    await page.getByLabel('Search the catalogue').click();
    await expect.poll(() => option.getAttribute('aria-disabled')).toBe('true');
    expect(await option.textContent()).toContain('Added');
    await page.getByLabel('Search the catalogue').press('Escape');
    expect(await page.locator('#f-software-0-name').count()).toBe(0); // read-only: no input for what the entry says

    await page.getByRole('button', { name: 'Add a program' }).click();
    await page.locator('#f-software-1-name').fill('Own plotting tool');
    await page.locator('#f-software-1-licence').selectOption('free');
    await page.locator('#f-software-1-platforms-windows').check();
    await shot(page, 'catalogue-picker-form');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Norsk' }).click();
    await expect.poll(() => linked.textContent()).toContain('Fra katalogen, versjon 1');
    expect(await page.getByLabel('Søk i katalogen').count()).toBe(1);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'English' }).click();

    await page.getByRole('button', { name: 'Submit registration' }).click();
    await page.waitForURL((u) => /^#\/registrations\/[^/]+$/.test(u.hash));
    const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2] as string);
    const stored = (await api.request('GET', `/registrations/${id}`, { as: STAFF })).body;
    expect(stored.form.software).toEqual([
      expect.objectContaining({ name: 'Maple Solver', version: '2025', platforms: ['windows', 'linux'], catalogue: { entryId: entry.id, revision: 1 } }),
      expect.not.objectContaining({ catalogue: expect.anything() }),
    ]);
    expect(stored.form.software[1]).toMatchObject({ name: 'Own plotting tool', licence: 'free', platforms: ['windows'] });
    await page.close();
  });

  it('an entry retired while the form is open is refused at its program; typing it by hand instead goes through', async () => {
    const entry = await createEntry({ name: 'Sunset Stats', version: '3' });
    const page = await newTab(browser);
    await page.setViewportSize({ width: 390, height: 844 });
    await openAs(page, `${base}/#/new/software`, 'staff');
    await fillSoftwareExam(page, 'ST1201');
    await searchCatalogue(page, 'sunset');
    await page.getByRole('option', { name: /^Sunset Stats 3/ }).click();
    await page.getByTestId('catalogue-program').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    const retired = await api.request('POST', `/catalogue/${entry.id}/retire`, { as: IT_APPROVER, body: { basedOnRevision: 1, comment: 'Licence ended' } });
    expect(retired.status).toBe(200);

    await page.getByRole('button', { name: 'Submit registration' }).click();
    const error = page.locator('#f-software-0-catalogue-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('Error: This catalogue entry is retired; pick another or type the program by hand');
    expect(page.url()).toContain('#/new/software');
    await shot(page, 'catalogue-picker-retired-phone');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Norsk' }).click();
    await expect.poll(() => error.textContent()).toMatch(/^Feil: /);
    await page.getByRole('button', { name: 'English' }).click();

    await page.getByRole('button', { name: 'Type it by hand instead' }).click();
    expect(await page.locator('#f-software-0-name').inputValue()).toBe('Sunset Stats');
    await page.getByRole('button', { name: 'Submit registration' }).click();
    await page.waitForURL((u) => /^#\/registrations\/[^/]+$/.test(u.hash));
    const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2] as string);
    const stored = (await api.request('GET', `/registrations/${id}`, { as: STAFF })).body;
    expect(stored.form.software).toEqual([expect.objectContaining({ name: 'Sunset Stats', version: '3' })]);
    expect(stored.form.software[0].catalogue).toBeUndefined();
    await page.close();
  });
});
