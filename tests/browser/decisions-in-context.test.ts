import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { ED_APPROVER, IT_APPROVER, STAFF, midtermBody } from '../support/fixtures';
import { decide, linkIdIn, mailsAbout, waitForStatus } from '../support/workflow';
import { type Browser, axeCheck, newTab, openAs, pageErrors, shot, startBrowserSystem } from './browser';

/**
 * Issue 19 in Chromium, against local mode: decisions with context (item 4: what a
 * resubmission changed, on the detail page and the e-mail link page), who decided from the
 * e-mail link (item 5), resubmitting (item 7: the approvers' request, the kept approval a change
 * undoes) and software for an exam (item 8: filled in from the registration, an identical
 * pending request pointed out, errors named by program). Both languages, a 390 px phone, axe on
 * every new state. Screenshots go beside the others, named context-*.
 */

let env: Awaited<ReturnType<typeof startBrowserSystem>>;
let api: ApiClient;
let browser: Browser;
let base: string;

beforeAll(async () => {
  env = await startBrowserSystem();
  ({ api, browser, base } = env);
}, 180_000);

afterAll(async () => env?.stop());

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const expectAccessible = async (page: Page, label: string) => expect(await axeCheck(page, label)).toEqual([]);
const region = (page: Page, name: string | RegExp) => page.getByRole('region', { name });
const pageWidth = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
const rowsOf = (page: Page, name: string) =>
  region(page, name)
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => (r as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim()));
const inLanguage = async (page: Page, button: 'Norsk' | 'English', lang: 'nb' | 'en') => {
  await page.getByRole('button', { name: button }).click();
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang))
    .toBe(lang);
};

/** Submitted, IT approved, ED asked for changes: the owner now resubmits. */
const givenChangesRequested = async (code: string, name: string, comment = 'A bigger room, please') => {
  const res = await api.request('POST', '/registrations', { as: STAFF, body: midtermBody({ course: { code, name } }) });
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  await ApiClient.eventually(async () => (await decide({ api }, IT_APPROVER, id, 'IT', 'approve')).status === 200, 15_000, 'IT approval');
  expect((await decide({ api }, ED_APPROVER, id, 'ED', 'request-changes', comment)).status).toBe(200);
  return waitForStatus({ api }, STAFF, id, 'CHANGES_REQUESTED');
};

