import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { IT_APPROVER, STAFF, examStartIn, midtermBody } from '../support/fixtures';
import { decide } from '../support/workflow';
import { type Browser, axeCheck, localInput, newTab, openAs, pageErrors, shot, startBrowserSystem } from './browser';

/**
 * The teacher's form and the pages in words a person uses, in English and Bokmål: every rule's
 * refusal with the first submit, periods as dates, durations as hours and minutes, a warning
 * before unsaved changes are lost; pages that are not there without a useless retry; and a
 * 390 px phone: tables without words broken mid-word, the form's live facts in reach.
 */

let stop: () => Promise<void> = async () => undefined;
let api: ApiClient;
let browser: Browser;
let base: string;

beforeAll(async () => {
  ({ api, browser, base, stop } = await startBrowserSystem());
}, 180_000);

afterAll(() => stop());

const DAY = 24 * 3600 * 1000;
const expectAccessible = async (page: Page, label: string) => expect(await axeCheck(page, label)).toEqual([]);
const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

type Lang = 'en' | 'nb';
/** A new tab that starts in English (the language a tab chose is kept for the next): sign-in, then each test picks its language. */
const tab = async (): Promise<Page> => {
  const page = await newTab(browser);
  await page.addInitScript(() =>
    (globalThis as unknown as { localStorage: { setItem: (k: string, v: string) => void } }).localStorage.setItem('exam-forms.lang', 'en'),
  );
  return page;
};
const setLanguage = async (page: Page, lang: Lang) => {
  if ((await page.locator('html').getAttribute('lang')) !== lang) await page.getByRole('button', { name: lang === 'nb' ? 'Norsk' : 'English' }).click();
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(lang);
};

/** A start at 09:00 inside a default main exam period, between 15 and 300 days away (registrable but for R2), with the period in words. */
const startInMainPeriod = () => {
  const year = new Date().getUTCFullYear();
  const candidates = [year, year + 1].flatMap((y) => [
    { start: `${y}-05-20T09:00`, words: { en: '6 May – 14 June', nb: '6. mai – 14. juni' } },
    { start: `${y}-12-01T09:00`, words: { en: '25 November – 20 December', nb: '25. november – 20. desember' } },
  ]);
  const found = candidates.find((c) => {
    const days = (Date.parse(`${c.start}:00Z`) - Date.now()) / DAY;
    return days > 15 && days < 300;
  });
  if (!found) throw new Error('no main-period date in range');
  return found;
};

/** The little of the DOM these checks read in the page (the tests are compiled without the DOM library). */
interface TestNode {
  textContent: string | null;
}
interface TestElement extends TestNode {
  scrollWidth: number;
  clientWidth: number;
}
interface TestDocument {
  documentElement: { scrollWidth: number };
  activeElement: TestNode | null;
  querySelectorAll: (s: string) => Iterable<TestElement>;
  createTreeWalker: (root: TestElement, what: number) => { nextNode: () => TestNode | null };
  createRange: () => {
    setStart: (n: TestNode, o: number) => void;
    setEnd: (n: TestNode, o: number) => void;
    getClientRects: () => Iterable<{ width: number; top: number }>;
  };
}
interface TestWindow {
  Event: new (type: string, init: { cancelable: boolean }) => { defaultPrevented: boolean };
  dispatchEvent: (e: unknown) => void;
  history: { back: () => void };
}

/**
 * Answers the page's next question (the leave-the-form dialog) and resolves with what it asked
 * once the answer is in, so that the page is never closed under a pending answer.
 */
const answerNext = (page: Page, how: 'accept' | 'dismiss') =>
  new Promise<string>((resolve, reject) => {
    page.once('dialog', (d) => {
      const asked = d.message();
      (how === 'accept' ? d.accept() : d.dismiss()).then(() => resolve(asked), reject);
    });
  });

const field = (page: Page, path: string) => page.locator(`#f-${path.replace(/\./g, '-')}`);
const submitButton = (page: Page) => page.locator('form button[type="submit"]');
const pageText = (page: Page) => page.locator('main').innerText();

