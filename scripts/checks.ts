/**
 * The static checks (formatting, module boundaries, types, lint, the web app's types), each an
 * npm script of its own. `npm run checks` runs them alone, as many at once as the machine has
 * cores; `npm test` (scripts/test.ts) runs them beside the test suites, at a lower priority. A
 * check prints one line when it ends, and its whole output when it failed; the exit code is
 * non-zero if any check failed.
 */
import { spawn } from 'node:child_process';
import { availableParallelism, setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';

/** Longest first, so the last to start is a short one. */
export const CHECKS = ['lint', 'typecheck', 'typecheck:web', 'format:check', 'arch'] as const;

export interface CheckResult {
  script: string;
  ok: boolean;
  seconds: number;
  output: string;
}

const run = (script: string, niceness: number) =>
  new Promise<CheckResult>((resolve) => {
    const started = Date.now();
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Set before npm has started the tool it runs, which inherits it.
    if (niceness > 0 && child.pid !== undefined) setPriority(child.pid, niceness);
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ script, ok: code === 0, seconds: (Date.now() - started) / 1000, output }));
  });

/** One check's line, with the output of one that failed. */
export const reportLine = (r: CheckResult) => `${r.ok ? '✓' : '✗'} ${r.script} (${r.seconds.toFixed(1)} s)\n${r.ok ? '' : `${r.output.trimEnd()}\n`}`;

/** Runs the checks, `parallel` at a time, each at the given niceness (0: as this process). */
export const runChecks = async (options: { parallel: number; niceness?: number; onResult?: (r: CheckResult) => void }): Promise<CheckResult[]> => {
  const queue: string[] = [...CHECKS];
  const results: CheckResult[] = [];
  const worker = async () => {
    for (let script = queue.shift(); script; script = queue.shift()) {
      const r = await run(script, options.niceness ?? 0);
      results.push(r);
      options.onResult?.(r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel, CHECKS.length) }, worker));
  return results;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Each check is a single-threaded process: on two cores, two at a time take about half as long as one after another.
  const results = await runChecks({ parallel: availableParallelism(), onResult: (r) => process.stdout.write(reportLine(r)) });
  const failed = results.filter((r) => !r.ok).map((r) => r.script);
  if (failed.length > 0) {
    process.stdout.write(`\nFailed: ${failed.join(', ')}\n`);
    process.exit(1);
  }
}
