import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FunctionBundle, KB, bundleAll } from '../../bench/bundles';
import { RUNTIME_ONLY_MODULES } from '../../infra/constructs/app-function';

/**
 * Every deployed function, bundled as `cdk synth` bundles it, stays small.
 *
 * The targets are 350 KB minified, 450 KB for a function with three AWS clients (KB = 1024
 * bytes; `npm run bench` reports each function against them). With the SDK v3 clients, zod and
 * Powertools that we pin, a function with two or three clients cannot meet them: one SDK client
 * with its Smithy core is about 200 KB, zod about 100 KB (figures in docs/performance.md). So
 * the test holds each function to the target, or, beyond it, to a ceiling for its number of
 * clients: what they cost plus about 10 % headroom. Anything that grows past that (a module
 * that imports zod's locales, a second copy of a client, a template engine per handler) fails.
 */
const CEILING_KB_BY_CLIENTS = [350, 400, 500, 580];

let outdir: string;
let bundles: FunctionBundle[];
beforeAll(async () => {
  outdir = mkdtempSync(path.join(tmpdir(), 'exam-forms-bundles-'));
  bundles = await bundleAll(outdir);
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;
const largest = (b: FunctionBundle) => b.packages.slice(0, 6).map((p) => `${p.name} ${kb(p.bytes)}`).join(', ');

describe('function bundles', () => {
  it('builds every function the stack deploys', () => {
    expect(bundles.length).toBeGreaterThanOrEqual(13);
  });

  it('each stays within its target, or within the ceiling its AWS clients allow', () => {
    const report = bundles.map((b) => {
      const limit = Math.max(b.budget, (CEILING_KB_BY_CLIENTS[b.clients.length] ?? 350) * KB);
      return { entry: b.entry, clients: b.clients.length, size: kb(b.bytes), limit: kb(limit), ok: b.bytes <= limit, largest: largest(b) };
    });
    expect(report.filter((r) => !r.ok), 'too large: see the largest inputs of each').toEqual([]);
  });

  it('carries only the English zod messages, not every locale (import * as z from "zod")', () => {
    const withLocales = bundles.filter((b) => b.packages.some((p) => p.name === 'zod' && p.bytes > 150 * KB)).map((b) => b.entry);
    expect(withLocales, 'a module imports { z } from "zod", which pulls in every locale; write import * as z from "zod"').toEqual([]);
  });

  it('leaves the OpenAPI generator to the function that serves the document', () => {
    const users = bundles.filter((b) => b.packages.some((p) => p.name === 'zod-openapi')).map((b) => b.entry);
    expect(users).toEqual(['http/get-openapi.ts']);
  });

  it('bundles none of the credential sources Lambda never uses', () => {
    const leaked = bundles.flatMap((b) => b.packages.filter((p) => RUNTIME_ONLY_MODULES.includes(p.name)).map((p) => `${b.entry}: ${p.name}`));
    expect(leaked).toEqual([]);
  });
});
