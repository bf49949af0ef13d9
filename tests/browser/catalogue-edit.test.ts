import type { Page } from 'playwright-core';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IT_APPROVER, STAFF, catalogueEntryBody, softwareBody } from '../support/fixtures';
import { submitAndWaitForApprovers, waitForStatus } from '../support/workflow';
import { axeCheck, focusedId, newTab, openAs, pageErrors, shot, startBrowserSystem } from './browser';

/**
 * Changing the software catalogue in Chromium against local mode: IT edits an entry (a new
 * revision, in the history), a wrong field is named at the field as the API names it, a change
 * made from a tab that is out of date is refused with a clear message, a retired entry stays
 * readable; others read without the controls. IT adds a proposed program to the catalogue with
 * its approval. The catalogue picker is a combobox the keyboard works. axe-core on each state.
 * With SCREENSHOTS=1, screenshots go to test-artifacts/browser/catalogue-edit-*.png.
 */

/** The local system and Chromium, started once for the file. */
let sys: Awaited<ReturnType<typeof startBrowserSystem>>;

beforeAll(async () => {
  sys = await startBrowserSystem();
}, 180_000);

afterAll(async () => {
  await sys?.stop();
  // No tab met a script error or a Content-Security-Policy refusal.
  expect(pageErrors).toEqual([]);
});

const expectAccessible = async (page: Page, label: string) =>
  expect((await axeCheck(page, `catalogue-edit ${label}`)).map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }))).toEqual(
    [],
  );
const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const historyLines = (page: Page) => page.getByTestId('catalogue-history').locator('> li').allTextContents();

const createEntry = async (body: Record<string, unknown>) => {
  const res = await sys.api.request('POST', '/catalogue', { as: IT_APPROVER, body: catalogueEntryBody(body) });
  expect(res.status).toBe(201);
  return res.body as { id: string; revision: number; name: string };
};
const stored = async (id: string) => {
  const res = await sys.api.request('GET', `/catalogue/${id}`, { as: IT_APPROVER });
  return { status: res.status, entry: res.body.entry, revisions: res.body.revisions as { revision: number; action: string }[] };
};
const openEntry = async (page: Page, id: string, who: 'IT' | 'staff') => {
  await openAs(page, `${sys.base}/#/catalogue/${encodeURIComponent(id)}`, who);
  await page.getByTestId('catalogue-history').waitFor();
};

