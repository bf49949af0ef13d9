import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_ENV } from '../../bench/bundles';
import { originalStack } from '../../functions/lib/stack-trace';
import { bundleFunction } from '../../infra/bundling/function-bundle';

/**
 * Deployed functions run without `--enable-source-maps`; an error that leaves a handler, or is
 * logged, gets its stack mapped back to the sources through the bundle's source map.
 */

let outdir: string;
let entryFile: string;
beforeAll(async () => {
  outdir = mkdtempSync(path.join(tmpdir(), 'exam-forms-stack-'));
  ({ entryFile } = await bundleFunction('workflow/plan-approval-round.ts', outdir));
}, 60_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Calls the bundled handler in a fresh `node`, as Lambda would (no test runner rewriting stacks), and reports the error. */
const errorOfBundle = async (event: unknown) => {
  const script = `
    const { handler } = await import(process.argv[1]);
    try { await handler(JSON.parse(process.argv[2])); console.log('{}'); }
    catch (e) { console.log(JSON.stringify({ name: e.name, stack: e.stack })); }`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, pathToFileURL(entryFile).href, JSON.stringify(event)], {
    env: { PATH: process.env.PATH ?? '', ...HANDLER_ENV },
  });
  return JSON.parse(stdout) as { name?: string; stack?: string };
};

describe('stack traces of the minified functions', () => {
  it('an error leaving a workflow step names the source files and lines, not the bundle', async () => {
    const error = await errorOfBundle({ not: 'an execution input' });
    // The name Step Functions and the logs see survives minification.
    expect(error.name).toBe('ValidationError');
    const parseLine =
      readFileSync('shared/contracts/parse.ts', 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('throw new ValidationError')) + 1;
    expect(error.stack).toContain(`shared/contracts/parse.ts:${parseLine}:`);
    expect(error.stack).toMatch(/functions\/workflow\/plan-approval-round\.ts:\d+:\d+/);
    expect(error.stack).not.toContain('index.mjs:');
  });

  it('leaves frames alone that have no source map beside them', () => {
    const stack = 'Error: x\n    at g (file:///nowhere/else.mjs:3:7)\n    at node:internal/process/task_queues:105:5';
    expect(originalStack(stack)).toBe(stack);
  });
});
