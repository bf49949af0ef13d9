import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { ED_APPROVER, IT_APPROVER, STAFF, midtermBody } from '../support/fixtures';
import { decide, waitForStatus } from '../support/workflow';
import { type Browser, axeCheck, focusedId, newTab, openAs, pageErrors, shot, startBrowserSystem } from './browser';

/**
 * The staff tasks on a registration's page in Chromium, against local mode: the candidate
 * list (pasted, and a 2,000-row CSV file), the student letter, an error in the question set
 * during the exam and its extra time from the handlers' queue, cancelling, and the history in
 * words; in both languages, on a phone, one task by keyboard alone, axe-core on every new state.
 * Screenshots go beside the others, named staff-*. Local mode runs with FAST_WAITS: an approved
 * registration's letter goes out at once.
 */

let stop: () => Promise<void> = async () => undefined;
let api: ApiClient;
let browser: Browser;
let base: string;

beforeAll(async () => {
  ({ api, browser, base, stop } = await startBrowserSystem());
}, 180_000);

afterAll(() => stop());

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const expectAccessible = async (page: Page, label: string) => expect(await axeCheck(page, label)).toEqual([]);
const region = (page: Page, name: string | RegExp) => page.getByRole('region', { name });

const submit = async (code: string, name: string) => {
  const res = await api.request('POST', '/registrations', { as: STAFF, body: midtermBody({ course: { code, name } }) });
  expect(res.status).toBe(201);
  return res.body as { id: string; derived: { studentInfoDueBy: string } };
};

const openRegistration = async (page: Page, id: string, who: 'staff' | 'IT' | 'ED', title: string) => {
  await openAs(page, `${base}/#/registrations/${encodeURIComponent(id)}`, who);
  await expect.poll(() => h1(page)).toBe(title);
};

const approve = async (id: string) => {
  for (const [who, group] of [
    [IT_APPROVER, 'IT'],
    [ED_APPROVER, 'ED'],
  ] as const) {
    await ApiClient.eventually(async () => (await decide({ api }, who, id, group, 'approve')).status === 200, 15_000, `${group} approval`);
  }
  await waitForStatus({ api }, STAFF, id, 'APPROVED');
};

const letterStatus = async (id: string) => (await api.request('GET', `/registrations/${id}`, { as: STAFF })).body.studentNotice.letter.status as string;

const students = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ email: `s${from + i}@stud.example.edu`, name: `Student ${from + i}` }));