describe('editing and retiring catalogue entries in Chromium, against local mode', { timeout: 150_000 }, () => {
  it('IT edits an entry: the revision goes up and the history shows it', async () => {
    const entry = await createEntry({ name: 'Octave', version: '8' });
    const page = await newTab(sys.browser);
    await openEntry(page, entry.id, 'IT');
    await expect.poll(() => h1(page)).toBe('Octave 8 in the catalogue');
    expect(await historyLines(page)).toEqual([expect.stringMatching(/^Revision 1: created .* by Ivar IT$/)]);
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Octave');
    await expectAccessible(page, 'entry page (IT)');

    await page.getByLabel('Version (optional)').fill('9.2');
    await page.getByLabel('Licence seats (optional)').fill('40');
    await page.getByLabel('What changed and why (optional)').fill('New version on the lab machines');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved: Octave is now at revision 2.').waitFor();
    await expect.poll(() => h1(page)).toBe('Octave 9.2 in the catalogue');
    await expect
      .poll(() => historyLines(page))
      .toEqual([expect.stringMatching(/^Revision 1: created/), expect.stringMatching(/^Revision 2: edited .* by Ivar IT\s*New version on the lab machines$/)]);
    const after = await stored(entry.id);
    expect(after.entry).toMatchObject({ revision: 2, version: '9.2', licence: { kind: 'campus', seats: 40 } });
    expect(after.revisions.map((r) => r.action)).toEqual(['CREATED', 'EDITED']);
    await shot(page, 'catalogue-edit-saved');
    await expectAccessible(page, 'entry page after an edit');

    await page.getByRole('button', { name: 'Norsk' }).click();
    await expect.poll(() => h1(page)).toBe('Octave 9.2 i katalogen');
    await expect.poll(() => historyLines(page)).toEqual([expect.stringMatching(/^Versjon 1: opprettet/), expect.stringMatching(/^Versjon 2: endret/)]);
    await expectAccessible(page, 'entry page in Bokmål');
    await page.getByRole('button', { name: 'English' }).click();
    await page.close();
  });

  it('a wrong field is named at that field as the API names it, whether the browser or the API finds it', async () => {
    const entry = await createEntry({ name: 'Mathematica', version: '14' });
    const page = await newTab(sys.browser);
    await openEntry(page, entry.id, 'IT');
    const seats = page.getByLabel('Licence seats (optional)');
    const seatsError = page.locator('#f-licence-seats-error');

    // The browser judges the form with the API's schema: the same path and code as the API's answer.
    const body = { ...catalogueEntryBody({ name: 'Mathematica', version: '14' }), licence: { kind: 'campus', seats: 0 } };
    const refused = await sys.api.request('PUT', `/catalogue/${entry.id}`, { as: IT_APPROVER, body: { basedOnRevision: 1, entry: body } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'entry.licence.seats', code: 'too_small' })]);
    await seats.fill('0');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => seatsError.textContent()).toBe('Error: At least one seat');
    expect(await page.locator('.field-error').count()).toBe(1);
    expect(await seats.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => focusedId(page)).toBe('f-licence-seats');
    await shot(page, 'catalogue-edit-field-error');
    await expectAccessible(page, 'entry page with a field error');
    await page.getByRole('button', { name: 'Norsk' }).click();
    await expect.poll(() => seatsError.textContent()).toBe('Feil: Minst én lisensplass');
    await page.getByRole('button', { name: 'English' }).click();

    // What only the API sees (here a body changed on its way) comes back as a 400 and lands at the field too.
    await seats.fill('25');
    await page.route(`**/catalogue/${entry.id}`, async (route) => {
      if (route.request().method() !== 'PUT') return route.continue();
      const sent = JSON.parse(route.request().postData() ?? '{}');
      return route.continue({ postData: JSON.stringify({ ...sent, entry: { ...sent.entry, licence: { ...sent.entry.licence, seats: 0 } } }) });
    });
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => seatsError.textContent()).toBe('Error: At least one seat');
    await page.unroute(`**/catalogue/${entry.id}`);
    expect((await stored(entry.id)).entry.revision).toBe(1);

    await seats.fill('25');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved: Mathematica is now at revision 2.').waitFor();
    expect((await stored(entry.id)).entry.licence.seats).toBe(25);
    await page.close();
  });

  it('a change from a tab that is out of date is refused with the conflict message, and the newest revision can be loaded', async () => {
    const entry = await createEntry({ name: 'Maxima', version: '5.46' });
    const first = await newTab(sys.browser);
    const second = await newTab(sys.browser);
    await openEntry(first, entry.id, 'IT');
    await openEntry(second, entry.id, 'IT');

    await second.getByLabel('Vendor (optional)').fill('Maxima project');
    await second.getByRole('button', { name: 'Save changes' }).click();
    await second.getByText('Saved: Maxima is now at revision 2.').waitFor();
    // The saved revision is read again: wait for it, so a late answer cannot land after revision 3.
    await expect.poll(() => historyLines(second)).toHaveLength(2);

    await first.getByLabel('Version (optional)').fill('5.47');
    await first.getByRole('button', { name: 'Save changes' }).click();
    const alert = first.getByRole('alert').filter({ hasText: 'Someone else changed this entry' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      'Someone else changed this entry while you were editing: it is now at revision 2 (Ivar IT, ' /* date and time follow */,
    );
    expect(await alert.textContent()).toContain('Your change was not saved.');
    const after = await stored(entry.id);
    expect(after.entry).toMatchObject({ revision: 2, version: '5.46', vendor: 'Maxima project' });
    await shot(first, 'catalogue-edit-conflict');
    await expectAccessible(first, 'entry page with a conflict');

    await first.getByRole('button', { name: 'Load the newest revision' }).click();
    await expect.poll(() => first.getByLabel('Vendor (optional)').inputValue()).toBe('Maxima project');
    expect(await first.getByLabel('Version (optional)').inputValue()).toBe('5.46');
    expect(await first.getByRole('alert').count()).toBe(0);
    await first.getByLabel('Version (optional)').fill('5.47');
    await first.getByRole('button', { name: 'Save changes' }).click();
    await first.getByText('Saved: Maxima is now at revision 3.').waitFor();
    expect((await stored(entry.id)).entry).toMatchObject({ revision: 3, version: '5.47', vendor: 'Maxima project' });

    // Retiring from the tab that is now out of date is refused the same way.
    await second.getByRole('button', { name: 'Retire this entry…' }).click();
    await second.getByLabel('Why is it retired?').fill('Replaced');
    await second.getByRole('button', { name: 'Yes, retire it' }).click();
    await second.getByRole('alert').filter({ hasText: 'it is now at revision 3' }).waitFor();
    expect((await stored(entry.id)).entry.retired).toBe(false);
    await first.close();
    await second.close();
  });

  it('IT retires an entry after confirming; it is shown retired and stays readable', async () => {
    const entry = await createEntry({ name: 'SageMath', version: '10' });
    const other = await newTab(sys.browser);
    await openEntry(other, entry.id, 'IT');
    const page = await newTab(sys.browser);
    await openEntry(page, entry.id, 'IT');
    await page.getByRole('button', { name: 'Retire this entry…' }).click();
    const reason = page.getByLabel('Why is it retired?');
    await expect.poll(() => focusedId(page)).toBe('retire-comment');
    expect(await page.getByText('Retire SageMath 10? This cannot be undone here.').count()).toBe(1);

    // Cancel retires nothing; the reason is required.
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await reason.count()).toBe(0);
    await page.getByRole('button', { name: 'Retire this entry…' }).click();
    await page.getByRole('button', { name: 'Yes, retire it' }).click();
    await expect.poll(() => page.locator('#retire-comment-error').textContent()).toBe('Error: Say why the entry is retired');
    expect((await stored(entry.id)).entry.retired).toBe(false);
    await expectAccessible(page, 'retire confirmation with an error');

    await reason.fill('The licence ended');
    await page.getByRole('button', { name: 'Yes, retire it' }).click();
    await page.getByText('SageMath is retired.').waitFor();
    await page.getByText('This entry is retired: new requests cannot pick it.', { exact: false }).waitFor();
    await expect.poll(() => h1(page)).toBe('SageMath 10 in the catalogue Retired');
    await expect
      .poll(() => historyLines(page))
      .toEqual([expect.stringMatching(/^Revision 1: created/), expect.stringMatching(/^Revision 2: retired .*The licence ended$/)]);
    expect(await page.getByText('Install MATLAB from the software portal and open the demo test.').count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Edit the entry' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Retire this entry…' }).count()).toBe(0);
    expect((await stored(entry.id)).entry).toMatchObject({ retired: true, revision: 2 });
    await shot(page, 'catalogue-edit-retired');
    await expectAccessible(page, 'retired entry');

    // A tab opened before it was retired is told so when it saves, and then shows it retired.
    await other.getByLabel('Vendor (optional)').fill('The Sage developers');
    await other.getByRole('button', { name: 'Save changes' }).click();
    const alert = other.getByRole('alert').filter({ hasText: 'it is now at revision 2' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('It has been retired meanwhile.');
    await other.getByRole('button', { name: 'Load the newest revision' }).click();
    await expect.poll(() => h1(other)).toBe('SageMath 10 in the catalogue Retired');
    expect(await other.getByRole('heading', { name: 'Edit the entry' }).count()).toBe(0);
    expect((await stored(entry.id)).entry).toMatchObject({ retired: true, revision: 2, vendor: 'MathWorks' });
    await other.close();

    // In the list it shows only with retired entries, marked.
    await page.getByRole('link', { name: 'Back to the catalogue' }).click();
    await expect.poll(() => h1(page)).toBe('Software catalogue');
    await page.getByLabel('Show retired entries').check();
    await expect.poll(() => page.locator('.catalogue-entry h3').allTextContents()).toContain('SageMath 10 Retired');
    await page.close();
  });

  it('staff read an entry and its history, without edit or retire controls', async () => {
    const entry = await createEntry({ name: 'R', version: '4.4' });
    const page = await newTab(sys.browser);
    await openAs(page, `${sys.base}/#/catalogue`, 'staff');
    await page.getByRole('link', { name: 'R 4.4', exact: true }).click();
    await page.getByTestId('catalogue-history').waitFor();
    await expect.poll(() => h1(page)).toBe('R 4.4 in the catalogue');
    expect(page.url()).toContain(`#/catalogue/${entry.id}`);
    expect(await page.locator('form').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Save changes|Retire/ }).count()).toBe(0);
    expect(await page.getByText('Only IT approvers change the catalogue.').count()).toBe(1);
    await shot(page, 'catalogue-edit-staff');
    await expectAccessible(page, 'entry page (staff)');
    await page.close();
  });
});

