/**
 * `npm test`: builds the web app (the browser suites load it), then runs every test suite
 * (vitest) and the static checks (scripts/checks.ts) side by side. The suites keep the
 * machine's priority; the checks run at a lower one, two at a time, so they take the CPU the
 * suites leave while they wait on a browser, a JVM or a process, and the rest after. Their
 * results print after the suites' own summary. The exit code is non-zero if a suite or a check
 * failed. Arguments go to vitest (`npm test -- tests/unit` runs only those files, with every
 * check).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildWeb } from '../local/web-build';
import { type CheckResult, reportLine, runChecks } from './checks';

const run = (command: string, args: string[]) =>
  new Promise<number>((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

const started = Date.now();
// Built first, as local mode and the deployed stack take it.
try {
  await buildWeb();
} catch (error) {
  process.stdout.write(`\nFailed: ${(error as Error).message}\n`);
  process.exit(1);
}

const checks: Promise<CheckResult[]> = runChecks({ parallel: 2, niceness: 10 });
// The suites' closing `N passed, N failed, N skipped` line (tests/summary-reporter.ts), printed again last.
const summaryDir = mkdtempSync(path.join(tmpdir(), 'exam-forms-test-'));
const summaryFile = path.join(summaryDir, 'summary.txt');
process.env.TEST_SUMMARY_FILE = summaryFile;
const suites = await run('npx', ['vitest', 'run', ...process.argv.slice(2)]);
const results = await checks;
const summary = existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : 'the suites did not finish';
rmSync(summaryDir, { recursive: true, force: true });

process.stdout.write(`\nStatic checks (npm run checks):\n${results.map(reportLine).join('')}`);
const failed = [...(suites === 0 ? [] : ['the test suites']), ...results.filter((r) => !r.ok).map((r) => r.script)];
process.stdout.write(`\nnpm test: ${((Date.now() - started) / 1000).toFixed(1)} s${failed.length > 0 ? `; failed: ${failed.join(', ')}` : ''}\n${summary}\n`);
process.exit(failed.length > 0 ? 1 : 0);