describe('decisions in context, in Chromium against local mode', { timeout: 180_000 }, () => {
  it('item 4 and 5: round 2 shows what changed; from the e-mail link the page says who the decision is recorded as, and records the signed-in member', async () => {
    const sent = await givenChangesRequested('TDT4140', 'Software engineering');
    const form = { ...sent.form, exam: { ...sent.form.exam, candidates: 150 }, notes: 'Room R1 booked' };
    expect((await api.request('PUT', `/registrations/${sent.id}`, { as: STAFF, body: form })).status).toBe(200);
    const mails = async () => (await mailsAbout({ api }, sent.id)).filter((m) => m.subject.startsWith('[ED] Decision wanted'));
    // Up to 30 s: in one whole run on two busy cores this mail took longer than 15 s.
    await ApiClient.eventually(async () => (await mails()).length === 2, 30_000, 'the round-2 e-mail to ED');
    const linkId = linkIdIn((await mails())[1]?.text ?? '') as string;

    // The detail page, for an ED approver.
    const detail = await newTab(browser);
    await openAs(detail, `${base}/#/registrations/${encodeURIComponent(sent.id)}`, 'ED');
    await expect.poll(() => h1(detail)).toBe('TDT4140 Software engineering');
    await expect
      .poll(() => rowsOf(detail, 'Changed since round 1'))
      .toEqual(['Expected number of candidates 120 150', 'Notes for the approvers None Room R1 booked']);
    await shot(detail, 'context-01-detail-changes');
    await expectAccessible(detail, 'context: detail page, changes since round 1');
    await inLanguage(detail, 'Norsk', 'nb');
    try {
      await expect
        .poll(() => rowsOf(detail, 'Endret siden runde 1'))
        .toEqual(['Forventet antall kandidater 120 150', 'Merknader til godkjennerne Ingen Room R1 booked']);
      await shot(detail, 'context-02-detail-changes-nb');
      await expectAccessible(detail, 'context: detail page, changes, Norwegian');
    } finally {
      await inLanguage(detail, 'English', 'en');
      await detail.close();
    }

    // The e-mail link, opened without signing in: the mailbox is named, and the changes shown.
    const page = await newTab(browser);
    await page.goto(`${base}/#/confirm/${linkId}`);
    await expect.poll(() => h1(page)).toBe('Confirm a decision');
    const recordedAs = page.getByTestId('recorded-as');
    await expect
      .poll(() => recordedAs.textContent())
      .toContain('You are not signed in: the decision is recorded as made through the link sent to ed-approvers@example.edu.');
    await expect.poll(async () => (await rowsOf(page, 'Changed since round 1')).length).toBe(2);
    await shot(page, 'context-03-link-not-signed-in');
    await expectAccessible(page, 'context: e-mail link page, not signed in');

    // Signing in from the page comes back to it, and the decision is then in the approver's name.
    await recordedAs.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Eva ED, Education Division approver').check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => h1(page)).toBe('Confirm a decision');
    await expect
      .poll(() => recordedAs.textContent())
      .toBe('You are signed in as Eva ED, a member of Education Division (ED): your decision is recorded in your name.');
    await shot(page, 'context-04-link-signed-in');
    await expectAccessible(page, 'context: e-mail link page, signed in');
    await page.getByLabel('Comment').fill('Room R1 is fine');
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Your decision has been recorded: Approved.');
    const after = (await api.request('GET', `/registrations/${sent.id}`, { as: STAFF })).body;
    expect(after.approvals.find((a: { group: string }) => a.group === 'ED').decidedBy).toEqual({
      sub: ED_APPROVER.sub,
      email: ED_APPROVER.email,
      name: ED_APPROVER.name,
    });
    await page.close();
  });

  it('item 5: signed in outside the link’s group, the page says the mailbox is recorded, in Bokmål too', async () => {
    const res = await api.request('POST', '/registrations', { as: STAFF, body: midtermBody({ course: { code: 'TDT4145', name: 'Data modelling' } }) });
    const id = res.body.id as string;
    const itMail = async () => (await mailsAbout({ api }, id)).find((m) => m.subject.startsWith('[IT] Decision wanted'));
    await ApiClient.eventually(async () => (await itMail()) !== undefined, 15_000, 'the e-mail to IT');
    const linkId = linkIdIn((await itMail())?.text ?? '') as string;
    const page = await newTab(browser);
    await openAs(page, `${base}/#/queue`, 'ED');
    await page.goto(`${base}/#/confirm/${linkId}`);
    await expect.poll(() => h1(page)).toBe('Confirm a decision');
    expect(await page.getByTestId('recorded-as').textContent()).toBe(
      'You are signed in as Eva ED, who is not a member of IT department: the decision is recorded as made through the link sent to it-approvers@example.edu.',
    );
    await inLanguage(page, 'Norsk', 'nb');
    try {
      expect(await page.getByTestId('recorded-as').textContent()).toBe(
        'Du er logget inn som Eva ED, som ikke er medlem av IT-avdelingen: beslutningen registreres som tatt via lenken sendt til it-approvers@example.edu.',
      );
      await shot(page, 'context-05-link-not-member-nb');
      await expectAccessible(page, 'context: e-mail link page, not a member, Norwegian');
    } finally {
      await inLanguage(page, 'English', 'en');
      await page.close();
    }
  });

  it('item 7: the resubmit form shows the approvers’ request, and warns when a change undoes a kept approval (on a phone, both languages)', async () => {
    const sent = await givenChangesRequested('TDT4160', 'Computers and digital design', 'Move it to a larger room');
    const page = await newTab(browser);
    await page.setViewportSize({ width: 390, height: 844 });
    await openAs(page, `${base}/#/registrations/${encodeURIComponent(sent.id)}/edit`, 'staff');
    await expect.poll(() => h1(page)).toBe('Change and resubmit TDT4160');
    const request = await region(page, 'What the approvers asked for').textContent();
    expect(request).toContain('Education Division (ED) asked for changes (Eva ED');
    expect(request).toContain('Move it to a larger room');
    const kept = region(page, 'Approvals already given');
    expect(await kept.textContent()).toContain('IT department has approved. The approval is kept as long as you do not change:');

    await page.getByLabel('Notes for the approvers', { exact: false }).fill('Room R2');
    expect(await kept.getByRole('alert').count()).toBe(0);
    await page.getByLabel('Expected number of candidates').fill('150');
    await expect
      .poll(() => kept.getByRole('alert').textContent())
      .toBe('Your changes to the exam (type, start, duration, candidates) undo the approval of IT department: IT department will be asked again.');
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await shot(page, 'context-06-resubmit-phone');
    await expectAccessible(page, 'context: resubmit form, phone');

    await inLanguage(page, 'Norsk', 'nb');
    try {
      expect(await region(page, 'Dette ba godkjennerne om').textContent()).toContain('Utdanningsavdelingen (UA) ba om endringer');
      expect(await region(page, 'Godkjenninger som er gitt').getByRole('alert').textContent()).toBe(
        'Endringene dine i eksamen (type, start, varighet, kandidater) opphever godkjenningen fra IT-avdelingen: IT-avdelingen blir spurt på nytt.',
      );
      await shot(page, 'context-07-resubmit-phone-nb');
      await expectAccessible(page, 'context: resubmit form, phone, Norwegian');
    } finally {
      await inLanguage(page, 'English', 'en');
    }
    // Putting the number back keeps IT's approval again: the server agrees.
    await page.getByLabel('Expected number of candidates').fill('120');
    await expect.poll(() => kept.getByRole('alert').count()).toBe(0);
    await page.getByRole('button', { name: 'Resubmit' }).click();
    await expect.poll(() => h1(page)).toBe('TDT4160 Computers and digital design');
    const after = (await api.request('GET', `/registrations/${sent.id}`, { as: STAFF })).body;
    expect(after.approvals.find((a: { group: string }) => a.group === 'IT').state).toBe('APPROVED');
    await page.close();
  });

  it('item 8: software for this exam is filled in from the registration; errors name their program; an identical pending request is pointed out first', async () => {
    const res = await api.request('POST', '/registrations', { as: STAFF, body: midtermBody({ course: { code: 'TMA4100', name: 'Calculus 1' } }) });
    const id = res.body.id as string;
    const page = await newTab(browser);
    await openAs(page, `${base}/#/registrations/${encodeURIComponent(id)}`, 'staff');
    await expect.poll(() => h1(page)).toBe('TMA4100 Calculus 1');

    const requestSoftware = async () => {
      await page.goto(`${base}/#/registrations/${encodeURIComponent(id)}`);
      await expect.poll(() => h1(page)).toBe('TMA4100 Calculus 1');
      // The page before may be another registration of the same course: wait for this one's link.
      const link = page.getByRole('link', { name: 'Request software for this exam' });
      await expect.poll(() => link.getAttribute('href')).toBe(`#/new/software/for/${encodeURIComponent(id)}`);
      await link.click();
      await expect.poll(() => h1(page)).toBe('Request software for TMA4100');
      expect(await page.locator('#f-course-code').inputValue()).toBe('TMA4100');
      expect(await page.locator('#f-exam-candidates').inputValue()).toBe('120');
      expect(await page.locator('#f-questionSet-uploadAssignments').inputValue()).toBe('1');
    };
    const program = async (i: number, name: string, platform: string | null) => {
      await page.locator(`#f-software-${i}-name`).fill(name);
      await page.locator(`#f-software-${i}-licence`).selectOption('campus');
      if (platform) await page.locator(`#f-software-${i}-platforms`).getByLabel(platform).check();
    };

    await requestSoftware();
    await shot(page, 'context-08-software-for-exam');
    await expectAccessible(page, 'context: software for this exam, filled in');
    await program(0, 'MATLAB', 'Windows');
    await page.getByRole('button', { name: 'Add a program' }).click();
    await program(1, 'R', null);
    await page.getByRole('button', { name: 'Submit registration' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.locator('li').allTextContents()).toEqual(['Program 2: Name at least one platform']);
    await shot(page, 'context-09-software-errors-by-program');
    await expectAccessible(page, 'context: software errors by program');
    await inLanguage(page, 'Norsk', 'nb');
    try {
      expect(await summary.locator('li').allTextContents()).toEqual(['Program 2: Velg minst én plattform']);
      await expectAccessible(page, 'context: software errors by program, Norwegian');
    } finally {
      await inLanguage(page, 'English', 'en');
    }
    await page.locator('#f-software-1-platforms').getByLabel('Linux').check();
    await page.getByRole('button', { name: 'Submit registration' }).click();
    await expect.poll(() => h1(page)).toBe('TMA4100 Calculus 1');
    const first = page.url();

    // The same programs again for the same exam: pointed out, and not sent until the teacher chooses to.
    await requestSoftware();
    await program(0, 'R', 'Linux');
    await page.getByRole('button', { name: 'Add a program' }).click();
    await program(1, 'matlab', 'Windows');
    const duplicate = page.getByTestId('duplicate-request');
    await expect.poll(() => duplicate.textContent()).toMatch(/^You already have a request pending for the same course, exam and programs: TMA4100, submitted /);
    const before = (await api.request('GET', '/registrations?view=mine&kind=software', { as: STAFF })).body.items.length;
    await page.getByRole('button', { name: 'Submit registration' }).click();
    await expect
      .poll(() =>
        page.evaluate(() => (globalThis as unknown as { document: { activeElement: { dataset: { testid?: string } } } }).document.activeElement.dataset.testid),
      )
      .toBe('duplicate-request');
    expect((await api.request('GET', '/registrations?view=mine&kind=software', { as: STAFF })).body.items.length).toBe(before);
    await shot(page, 'context-10-duplicate-pending');
    await expectAccessible(page, 'context: identical request pending');
    await inLanguage(page, 'Norsk', 'nb');
    try {
      expect(await duplicate.textContent()).toContain('Du har allerede en forespørsel som venter for samme emne, eksamen og programmer');
      await expectAccessible(page, 'context: identical request pending, Norwegian');
    } finally {
      await inLanguage(page, 'English', 'en');
    }
    // The link leads to the pending one; choosing to send a second one sends it.
    expect(await duplicate.getByRole('link').getAttribute('href')).toBe(`#/registrations/${new URL(first).hash.split('/')[2]}`);
    await duplicate.getByLabel('Send a second request anyway').check();
    await page.getByRole('button', { name: 'Submit registration' }).click();
    await expect.poll(() => h1(page)).toBe('TMA4100 Calculus 1');
    expect((await api.request('GET', '/registrations?view=mine&kind=software', { as: STAFF })).body.items.length).toBe(before + 1);
    // The server says so too, for the teacher and the approvers.
    expect(await page.locator('main').textContent()).toContain('An identical request for this exam (the same course, start and programs) is already pending.');
    await page.close();
  });

  it('raised no script error on any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
