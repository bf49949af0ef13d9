import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { STAFF, examStartIn, midtermBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { startFakeIssuer } from './fake-issuer';
import { type Browser, axeCheck, focusedElement, focusedId, launchBrowser, localInput, newTab, openAs, pageErrors, shot } from './browser';

/**
 * The web front end in Chromium against local mode: the user journeys of staff and approvers,
 * refused forms, the e-mail confirmation page, Norwegian, a phone-sized screen, the keyboard,
 * and axe-core on every page. With SCREENSHOTS=1, screenshots go to test-artifacts/browser/.
 */

/** The API in this file requires 30 days' notice; the app learns it from /config.json. */
const LEAD_DAYS = 30;
const DAY = 24 * 3600 * 1000;

let system: Awaited<ReturnType<typeof startTestSystem>>['system'];
let api: ApiClient;
let browser: Browser;
let base: string;
let issuer: Awaited<ReturnType<typeof startFakeIssuer>>;

beforeAll(async () => {
  issuer = await startFakeIssuer({
    clientId: 'exam-forms',
    // The local API verifies dev tokens, so the issuer hands out one: the browser side is what is under test.
    accessToken: () => system.auth.issue({ sub: 'ivar-it', email: 'ivar@example.edu', name: 'Ivar IT', groups: ['IT'] }),
  });
  // The CSP names the issuer's origin in connect-src, as the deployed one does.
  ({ system, api } = await startTestSystem({ env: { MIN_LEAD_DAYS: String(LEAD_DAYS) }, webConnectOrigins: [issuer.url] }));
  browser = await launchBrowser();
  base = system.url;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
  await issuer?.close();
});

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const statusBadge = (page: Page) => page.locator('main .badge').first().textContent();
/** The workflow closes a round just after the last decision: reload until the page shows the outcome. */
const expectStatusAfterReloads = (page: Page, status: string) =>
  expect
    .poll(
      async () => {
        await page.reload();
        return statusBadge(page);
      },
      { timeout: 20_000, interval: 500 },
    )
    .toBe(status);
const expectAccessible = async (page: Page, label: string) => expect(await axeCheck(page, label)).toEqual([]);

const fillMidterm = async (page: Page, o: { code: string; name: string; start: string; durationMinutes: number }) => {
  await page.getByLabel('Course code').fill(o.code);
  await page.getByLabel('Course name').fill(o.name);
  await page.getByLabel('Department').fill('IDI');
  await page.getByLabel('Home exam', { exact: true }).check();
  await page.getByLabel('Start', { exact: true }).fill(localInput(o.start));
  await page.getByLabel('Duration', { exact: true }).fill(String(o.durationMinutes));
  await page.getByLabel('Expected number of candidates').fill('120');
  await page.getByLabel('Number of upload assignments').fill('1');
};

const submitViaApi = async (code: string, name: string) => {
  const res = await api.request('POST', '/registrations', { as: STAFF, body: midtermBody({ course: { code, name } }) });
  expect(res.status).toBe(201);
  return res.body.id as string;
};

const approvalState = async (id: string, group: string) => {
  const res = await api.request('GET', `/registrations/${id}`, { as: STAFF });
  return (res.body.approvals as { group: string; round: number; state: string }[]).find((a) => a.group === group && a.round === res.body.round)?.state;
};

describe('web front end in Chromium, against local mode', { timeout: 120_000 }, () => {
  it('a teacher registers a mid-term exam, IT and ED approve it from their queues, and the teacher sees it approved', async () => {
    const teacher = await newTab(browser);
    await openAs(teacher, `${base}/#/new/midterm`, 'staff');
    await expect.poll(() => h1(teacher)).toBe('Register a mid-term exam');

    // The contact is the signed-in teacher; the derived facts follow the form as it is filled.
    expect(await teacher.getByLabel('E-mail').inputValue()).toBe('kari.nordmann@example.edu');
    const start = examStartIn(60);
    await fillMidterm(teacher, { code: 'TDT4100', name: 'Object-oriented programming', start, durationMinutes: 240 });
    const derived = teacher.getByTestId('derived');
    await expect.poll(() => derived.textContent()).toContain('30 minutes');
    const dueBy = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeZone: 'Europe/Oslo' }).format(Date.parse(start) - 7 * DAY);
    expect(await derived.textContent()).toContain(dueBy);
    expect(await derived.textContent()).toContain('Education Division (ED), IT department');
    await teacher.getByLabel('Written school exam on campus (Safe Exam Browser)').check();
    await expect.poll(() => derived.textContent()).toContain('15 minutes');
    await teacher.getByLabel('Students submit hand drawings').check();
    await expect.poll(() => derived.textContent()).toContain('InsperaScan (hand drawings)');
    expect(await derived.textContent()).toContain('Hand drawings on a school exam use the InsperaScan test template');
    await shot(teacher, '02-registration-form-live-facts');
    await teacher.getByLabel('Students submit hand drawings').uncheck();
    await teacher.getByLabel('Home exam', { exact: true }).check();
    await expect.poll(() => derived.textContent()).toContain('30 minutes');
    await expectAccessible(teacher, 'registration form (filled)');

    await teacher.getByRole('button', { name: 'Submit registration' }).click();
    await teacher.waitForURL(/#\/registrations\/[^/]+$/);
    const id = decodeURIComponent(new URL(teacher.url()).hash.split('/')[2] ?? '');
    await expect.poll(() => h1(teacher)).toBe('TDT4100 Object-oriented programming');
    expect(await teacher.getByRole('status').filter({ hasText: 'submitted' }).textContent()).toContain('The registration has been submitted');
    expect(await statusBadge(teacher)).toBe('Waiting for approval');
    await shot(teacher, '03-registration-detail-pending');
    await expectAccessible(teacher, 'registration detail (pending)');

    for (const [who, group] of [
      ['IT', 'IT department'],
      ['ED', 'Education Division (ED)'],
    ] as const) {
      const approver = await newTab(browser);
      await openAs(approver, `${base}/#/queue`, who);
      await expect.poll(() => h1(approver)).toBe('Approval queue');
      const row = approver.locator('tr.queue-row', { hasText: 'TDT4100 Object-oriented programming' });
      await row.waitFor();
      await row.getByRole('button', { name: 'Decide TDT4100' }).click();
      const panel = approver.getByRole('region', { name: `Decision for ${group}` });
      expect(await panel.count()).toBe(1);
      if (who === 'IT') {
        await shot(approver, '04-approver-queue');
        await expectAccessible(approver, 'approver queue');
      }
      await panel.getByRole('button', { name: 'Approve' }).click();
      await expect.poll(() => approver.getByRole('status').filter({ hasText: 'TDT4100' }).textContent()).toBe(`TDT4100: Approved for ${group}.`);
      expect(await row.count()).toBe(0);
      await approver.close();
    }

    await expectStatusAfterReloads(teacher, 'Approved');
    const approvals = await teacher.getByRole('region', { name: 'Approvals' }).textContent();
    expect(approvals).toContain('Ivar IT');
    expect(approvals).toContain('Eva ED');
    await shot(teacher, '05-registration-detail-approved');

    await teacher.getByRole('link', { name: 'My registrations' }).click();
    const mine = teacher.locator('li.card', { hasText: 'TDT4100 Object-oriented programming' });
    await mine.waitFor();
    expect(await mine.locator('.badge').textContent()).toBe('Approved');
    expect(await mine.getByRole('link').getAttribute('href')).toBe(`#/registrations/${encodeURIComponent(id)}`);
    await shot(teacher, '06-my-registrations');
    await expectAccessible(teacher, 'my registrations');
    await teacher.close();
  });

  it('a refused form shows each error next to its field, lists them, and focuses the first', async () => {
    const page = await newTab(browser);
    await openAs(page, `${base}/#/new/midterm`, 'staff');
    await page.getByLabel('Course code').fill('tdt41');
    await page.getByLabel('Home exam', { exact: true }).check();
    await page.getByLabel('Start', { exact: true }).fill(localInput(examStartIn(60)));
    await page.getByLabel('Duration', { exact: true }).fill('480');
    await page.getByLabel('Number of upload assignments').fill('1');
    // R1 is known as soon as the exam is described, beside the form.
    await expect.poll(() => page.getByTestId('derived').textContent()).toContain('The form will be refused');
    await page.getByRole('button', { name: 'Submit registration' }).click();

    await expect.poll(() => focusedId(page)).toBe('f-course-code');
    const code = page.getByLabel('Course code');
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    expect(await code.getAttribute('aria-describedby')).toContain('f-course-code-error');
    expect(await page.locator('#f-course-code-error').textContent()).toBe('Error: Course code looks like TDT4100');
    expect(await page.locator('#f-course-name-error').textContent()).toBe('Error: Course name is required');
    // R1 from the shared rules, at the field it names.
    expect(await page.locator('#f-exam-durationMinutes-error').textContent()).toContain('Home exams longer than 6 hours are run by the department alone');
    const summary = page.getByRole('alert').filter({ hasText: 'The form has' });
    const listed = await summary.getByRole('link').allTextContents();
    expect(listed).toEqual(
      expect.arrayContaining(['Course code looks like TDT4100', 'Course name is required', 'Department is required', 'Expected number of candidates is required']),
    );
    await shot(page, '07-refused-form');
    await expectAccessible(page, 'registration form (refused)');

    // Correcting a field clears its error at once.
    await code.fill('TDT4100');
    expect(await code.getAttribute('aria-invalid')).toBeNull();
    expect(await page.locator('#f-course-code-error').count()).toBe(0);
    await page.close();
  });

  it("shows the server's problem+json field errors next to their fields and focuses the first", async () => {
    const page = await newTab(browser);
    // A browser that does not know the server's 30-day rule: it checks with the default 14 days.
    await page.route('**/config.json', (route) => route.fulfill({ json: { mode: 'local', apiUrl: '', rules: {} } }));
    await openAs(page, `${base}/#/new/midterm`, 'staff');
    await fillMidterm(page, { code: 'TMA4105', name: 'Calculus 2', start: examStartIn(LEAD_DAYS - 10), durationMinutes: 180 });
    const posted = page.waitForResponse((r) => r.url().endsWith('/registrations') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Submit registration' }).click();
    const response = await posted;
    expect(response.status()).toBe(400);
    expect(response.headers()['content-type']).toContain('application/problem+json');
    expect(response.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{32,36}$/);

    await expect.poll(() => focusedId(page)).toBe('f-exam-start');
    expect(await page.locator('#f-exam-start-error').textContent()).toBe(`Error: The exam must be registered at least ${LEAD_DAYS} days before it starts`);
    expect(await page.getByLabel('Start', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toContain('#/new/midterm');
    await shot(page, '08-refused-by-server');
    await page.close();
  });

  it('an approver requests changes with a comment; the teacher changes the form and resubmits it', async () => {
    const id = await submitViaApi('IT1901', 'Informatics project I');
    const it = await newTab(browser);
    await openAs(it, `${base}/#/registrations/${id}`, 'IT');
    const panel = it.getByRole('region', { name: 'Decision for IT department' });
    await panel.getByRole('button', { name: 'Request changes' }).click();
    await expect.poll(() => focusedId(it)).toBe('detail-IT-comment');
    expect(await panel.locator('#detail-IT-comment-error').textContent()).toBe('Error: Write a comment when you reject or request changes');
    await panel.getByLabel('Comment').fill('Please give the citation rules.');
    await panel.getByRole('button', { name: 'Request changes' }).click();
    await expect.poll(() => it.getByRole('status').filter({ hasText: 'IT1901' }).textContent()).toBe('IT1901: Changes requested for IT department.');
    await it.close();

    const teacher = await newTab(browser);
    await openAs(teacher, `${base}/#/registrations/${id}`, 'staff');
    await expectStatusAfterReloads(teacher, 'Changes requested');
    expect(await teacher.getByRole('region', { name: 'Approvals' }).textContent()).toContain('Please give the citation rules.');
    await shot(teacher, '09-changes-requested');
    await teacher.getByRole('link', { name: 'Change and resubmit' }).click();
    await expect.poll(() => h1(teacher)).toBe('Change and resubmit IT1901');
    expect(await teacher.getByLabel('Course code').inputValue()).toBe('IT1901');
    await teacher.getByLabel('Citation rules').fill('Chicago');
    await teacher.getByRole('button', { name: 'Resubmit' }).click();
    await teacher.waitForURL(/#\/registrations\/[^/]+$/);
    await expect.poll(() => statusBadge(teacher)).toBe('Waiting for approval');
    expect(await teacher.locator('.facts--inline').textContent()).toContain('Round2');
    expect(await teacher.getByRole('region', { name: 'The registration' }).textContent()).toContain('Chicago');
    await teacher.close();
  });

  it('the confirmation page an e-mail link opens shows the registration, changes nothing, and records the decision once', async () => {
    const id = await submitViaApi('TFY4115', 'Physics');
    const mail = await ApiClient.eventually(
      async () => (await api.mail()).find((m) => m.text.includes(id) && m.to.includes('ed-approvers@example.edu')),
      15_000,
      'the ED approval e-mail',
    );
    const link = /#\/confirm\/([\w-]+)/.exec(mail.text)?.[1];
    expect(link).toBeDefined();

    const page = await newTab(browser); // not signed in: the link is the credential
    await page.goto(`${base}/#/confirm/${link}`);
    await expect.poll(() => h1(page)).toBe('Confirm a decision');
    await page.getByRole('region', { name: 'Decision for Education Division (ED)' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('TFY4115 Physics');
    await shot(page, '10-confirm-from-email');
    await expectAccessible(page, 'e-mail confirmation page');
    expect(await approvalState(id, 'ED')).toBe('PENDING');

    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'recorded' }).textContent()).toBe('Your decision has been recorded: Approved.');
    await expect.poll(() => approvalState(id, 'ED'), { timeout: 10_000 }).toBe('APPROVED');

    await page.reload();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('This link has already been used or has expired');
    await page.goto(`${base}/#/confirm/no-such-link`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('This link is not known');
    await page.close();
  });

  it('can be used with the keyboard: skip link, choosing an identity with the arrow keys, signing in', async () => {
    const page = await newTab(browser);
    await page.goto(`${base}/`);
    await expect.poll(() => h1(page)).toBe('Sign in');
    await shot(page, '01-sign-in');
    await expectAccessible(page, 'sign-in');

    await page.keyboard.press('Tab');
    await expect.poll(async () => (await focusedElement(page)).text).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toBe('main');
    await page.keyboard.press('Tab');
    await expect.poll(() => focusedId(page)).toBe('f-preset-staff');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Ivar IT, IT approver').isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => h1(page)).toBe('Approval queue');
    // The new page's heading takes the focus.
    await expect.poll(async () => (await focusedElement(page)).tag).toBe('H1');
    await page.close();
  });

  it('speaks Norwegian Bokmål: the lang attribute, the labels and the messages from the shared schemas', async () => {
    const page = await newTab(browser);
    await openAs(page, `${base}/#/new/software`, 'staff');
    await page.getByRole('button', { name: 'Norsk' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('nb');
    expect(await h1(page)).toBe('Be om programvare til eksamen');
    await page.getByLabel('Emnenavn').focus();
    await page.getByRole('button', { name: 'Send inn registreringen' }).click();
    await expect.poll(() => focusedId(page)).toBe('f-course-code');
    expect(await page.locator('#f-course-name-error').textContent()).toBe('Feil: Emnenavn må fylles ut');
    expect(await page.locator('#f-software-0-platforms-error').textContent()).toBe('Feil: Velg minst én plattform');
    await shot(page, '11-software-form-norwegian');
    await expectAccessible(page, 'software form in Norwegian (refused)');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await page.close();
  });

  it('fits a phone: 360 px wide with no sideways scrolling', async () => {
    const page = await newTab(browser);
    await page.setViewportSize({ width: 360, height: 780 });
    const id = await submitViaApi('TDT4180', 'Human-computer interaction');
    const pageWidth = () =>
      page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    await openAs(page, `${base}/#/new/midterm`, 'staff');
    await page.getByRole('button', { name: 'Submit registration' }).click();
    expect(await pageWidth()).toBeLessThanOrEqual(360);
    await shot(page, '12-phone-registration-form');
    await page.goto(`${base}/#/registrations/${id}`);
    await expect.poll(() => h1(page)).toBe('TDT4180 Human-computer interaction');
    expect(await pageWidth()).toBeLessThanOrEqual(360);
    await shot(page, '13-phone-registration-detail');
    await expectAccessible(page, 'registration detail on a phone');
    await page.close();
  });

  it('deployed mode: signs in at the OIDC issuer (authorization code with PKCE) and calls the API with its token', async () => {
    const page = await newTab(browser);
    await page.route('**/config.json', (route) => route.fulfill({ json: { mode: 'deployed', apiUrl: base, oidc: { issuer: issuer.url, clientId: 'exam-forms' } } }));
    await page.goto(`${base}/#/queue`);
    await expect.poll(() => h1(page)).toBe('Sign in');
    await page.getByRole('button', { name: `Sign in with ${new URL(issuer.url).host}` }).click();
    await expect.poll(() => h1(page), { timeout: 10_000 }).toBe('Approval queue');
    expect(page.url()).toBe(`${base}/#/queue`); // the code and state are gone from the address
    expect(await page.getByText('Signed in as Ivar IT (IT approver)').count()).toBe(1);

    const request = issuer.authorizations[0];
    expect(Object.fromEntries(request ?? [])).toMatchObject({
      response_type: 'code',
      client_id: 'exam-forms',
      redirect_uri: `${base}/`,
      scope: 'openid profile email',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.stringMatching(/^[\w-]{43}$/),
    });
    await page.close();
  });

  it('raised no script error on any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