/** The words in table cells (or other elements) that the browser split over two lines (a break inside a word, not at a space or hyphen). */
const wordsBrokenIn = (page: Page, selector = 'main th, main td') =>
  page.evaluate((selector) => {
    const doc = (globalThis as unknown as { document: TestDocument }).document;
    const broken: string[] = [];
    for (const cell of doc.querySelectorAll(selector)) {
      const walker = doc.createTreeWalker(cell, 4 /* NodeFilter.SHOW_TEXT */);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const m of text.matchAll(/[^\s\-–/]+/g)) {
          const range = doc.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(m[0]);
        }
      }
    }
    return broken;
  }, selector);

const WORDS = {
  en: {
    required: 'Course name is required',
    drawings: 'A home exam with hand drawings needs at least one upload assignment',
    duration: '(2 h 30 min)',
    leave: 'Your changes have not been sent',
    nav: 'My registrations',
    notFound: 'Not found: it does not exist, or you cannot see it.',
    home: 'Go to the start page',
    retry: 'Try again',
    approved: 'Approved',
    ed: 'Education Division (ED)',
    barShow: 'What follows',
    derived: 'What follows from the form',
  },
  nb: {
    required: 'Emnenavn må fylles ut',
    drawings: 'En hjemmeeksamen med håndtegninger trenger minst én opplastingsoppgave',
    duration: '(2 t 30 min)',
    leave: 'Endringene dine er ikke sendt',
    nav: 'Mine registreringer',
    notFound: 'Fant den ikke: den finnes ikke, eller du kan ikke se den.',
    home: 'Gå til startsiden',
    retry: 'Prøv igjen',
    approved: 'Godkjent',
    ed: 'Utdanningsavdelingen (UA)',
    barShow: 'Hva følger',
    derived: 'Dette følger av skjemaet',
  },
} as const;