describe('staff tasks in Chromium, against local mode', { timeout: 180_000 }, () => {
  it('candidates pasted from a spreadsheet: each bad row by its line and reason, then saved; the page shows the count and when', async () => {
    const { id } = await submit('TDT4110', 'Information technology, introduction');
    const page = await newTab(browser);
    await openRegistration(page, id, 'staff', 'TDT4110 Information technology, introduction');
    const panel = region(page, 'Candidates');
    expect(await panel.textContent()).toContain('No candidate list yet');

    const pasted = [
      'Name\tE-mail',
      'Ada Lovelace\tada@stud.example.edu',
      'Bo Ek\tnot-an-address',
      'Cy Dahl\tcy@stud.example.edu',
      '',
      'Dee Olsen\tdee@gmail.com',
      'Ada again\tADA@stud.example.edu',
      'Eli Berg\teli@stud.example.edu',
      'Fay without address\t',
    ].join('\n');
    await panel.getByLabel('Paste from a spreadsheet').fill(pasted);
    await panel.getByRole('button', { name: 'Check the list' }).click();
    const preview = panel.locator('.preview');
    await preview.waitFor();
    // The preview's heading takes the focus, so a screen reader reads the result next.
    await expect.poll(() => focusedId(page)).toBe('candidates-preview-title');
    const summary = await preview.locator('.summary-list').textContent();
    expect(summary).toContain('7 rows read.');
    expect(summary).toContain('Columns separated by tab; the first row is a header.');
    expect(summary).toContain('3 candidates ready to save.');
    expect(summary).toContain('Repeated addresses are counted once: 1 (lines 7)');
    const bad = await preview
      .locator('table')
      .first()
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => (r as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim()));
    expect(bad).toEqual(['3 Must be a valid e-mail address', '6 Must be an address in stud.example.edu', '9 The e-mail address is missing']);
    await shot(page, 'staff-01-candidates-preview-bad-rows');
    await expectAccessible(page, 'staff: candidates preview with bad rows');

    await panel.getByRole('button', { name: 'Save 3 candidates, leaving out 3 rows with errors' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toBe('Saved: the list now has 3 candidates.');
    await expect.poll(() => panel.locator('p').first().textContent()).toMatch(/^3 candidates on the list, last replaced \d/);
    const stored = (await api.request('GET', `/registrations/${id}`, { as: STAFF })).body;
    expect(stored.studentNotice.candidates).toBe(3);
    expect(await region(page, 'History').textContent()).toContain('Candidate list replaced: 3 candidates');
    await shot(page, 'staff-02-candidates-saved');
    await expectAccessible(page, 'staff: candidates saved');
    await page.close();
  });

  it('a 2,000-row CSV export from the student system: read in one go, previewed as a summary, saved; papaparse stays out of the main bundle', async () => {
    const { id } = await submit('TDT4120', 'Algorithms and data structures');
    const page = await newTab(browser);
    await openRegistration(page, id, 'staff', 'TDT4120 Algorithms and data structures');
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const panel = region(page, 'Candidates');
    const csv = ['Studentnr;Etternavn;Fornavn;E-post', ...students(2000).map((s, i) => `${100000 + i};Student;${i};${s.email}`)].join('\r\n');

    const started = Date.now();
    await panel.getByLabel('Or upload a CSV file').setInputFiles({ name: 'kandidater.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await panel.locator('.preview').waitFor();
    console.log(`2,000-row CSV: file chosen to preview shown in ${Date.now() - started} ms`);
    const summary = await panel.locator('.summary-list').textContent();
    expect(summary).toContain('2000 rows read.');
    expect(summary).toContain('Columns separated by semicolon; the first row is a header.');
    expect(summary).toContain('2000 candidates ready to save.');
    expect(summary).toContain('Every row is a valid candidate.');
    // A summary and five sample rows, not 2,000 table rows.
    expect(await panel.locator('tr').count()).toBeLessThanOrEqual(6);
    expect(requested.some((u) => /candidates-csv-[^/]*\.js$/.test(u))).toBe(true);
    await shot(page, 'staff-03-candidates-2000-preview');
    await expectAccessible(page, 'staff: 2,000-row preview');

    await panel.getByRole('button', { name: 'Save 2000 candidates' }).click();
    await expect.poll(() => panel.getByRole('status').textContent(), { timeout: 30_000 }).toBe('Saved: the list now has 2000 candidates.');
    expect((await api.request('GET', `/registrations/${id}`, { as: STAFF })).body.studentNotice.candidates).toBe(2000);

    const assets = path.resolve(__dirname, '../../web/dist/assets');
    const main = readdirSync(assets).filter((f) => /^index-.*\.js$/.test(f));
    expect(main).toHaveLength(1);
    expect(readFileSync(path.join(assets, main[0] as string), 'utf8')).not.toContain('BAD_DELIMITERS');
    await page.close();
  });

  let approvedId = '';
  const APPROVED_TITLE = 'TDT4145 Data modelling and database systems';

  it('the student letter: both languages in a sandboxed frame and the date it goes out; once sent the delivery counts, and the list is locked', async () => {
    const { id, derived } = await submit('TDT4145', 'Data modelling and database systems');
    approvedId = id;
    expect((await api.request('PUT', `/registrations/${id}/candidates`, { as: STAFF, body: { candidates: students(2, 5000) } })).status).toBe(200);
    const page = await newTab(browser);
    await openRegistration(page, id, 'staff', APPROVED_TITLE);
    const letter = region(page, 'The exam information letter');
    await letter.getByRole('button', { name: 'Show the letter' }).click();
    const frame = letter.locator('iframe');
    await frame.waitFor();
    // No script runs in the frame; the page applies the e-mail's inline styles through the CSSOM (its CSP allows no inline styles).
    expect(await frame.getAttribute('sandbox')).toBe('allow-same-origin');
    const body = page.frameLocator('iframe.letter-frame').locator('body');
    await expect.poll(() => body.evaluate((b) => (b as unknown as { style: { maxWidth: string } }).style.maxWidth)).toBe('640px');
    expect(await frame.getAttribute('title')).toBe('The letter as an e-mail');
    const html = (await frame.getAttribute('srcdoc')) ?? '';
    expect(html).toContain('<div lang="nb">');
    expect(html).toContain('<div lang="en">');
    const text = await letter.textContent();
    const dueBy = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Oslo' }).format(new Date(derived.studentInfoDueBy));
    expect(text).toContain(`Goes out ${dueBy} once the registration is approved`);
    expect(text).toContain('A preview, rendered from the registration as it is now.');
    expect(text).toContain('Norwegian Bokmål and English');
    expect(text).toMatch(/Subject\s*Eksamensinformasjon \/ Exam information: TDT4145/);
    await letter.getByLabel('Plain text').check();
    expect(await letter.locator('pre').textContent()).toContain('TDT4145');
    await letter.getByLabel('E-mail', { exact: true }).check();
    await shot(page, 'staff-04-letter-preview');
    await expectAccessible(page, 'staff: letter preview');

    await approve(id);
    await expect.poll(() => letterStatus(id), { timeout: 30_000 }).toBe('SENT');
    await page.reload();
    await expect.poll(() => h1(page)).toBe(APPROVED_TITLE);
    await letter.getByRole('button', { name: 'Show the letter' }).click();
    await letter.locator('table').waitFor();
    expect(await letter.textContent()).toMatch(/Went out \d/);
    expect(await letter.textContent()).toContain('The letter as it was sent.');
    const counts = await letter
      .locator('table tbody tr')
      .evaluateAll((rows) => rows.map((r) => (r as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim()));
    expect(counts).toEqual(['Waiting to be sent 0', 'Sent 2', 'Bounced 0', 'Marked as spam 0', 'Refused 0']);
    expect(await letter.textContent()).toContain('The letter reached every address so far.');
    const candidates = region(page, 'Candidates');
    expect(await candidates.textContent()).toContain('The list is locked: the exam information letter has gone out');
    expect(await candidates.getByLabel('Paste from a spreadsheet').count()).toBe(0);
    expect(await region(page, 'History').textContent()).toContain('Exam information letter sent to 2 candidates');
    await shot(page, 'staff-05-letter-sent-locked');
    await expectAccessible(page, 'staff: letter sent, list locked');

    // An approver of the registration reads the same letter, without the addresses.
    const it = await newTab(browser);
    await openRegistration(it, id, 'IT', APPROVED_TITLE);
    await region(it, 'The exam information letter').getByRole('button', { name: 'Show the letter' }).click();
    await region(it, 'The exam information letter').locator('iframe').waitFor();
    expect(await region(it, 'Candidates').count()).toBe(0);
    expect(await region(it, 'The exam information letter').textContent()).not.toContain('The letter reached every address');
    await it.close();
    await page.close();
  });

  it('an error during the exam, by keyboard alone: the teacher is told who handles it, with the help number; IT finds it in its queue and records the extra time; the teacher sees it', async () => {
    expect(approvedId).not.toBe('');
    const page = await newTab(browser);
    await openRegistration(page, approvedId, 'staff', APPROVED_TITLE);
    // Tab from the top of the page to the report action.
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent ===
          'Report an error in the question set',
      );
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toBe('incident-form-title');
    const form = page.getByRole('form', { name: 'Report an error in the question set' });
    // The exam is weeks away: the phase proposed is "before the start", and the planner handles it.
    expect(await form.getByLabel('Before the exam starts').isChecked()).toBe(true);
    expect(await form.textContent()).toContain('Proposed from the exam’s time: before the exam starts.');
    expect(await form.textContent()).toContain('The department’s planner');
    // The teacher knows better: it is under way. Arrow keys move within the radio group.
    await page.keyboard.press('Tab');
    await expect.poll(() => focusedId(page)).toBe('incident-phase-before-start');
    await page.keyboard.press('ArrowDown');
    expect(await form.getByLabel('During the exam').isChecked()).toBe(true);
    const whoHandles = await form.locator('dl').textContent();
    expect(whoHandles).toContain('IT and the Education Division (ED)');
    expect(whoHandles).toContain('e-mailed to every candidate on the list at once (2 now)');
    const help = form.locator('.help-now');
    expect(await help.textContent()).toBe('Immediate help during the exam, call 73 59 66 01');
    expect(await help.getByRole('link').getAttribute('href')).toBe('tel:73596601');
    await page.keyboard.press('Tab');
    await expect.poll(() => focusedId(page)).toBe('incident-message');
    await page.keyboard.type('Task 3: read 25 %, not 52 %.');
    await shot(page, 'staff-06-incident-during');
    await expectAccessible(page, 'staff: incident form during the exam');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const panel = region(page, 'Errors in the question set');
    await expect.poll(() => panel.getByRole('status').textContent()).toBe('The notice is on its way to 2 candidates; IT and ED have been e-mailed.');
    await expect.poll(() => panel.locator('.incident').first().textContent()).toContain('Waiting for IT or ED to record the extra time.');
    expect(await panel.locator('.incident').first().textContent()).toContain('Handled by IT and the Education Division (ED).');
    await ApiClient.eventually(
      async () => (await api.mail()).filter((m) => m.to.some((t) => t.startsWith('s500')) && m.text.includes('Task 3: read 25 %')).length === 2,
      20_000,
      'the notice to both candidates',
    );
    await expectAccessible(page, 'staff: incident reported');

    // IT: the incident heads the queue, marked; the extra time is recorded on the registration's page.
    const itPage = await newTab(browser);
    await openAs(itPage, `${base}/#/queue`, 'IT');
    const waiting = region(itPage, 'Errors in the question set waiting for your decision on extra time');
    await waiting.waitFor();
    expect(await waiting.textContent()).toContain('Extra time to decide');
    expect(await waiting.textContent()).toContain('Task 3: read 25 %, not 52 %.');
    await shot(itPage, 'staff-07-queue-extra-time');
    await expectAccessible(itPage, 'staff: queue with an incident waiting');
    await waiting.getByRole('link', { name: APPROVED_TITLE }).click();
    await expect.poll(() => h1(itPage)).toBe(APPROVED_TITLE);
    const incident = region(itPage, 'Errors in the question set').locator('.incident').first();
    expect(await incident.textContent()).toContain('Waiting for your decision');
    await incident.getByLabel('Extra time in minutes').fill('');
    await incident.getByRole('button', { name: 'Record the extra time' }).click();
    expect(await incident.locator('.field-error').textContent()).toContain('Give the extra time in whole minutes (0 for none)');
    await incident.getByLabel('Extra time in minutes').fill('15');
    await incident.getByLabel('Comment').fill('Agreed with the teacher');
    await incident.getByRole('button', { name: 'Record the extra time' }).click();
    await expect.poll(() => incident.textContent()).toMatch(/Extra time: 15 min, decided by Ivar IT on \d/);
    await shot(itPage, 'staff-08-extra-time-recorded');
    await expectAccessible(itPage, 'staff: extra time recorded');
    await itPage.goto(`${base}/#/queue`);
    await expect.poll(() => h1(itPage)).toBe('Approval queue');
    // The incidents come with the list: wait for it (its table, or the line that nothing waits) before looking for them.
    await itPage.locator('.queue-toolbar').or(itPage.getByText('Nothing waits for you.')).first().waitFor();
    expect(await region(itPage, 'Errors in the question set waiting for your decision on extra time').count()).toBe(0);
    await itPage.close();

    await page.reload();
    await expect.poll(() => h1(page)).toBe(APPROVED_TITLE);
    expect(await region(page, 'Errors in the question set').locator('.incident').first().textContent()).toMatch(/Extra time: 15 min, decided by Ivar IT/);
    const history = (await region(page, 'History').textContent()) ?? '';
    expect(history).toContain('Extra time decided: 15 minutes');
    expect(history).toContain('Error in the question set reported during the exam; handled by IT and the Education Division (ED)');
    expect(history).toContain('The submitter was e-mailed the outcome: approved');
    // No raw action codes (OUTCOME_MAILED, CANDIDATES_REPLACED…) anywhere in the history.
    expect(history).not.toMatch(/[A-Z]{2,}_[A-Z]{2,}/);
    await page.close();
  });

  it('before the start: the planner route is explained, and a report without a message is refused at its field', async () => {
    const { id } = await submit('TDT4165', 'Programming languages');
    const page = await newTab(browser);
    await openRegistration(page, id, 'staff', 'TDT4165 Programming languages');
    await page.getByRole('button', { name: 'Report an error in the question set' }).click();
    const form = page.getByRole('form', { name: 'Report an error in the question set' });
    expect(await form.getByLabel('During the exam').isDisabled()).toBe(true);
    expect(await form.textContent()).toContain('Only an approved exam can be under way');
    expect(await form.textContent()).toContain('Your department’s planner is e-mailed your message');
    expect(await form.locator('.help-now').count()).toBe(0);
    await form.getByRole('button', { name: 'Send the error report' }).click();
    expect(await form.locator('.field-error').textContent()).toContain('Write the notice the candidates should get');
    await expect.poll(() => focusedId(page)).toBe('incident-message');
    await expectAccessible(page, 'staff: incident form before the start, refused');
    await form.getByLabel('What is wrong in the question set').fill('Task 2 has the wrong figure.');
    await form.getByRole('button', { name: 'Send the error report' }).click();
    await expect
      .poll(() => region(page, 'Errors in the question set').getByRole('status').textContent())
      .toBe('The error has been reported; the planner has been e-mailed.');
    await expect.poll(() => region(page, 'Errors in the question set').textContent()).toContain('No extra time applies: the error was found before the start.');
    await page.close();
  });

  it('cancel with a reason; the history in words, and the letter that will not go out', async () => {
    const { id } = await submit('TDT4180', 'Human-computer interaction');
    const page = await newTab(browser);
    await openRegistration(page, id, 'staff', 'TDT4180 Human-computer interaction');
    await page.getByRole('button', { name: 'Cancel the registration' }).click();
    await page.getByLabel('Reason for cancelling').fill('The course moved the test to week 12');
    await page.getByRole('button', { name: 'Confirm cancellation' }).click();
    await expect.poll(() => page.locator('main .badge').first().textContent()).toBe('Cancelled');
    const history = region(page, 'History');
    await expect.poll(() => history.textContent()).toContain('Cancelled (it was: waiting for approval)');
    expect(await history.textContent()).toContain('The course moved the test to week 12');
    expect(await history.textContent()).toContain('Submitted; waiting for Education Division (ED) and IT department');
    expect(await page.getByRole('button', { name: 'Cancel the registration' }).count()).toBe(0);
    const letter = region(page, 'The exam information letter');
    await letter.getByRole('button', { name: 'Show the letter' }).click();
    await expect.poll(() => letter.textContent()).toContain('It will not go out: the registration is cancelled.');
    expect(await region(page, 'Candidates').textContent()).toContain('The list is locked: the registration is cancelled.');
    await shot(page, 'staff-09-cancelled-history');
    await expectAccessible(page, 'staff: cancelled, history in words');
    await page.close();
  });

  it('speaks Norwegian Bokmål: the panels, the history and the preview', async () => {
    const page = await newTab(browser);
    await openRegistration(page, approvedId, 'staff', APPROVED_TITLE);
    await page.getByRole('button', { name: 'Norsk' }).click();
    try {
      await inNorwegian(page);
    } finally {
      // The language is kept for the next tabs (localStorage): back to English.
      await page.getByRole('button', { name: 'English' }).click();
      await page.close();
    }
  });

  const inNorwegian = async (page: Page) => {
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang))
      .toBe('nb');
    expect(await region(page, 'Studenter').count()).toBe(1);
    expect(await region(page, 'Kandidater').textContent()).toContain('Listen er låst: informasjonsbrevet om eksamen er sendt');
    const incidents = await region(page, 'Feil i oppgavesettet').textContent();
    expect(incidents).toMatch(/Ekstra tid: 15 min, avgjort av Ivar IT/);
    const history = (await region(page, 'Historikk').textContent()) ?? '';
    expect(history).toContain('Ekstra tid avgjort: 15 minutter');
    expect(history).toContain('Kandidatlisten ble erstattet: 2 kandidater');
    expect(history).toContain('Informasjonsbrevet om eksamen ble sendt til 2 kandidater');
    const letter = region(page, 'Informasjonsbrevet om eksamen');
    await letter.getByRole('button', { name: 'Vis brevet' }).click();
    await letter.locator('iframe').waitFor();
    expect(await letter.textContent()).toContain('norsk bokmål og engelsk');
    await shot(page, 'staff-10-norwegian');
    await expectAccessible(page, 'staff: Norwegian');

    const { id } = await submit('TDT4186', 'Operating systems');
    await page.goto(`${base}/#/registrations/${id}`);
    await expect.poll(() => h1(page)).toBe('TDT4186 Operating systems');
    const candidates = region(page, 'Kandidater');
    await candidates.getByLabel('Lim inn fra et regneark').fill('e-post,navn\nada@stud.example.edu,Ada\nikke-en-adresse,Bo\n');
    await candidates.getByRole('button', { name: 'Sjekk listen' }).click();
    await candidates.locator('.preview').waitFor();
    expect(await candidates.locator('.summary-list').textContent()).toContain('Kolonner skilt med komma; første rad er en overskrift.');
    expect(await candidates.locator('table').first().textContent()).toContain('Må være en gyldig e-postadresse');
    await expectAccessible(page, 'staff: Norwegian candidates preview');
  };

  it('fits a phone: 360 px wide with every panel open and no sideways scrolling', async () => {
    const page = await newTab(browser);
    await page.setViewportSize({ width: 360, height: 780 });
    const pageWidth = () =>
      page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    await openRegistration(page, approvedId, 'staff', APPROVED_TITLE);
    await region(page, 'The exam information letter').getByRole('button', { name: 'Show the letter' }).click();
    await region(page, 'The exam information letter').locator('table').waitFor();
    expect(await pageWidth()).toBeLessThanOrEqual(360);
    await shot(page, 'staff-11-phone-letter-incidents');
    await expectAccessible(page, 'staff: phone, letter and incidents');

    const { id } = await submit('TDT4200', 'Parallel computing');
    await page.goto(`${base}/#/registrations/${id}`);
    await expect.poll(() => h1(page)).toBe('TDT4200 Parallel computing');
    const candidates = region(page, 'Candidates');
    await candidates.getByLabel('Paste from a spreadsheet').fill('email;name\nada@stud.example.edu;Ada Lovelace\nbad-address;Bo\n');
    await candidates.getByRole('button', { name: 'Check the list' }).click();
    await candidates.locator('.preview').waitFor();
    await page.getByRole('button', { name: 'Report an error in the question set' }).click();
    expect(await pageWidth()).toBeLessThanOrEqual(360);
    await shot(page, 'staff-12-phone-candidates-incident-form');
    await expectAccessible(page, 'staff: phone, candidates preview and incident form');
    await page.close();
  });

  it('raised no script error on any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
