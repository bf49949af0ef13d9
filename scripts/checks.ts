/**
 * `npm run checks`: the static checks `npm test` runs before the suites (formatting, module
 * boundaries, types, lint, the web build), as many at once as the machine has cores. Each is
 * a single-threaded process, so on two cores two at a time take about half as long as one
 * after another. A check prints one line when it ends, and its whole output when it failed;
 * the exit code is non-zero if any check failed. Each check is also an npm script of its own.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Longest first, so the last to start is a short one. */
const CHECKS = ['lint', 'typecheck', 'build:web', 'format:check', 'arch'];

const run = (script: string) =>
  new Promise<{ script: string; ok: boolean; seconds: number; output: string }>((resolve) => {
    const started = Date.now();
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ script, ok: code === 0, seconds: (Date.now() - started) / 1000, output }));
  });

const queue = [...CHECKS];
const failed: string[] = [];
const worker = async () => {
  for (let script = queue.shift(); script; script = queue.shift()) {
    const r = await run(script);
    process.stdout.write(`${r.ok ? '✓' : '✗'} ${r.script} (${r.seconds.toFixed(1)} s)\n${r.ok ? '' : `${r.output.trimEnd()}\n`}`);
    if (!r.ok) failed.push(r.script);
  }
};
await Promise.all(Array.from({ length: Math.min(availableParallelism(), CHECKS.length) }, worker));
if (failed.length > 0) {
  process.stdout.write(`\nFailed: ${failed.join(', ')}\n`);
  process.exit(1);
}