describe('words a person uses, in Chromium', { timeout: 120_000 }, () => {
  it.each(['en', 'nb'] as const)('%s: the first submit shows every error at once, the main period as dates, the duration typed as hours', async (lang) => {
    const w = WORDS[lang];
    const page = await tab();
    await openAs(page, `${base}/#/new/midterm`, 'staff');
    await setLanguage(page, lang);
    const period = startInMainPeriod();
    // Course code left empty; R2 (main period) and R5 (hand drawings without uploads) are rules the server checks too.
    await page.locator('#f-exam-type input[value="home"]').check();
    await field(page, 'exam.start').fill(period.start);
    await field(page, 'exam.durationMinutes').fill(lang === 'nb' ? '2t 30m' : '2 h 30 min');
    await expect.poll(() => page.locator('#f-exam-durationMinutes-hint').innerText()).toContain(w.duration);
    await field(page, 'questionSet.uploadAssignments').fill('0');
    await field(page, 'questionSet.handDrawings').check();

    await submitButton(page).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    const listed = (await summary.getByRole('link').allTextContents()).join('\n');
    expect(listed).toContain(w.required);
    expect(listed).toContain(`(${period.words[lang]})`);
    expect(listed).toContain(w.drawings);
    // The same refusals beside the fields, and no date written as 05-06 anywhere.
    expect(await page.locator('#f-exam-start-error').innerText()).toContain(period.words[lang]);
    expect(await page.locator('#f-questionSet-uploadAssignments-error').innerText()).toContain(w.drawings);
    expect(await pageText(page)).not.toMatch(/\b\d{2}-\d{2}\b/);
    await shot(page, `words-form-all-errors-${lang}`);
    await expectAccessible(page, `form with every error at once (${lang})`);

    // The API was never asked: nothing was stored.
    const mine = await api.request('GET', '/registrations?view=mine', { as: STAFF });
    expect((mine.body.items as unknown[]).length).toBe(0);
    await page.close();
  });

  it('asks before leaving a form with unsaved changes (a link, back, closing the tab), and not after it is sent', async () => {
    const page = await tab();
    await openAs(page, `${base}/#/mine`, 'staff');
    await setLanguage(page, 'nb');
    await page.goto(`${base}/#/new/midterm`);
    await field(page, 'course.code').waitFor();
    const beforeUnloadCancelled = () =>
      page.evaluate(() => {
        const win = globalThis as unknown as TestWindow;
        const event = new win.Event('beforeunload', { cancelable: true });
        win.dispatchEvent(event);
        return event.defaultPrevented;
      });
    expect(await beforeUnloadCancelled()).toBe(false);

    await field(page, 'course.code').fill('TDT4100');
    await expect.poll(beforeUnloadCancelled).toBe(true);

    // The browser's back button asks, in the page's language; staying keeps the form and what was typed.
    const asked: string[] = [];
    const first = answerNext(page, 'dismiss');
    await page.evaluate(() => (globalThis as unknown as TestWindow).history.back());
    asked.push(await first);
    expect(asked[0]).toContain(WORDS.nb.leave);
    // The page puts the address back once the question is answered.
    await expect.poll(() => new URL(page.url()).hash).toBe('#/new/midterm');
    expect(await field(page, 'course.code').inputValue()).toBe('TDT4100');

    // So does an in-app link.
    const second = answerNext(page, 'dismiss');
    await page.getByRole('link', { name: WORDS.nb.nav }).click();
    asked.push(await second);
    expect(asked[1]).toContain(WORDS.nb.leave);
    // The page puts the address back once the question is answered.
    await expect.poll(() => new URL(page.url()).hash).toBe('#/new/midterm');
    expect(await field(page, 'course.code').inputValue()).toBe('TDT4100');

    // Fill in the rest and send it: no question on the way to the new registration.
    await field(page, 'course.name').fill('Objektorientert programmering');
    await field(page, 'department').fill('IDI');
    await page.locator('#f-exam-type input[value="home"]').check();
    await field(page, 'exam.start').fill(localInput(examStartIn(60)));
    await field(page, 'exam.durationMinutes').fill('3:00');
    await field(page, 'exam.candidates').fill('40');
    await field(page, 'questionSet.uploadAssignments').fill('1');
    page.on('dialog', (d) => {
      asked.push(`unexpected: ${d.message()}`);
      // Recorded above, which fails the test; the answer itself may find the page gone.
      d.accept().catch(() => undefined);
    });
    await submitButton(page).click();
    await page.waitForURL(/#\/registrations\/[^/]+$/);
    expect(asked).toHaveLength(2);
    await expect.poll(beforeUnloadCancelled).toBe(false);
    // Sent in Bokmål: the registration keeps the language, so the teacher's e-mails come in it; the duration went as minutes.
    const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
    const stored = await api.request('GET', `/registrations/${id}`, { as: STAFF });
    expect(stored.body.language).toBe('nb');
    expect(stored.body.form.exam.durationMinutes).toBe(180);
    // Accepting the question leaves the form.
    await page.goto(`${base}/#/new/software`);
    await field(page, 'course.code').fill('TDT4180');
    page.removeAllListeners('dialog');
    const leaving = answerNext(page, 'accept');
    await page.getByRole('link', { name: WORDS.nb.nav }).click();
    expect(await leaving).toContain(WORDS.nb.leave);
    await page.waitForURL(/#\/mine$/);
    await page.close();
  });

  it.each(['en', 'nb'] as const)('%s: a registration that is not there says so, with the way home and no "Try again"', async (lang) => {
    const w = WORDS[lang];
    const page = await tab();
    await openAs(page, `${base}/#/mine`, 'staff');
    await setLanguage(page, lang);
    await page.goto(`${base}/#/registrations/no-such-registration`);
    const notice = page.getByRole('alert');
    await expect.poll(() => notice.innerText()).toContain(w.notFound);
    expect(await notice.getByRole('link', { name: w.home }).count()).toBe(1);
    expect(await page.getByRole('button', { name: w.retry }).count()).toBe(0);
    await expectAccessible(page, `registration not found (${lang})`);
    await page.close();
  });
});

describe('a 390 px phone', { timeout: 120_000 }, () => {
  it.each(['en', 'nb'] as const)('%s: the approvals table stacks with every word whole, group names as the app names them', async (lang) => {
    const w = WORDS[lang];
    const res = await api.request('POST', '/registrations', { as: STAFF, body: midtermBody({ course: { code: 'TMA4100', name: 'Matematikk 1' } }) });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    await ApiClient.eventually(
      async () => (await decide({ api }, IT_APPROVER, id, 'IT', 'approve', 'Support booked for the whole exam')).status === 200,
      15_000,
      'IT decision',
    );

    const page = await tab();
    await page.setViewportSize({ width: 390, height: 844 });
    await openAs(page, `${base}/#/registrations/${encodeURIComponent(id)}`, 'staff');
    await setLanguage(page, lang);
    await expect.poll(() => h1(page)).toBe('TMA4100 Matematikk 1');
    await expect.poll(() => page.locator('main table').first().innerText()).toContain(w.approved);
    expect(await page.locator('main table').first().innerText()).toContain(w.ed);
    expect(await wordsBrokenIn(page)).toEqual([]);
    expect(await wordsBrokenIn(page, 'main h1, main h2')).toEqual([]);
    // Each cell is as wide as its words: nothing overflows its cell or the page.
    const overflowing = await page.evaluate(() =>
      [...(globalThis as unknown as { document: TestDocument }).document.querySelectorAll('main tbody th, main tbody td')]
        .filter((c) => c.scrollWidth > c.clientWidth + 1)
        .map((c) => c.textContent),
    );
    expect(overflowing).toEqual([]);
    expect(await page.evaluate(() => (globalThis as unknown as { document: TestDocument }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    if (lang === 'nb') expect(await pageText(page)).not.toMatch(/\bED\b/);
    await shot(page, `phone-detail-approvals-${lang}`);
    await expectAccessible(page, `registration detail on a 390 px phone (${lang})`);
    await page.close();
  });

  it.each(['en', 'nb'] as const)('%s: a bar at the bottom of the form says what follows and takes the user there', async (lang) => {
    const w = WORDS[lang];
    const page = await tab();
    await page.setViewportSize({ width: 390, height: 844 });
    await openAs(page, `${base}/#/new/midterm`, 'staff');
    await setLanguage(page, lang);
    await page.locator('#f-exam-type input[value="school"]').check();
    await field(page, 'exam.start').fill(localInput(examStartIn(60)));
    await field(page, 'exam.durationMinutes').fill('3 h');
    await field(page, 'questionSet.uploadAssignments').fill('1');

    // While filling in the top of the form, the bar is on screen, with the extra time and the approvers.
    const bar = page.getByTestId('form-bar');
    await expect.poll(() => bar.innerText()).toContain('+15 min');
    expect(await bar.innerText()).toContain(lang === 'nb' ? 'UA + IT' : 'ED + IT');
    await field(page, 'course.code').scrollIntoViewIfNeeded();
    const box = await bar.boundingBox();
    expect(box && box.y + box.height).toBeLessThanOrEqual(844);
    expect(box && box.y).toBeGreaterThan(844 / 2);
    expect(await wordsBrokenIn(page, 'main h1, main h2, main legend, main label')).toEqual([]);
    await shot(page, `phone-form-bar-${lang}`);
    await expectAccessible(page, `form with its status bar on a phone (${lang})`);

    await bar.getByRole('button', { name: w.barShow }).click();
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: TestDocument }).document.activeElement?.textContent ?? '')).toBe(w.derived);
    expect(await page.evaluate(() => (globalThis as unknown as { document: TestDocument }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // A wide screen shows the facts beside the form: no bar.
    await page.setViewportSize({ width: 1200, height: 900 });
    await expect.poll(() => bar.isVisible()).toBe(false);
    await page.close();
  });

  it('raised no script error or CSP violation on any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
