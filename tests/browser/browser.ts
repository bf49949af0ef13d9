import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { PROJECT_ROOT as ROOT } from '../../infra/paths';

/**
 * Debian's Chromium driven by playwright-core (no browser download), plus the helpers the
 * browser tests share: signing in through the page, axe-core checks, screenshots.
 */
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'browser');
/**
 * Debian's headless shell when it is installed (`apt-get install chromium-headless-shell`: the
 * same engine without the desktop browser around it, about a tenth less CPU per file here),
 * else Debian's Chromium. CHROMIUM_BIN names another.
 */
const CHROMIUM = [process.env.CHROMIUM_BIN, '/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((bin) => bin && existsSync(bin)) ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Every tab in one renderer process. By default each new tab got a renderer of its own (21
  // for the staff tasks' 10 tabs, with the frames): a process that starts Blink and V8, loads
  // the app and axe-core again, and faults in its memory page by page, which a virtual machine
  // makes dear. With one, the browser suites took 166 s of CPU against 263 s, and 93 s against
  // 143 s of wall time, all passing (docs/performance.md). The tests are of the app, which
  // runs the same in a shared process; site isolation is Chromium's defence, not the app's.
  '--renderer-process-limit=1',
  '--disable-site-isolation-trials',
  // The compositor's GPU thread and the network service inside the browser process, not in
  // two processes of their own: 8–28% less CPU for the same files in three paired runs.
  '--in-process-gpu',
  '--enable-features=NetworkServiceInProcess2',
  '--disable-features=site-per-process,IsolateOrigins,NetworkServiceSandbox',
];

export interface Browser {
  context: BrowserContext;
  close: () => Promise<void>;
}

export const launchBrowser = async (): Promise<Browser> => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium-headless-shell (or chromium)`);
  const profile = mkdtempSync(path.join(tmpdir(), 'exam-forms-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1200, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/Oslo',
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
};

/** Uncaught script errors and Content-Security-Policy violations of every tab; a test file asserts there were none. */
export const pageErrors: string[] = [];

/**
 * A new tab. Each tab keeps its own session (sessionStorage), so one browser can hold the
 * teacher, the IT approver and the ED approver side by side.
 */
export const newTab = async (browser: Browser): Promise<Page> => {
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  // The app is served with the deployed CSP: anything it blocks is a defect of the page.
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) pageErrors.push(`${page.url()}: ${message.text()}`);
  });
  return page;
};

export type Preset = 'staff' | 'IT' | 'ED';
const PRESET_LABEL: Record<Preset, string> = {
  staff: 'Kari Nordmann, teacher (staff)',
  IT: 'Ivar IT, IT approver',
  ED: 'Eva ED, Education Division approver',
};

/** Opens a route; when the sign-in page comes first, signs in as the preset and returns to the route. */
export const openAs = async (page: Page, url: string, who: Preset) => {
  await page.goto(url);
  const heading = page.getByRole('heading', { level: 1 });
  await heading.waitFor();
  if ((await heading.textContent()) === 'Sign in') {
    await page.getByLabel(PRESET_LABEL[who]).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => !u.hash.startsWith('#/sign-in'));
  }
};

/** Screenshots are written only when asked for (`SCREENSHOTS=1 npm test`): each costs a full-page render and a PNG encode. */
const SCREENSHOTS = process.env.SCREENSHOTS === '1';

export const shot = async (page: Page, name: string) => {
  if (!SCREENSHOTS) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
};

interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string[] }[];
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const axeResults: Record<string, AxeViolation[]> = {};

/**
 * Runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules and best practices) on the page as it is
 * now; returns the serious and critical violations. Every result is kept for the report.
 */
export const axeCheck = async (page: Page, label: string): Promise<AxeViolation[]> => {
  // Evaluated through the DevTools protocol, which the page's CSP (no inline scripts) does not govern;
  // once per document (the app changes routes without loading a new one).
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (o: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return result.violations;
  })) as AxeViolation[];
  axeResults[label] = violations;
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(
    path.join(ARTIFACTS, 'axe-report.json'),
    JSON.stringify(
      Object.fromEntries(
        Object.entries(axeResults).map(([page, v]) => [
          page,
          v.map((x) => ({ id: x.id, impact: x.impact, help: x.help, targets: x.nodes.map((n) => n.target.join(' ')) })),
        ]),
      ),
      null,
      2,
    ),
  );
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
};

/** The id of the element that has the focus. */
export const focusedId = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id ?? '');

/** The tag name and the text of the element that has the focus. */
export const focusedElement = (page: Page) =>
  page.evaluate(() => {
    const active = (globalThis as unknown as { document: { activeElement: { tagName: string; textContent: string | null } | null } }).document.activeElement;
    return { tag: active?.tagName ?? '', text: active?.textContent ?? '' };
  });

/** `2027-03-10T09:00` for an ISO date-time: what a datetime-local input takes. */
export const localInput = (iso: string) => iso.slice(0, 16);

/** Local mode with the web app built, and Chromium beside it: what a browser test file starts once and stops at its end. */
export const startBrowserSystem = async () => {
  const { startTestSystem } = await import('../support/local-system');
  const { system, api } = await startTestSystem();
  const browser = await launchBrowser();
  return {
    system,
    api,
    browser,
    base: system.url,
    stop: async () => {
      await browser.close();
      await system.stop();
    },
  };
};