const proposal = (name: string, version: string) => ({ name, version, licence: 'free', webService: false, url: null, platforms: ['windows', 'macos'] });

describe('adding proposed programs to the catalogue with IT’s approval, in Chromium', { timeout: 150_000 }, () => {
  it('ticked, the program is added as IT completes it; its errors are named at its fields', async () => {
    const r = await submitAndWaitForApprovers(sys, STAFF, softwareBody({ software: [proposal('GeoGebra', '6'), proposal('Paint', '1')] }));
    const page = await newTab(sys.browser);
    await openAs(page, `${sys.base}/#/registrations/${r.id}`, 'IT');
    const panel = page.getByRole('region', { name: /^Decision for IT/ });
    const part = panel.getByRole('group', { name: 'Add to the software catalogue' });
    await part.waitFor();
    const geogebra = panel.getByRole('checkbox', { name: 'Add GeoGebra 6 to the catalogue' });
    expect(await panel.getByRole('checkbox', { name: /to the catalogue$/ }).count()).toBe(2);
    await expectAccessible(page, 'IT decision panel with proposals');

    await geogebra.check();
    const field = (path: string) => page.locator(`#f-detail-IT-add-0-${path}`);
    expect(await field('name').inputValue()).toBe('GeoGebra');
    expect(await field('version').inputValue()).toBe('6');
    expect(await field('licence-kind').inputValue()).toBe('free');
    expect(await field('kind').inputValue()).toBe('installed');
    // The instructions are IT's to write: approving without them is stopped at the fields, nothing sent.
    await panel.getByRole('button', { name: 'Approve' }).click();
    await expect
      .poll(() => page.locator('#f-detail-IT-add-0-instructions-en-error').textContent())
      .toBe('Error: Install-and-test instructions in English is required');
    await expect.poll(() => focusedId(page)).toBe('f-detail-IT-add-0-instructions-en');
    expect((await sys.api.request('GET', `/registrations/${r.id}`, { as: STAFF })).body.status).toBe('PENDING_APPROVAL');
    await shot(page, 'catalogue-edit-add-errors');
    await expectAccessible(page, 'IT decision panel with an error in a proposal');

    await field('name').fill('GeoGebra Classic');
    await field('instructions-en').fill('Install GeoGebra Classic 6 and open the demo test.');
    await field('instructions-nb').fill('Installer GeoGebra Classic 6 og åpne demotesten.');
    // What only the API refuses (a body changed on its way) is named at the program's field too.
    await page.route(`**/registrations/${r.id}/decisions`, async (route) => {
      const sent = JSON.parse(route.request().postData() ?? '{}');
      sent.addToCatalogue[0].entry.licence.seats = 0;
      return route.continue({ postData: JSON.stringify(sent) });
    });
    await panel.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.locator('#f-detail-IT-add-0-licence-seats-error').textContent()).toBe('Error: At least one seat');
    await page.unroute(`**/registrations/${r.id}/decisions`);
    expect((await sys.api.request('GET', `/registrations/${r.id}`, { as: STAFF })).body.status).toBe('PENDING_APPROVAL');

    await panel.getByRole('button', { name: 'Approve' }).click();
    await waitForStatus(sys, STAFF, r.id, 'APPROVED');
    const added = await stored(`${r.id}-0`);
    expect(added.status).toBe(200);
    expect(added.entry).toMatchObject({
      name: 'GeoGebra Classic',
      version: '6',
      kind: 'installed',
      platforms: ['windows', 'macos'],
      licence: { kind: 'free', seats: null },
      instructions: { en: 'Install GeoGebra Classic 6 and open the demo test.', nb: 'Installer GeoGebra Classic 6 og åpne demotesten.' },
    });
    // The program left unticked was not added.
    expect((await stored(`${r.id}-1`)).status).toBe(404);
    await page.close();
  });

  it('unticked, approving adds nothing; staff never see the option', async () => {
    const r = await submitAndWaitForApprovers(sys, STAFF, softwareBody({ software: [proposal('Inkscape', '1.3')] }));
    const mine = await newTab(sys.browser);
    await openAs(mine, `${sys.base}/#/registrations/${r.id}`, 'staff');
    await mine.getByRole('heading', { name: 'History' }).waitFor();
    expect(await mine.getByRole('checkbox', { name: /to the catalogue$/ }).count()).toBe(0);
    await mine.close();

    const page = await newTab(sys.browser);
    await openAs(page, `${sys.base}/#/registrations/${r.id}`, 'IT');
    const panel = page.getByRole('region', { name: /^Decision for IT/ });
    await panel.getByRole('checkbox', { name: 'Add Inkscape 1.3 to the catalogue' }).waitFor();
    await panel.getByRole('button', { name: 'Approve' }).click();
    await waitForStatus(sys, STAFF, r.id, 'APPROVED');
    expect((await stored(`${r.id}-0`)).status).toBe(404);
    await page.close();
  });
});

describe('the catalogue picker is a combobox the keyboard works', { timeout: 150_000 }, () => {
  it('arrows move through the options, Enter adds one, Escape closes the list; the roles say so', async () => {
    await createEntry({ name: 'Keyboard Alpha', version: '1', vendor: 'Keys Inc' });
    await createEntry({ name: 'Keyboard Beta', version: '2', vendor: 'Keys Inc' });
    const page = await newTab(sys.browser);
    await openAs(page, `${sys.base}/#/new/software`, 'staff');
    const input = page.getByRole('combobox', { name: 'Search the catalogue' });
    await input.waitFor();
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    const listId = (await input.getAttribute('aria-controls')) as string;
    const listbox = page.locator(`#${listId}`);
    expect(await listbox.getAttribute('role')).toBe('listbox');

    await input.fill('keyboard');
    await expect.poll(() => input.getAttribute('aria-expanded')).toBe('true');
    const options = listbox.getByRole('option');
    expect(await options.allTextContents()).toEqual([expect.stringMatching(/^Keyboard Alpha 1/), expect.stringMatching(/^Keyboard Beta 2/)]);
    expect(await input.getAttribute('aria-activedescendant')).toBeNull();
    expect([await options.nth(0).getAttribute('aria-selected'), await options.nth(1).getAttribute('aria-selected')]).toEqual(['false', 'false']);
    await expectAccessible(page, 'picker open');

    const active = async () => {
      const id = await input.getAttribute('aria-activedescendant');
      return id ? page.locator(`#${id}`).textContent() : null;
    };
    await input.press('ArrowDown');
    await expect.poll(active).toMatch(/^Keyboard Alpha 1/);
    await input.press('ArrowDown');
    await expect.poll(active).toMatch(/^Keyboard Beta 2/);
    expect([await options.nth(0).getAttribute('aria-selected'), await options.nth(1).getAttribute('aria-selected')]).toEqual(['false', 'true']);
    await input.press('ArrowUp');
    await expect.poll(active).toMatch(/^Keyboard Alpha 1/);
    await shot(page, 'catalogue-edit-picker-open');
    await expectAccessible(page, 'picker with an active option');

    await input.press('Escape');
    await expect.poll(() => input.getAttribute('aria-expanded')).toBe('false');
    expect(await listbox.isHidden()).toBe(true);
    expect(await input.getAttribute('aria-activedescendant')).toBeNull();
    expect(await input.inputValue()).toBe('keyboard');
    await expect.poll(() => focusedId(page)).toBe('catalogue-search');
    // A second Escape clears the search; typing it again brings the options back.
    await input.press('Escape');
    await expect.poll(() => input.inputValue()).toBe('');
    await input.fill('keyboard');
    await expect.poll(() => input.getAttribute('aria-expanded')).toBe('true');
    await input.press('Escape');
    await expect.poll(() => input.getAttribute('aria-expanded')).toBe('false');

    await input.press('ArrowDown');
    await expect.poll(() => input.getAttribute('aria-expanded')).toBe('true');
    await input.press('ArrowDown');
    await expect.poll(active).toMatch(/^Keyboard Beta 2/);
    await input.press('Enter');
    const linked = page.getByTestId('catalogue-program');
    await linked.waitFor();
    expect(await linked.textContent()).toContain('Keyboard Beta');
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    expect(page.url()).toContain('#/new/software'); // Enter added the program; it did not send the form
    await shot(page, 'catalogue-edit-picker-keyboard');
    await page.close();
  });
});

describe('the catalogue’s code stays out of the start bundle', () => {
  it('index.html loads none of the catalogue page, the entry form, add-to-catalogue or the picker', () => {
    const dist = path.resolve(__dirname, '../../web/dist');
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/(?:src|href)="(?:\.\/|\/)?(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
    expect(scripts.length).toBeGreaterThan(0);
    const start = scripts.map((f) => readFileSync(path.join(dist, f), 'utf8')).join('\n');
    // Words only each lazy chunk has: the entry page, the entry form's fields, the IT panel's option, the picker's listbox.
    const all = readdirSync(path.join(dist, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(path.join(dist, 'assets', f), 'utf8'))
      .join('\n');
    for (const word of ['Load the newest revision', 'Install-and-test instructions in English', 'Add to the software catalogue', 'Catalogue entries']) {
      expect(all, word).toContain(word);
      expect(start, word).not.toContain(word);
    }
  });
});
