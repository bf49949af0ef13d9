import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Stack } from 'aws-cdk-lib';
import { build } from 'esbuild';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_CLIENTS, type FunctionBundle, KB, bundleAll } from '../../bench/bundles';
import { BUILD_OPTIONS, RUNTIME_ONLY_MODULES, literalSchemaKeys, sdkSchemaLiteralKeys } from '../../infra/bundling/function-bundle';
import { AppFunction } from '../../infra/constructs/app-function';
import { buildOpenApiDocument } from '../../shared/api/openapi';
import { testApp } from '../support/synth';

/**
 * Every deployed function, bundled as `cdk synth` bundles it, stays within its target: 350 KB
 * minified for what a cold start loads with one AWS client, 50 KB more for each other client (KB =
 * 1024 bytes; `npm run bench` prints the figures and each function's import time).
 */

let outdir: string;
let bundles: FunctionBundle[];
beforeAll(async () => {
  outdir = mkdtempSync(path.join(tmpdir(), 'exam-forms-bundles-'));
  bundles = await bundleAll(outdir);
}, 180_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;
const largest = (b: FunctionBundle) =>
  b.packages
    .slice(0, 6)
    .map((p) => `${p.name} ${kb(p.bytes)}`)
    .join(', ');
const carries = (b: FunctionBundle, name: string) => b.packages.some((p) => p.name === name);

describe('function bundles', () => {
  it('builds every function the stack deploys', () => {
    expect(bundles.length).toBeGreaterThanOrEqual(19);
  });

  it('each stays within its target: 350 KB with one AWS client, 50 KB more for each other client', () => {
    const over = bundles
      .filter((b) => b.bytes > b.budget)
      .map((b) => ({ entry: b.entry, clients: b.clients.length, size: kb(b.bytes), target: kb(b.budget), largest: largest(b) }));
    expect(over, 'too large: see the largest inputs of each').toEqual([]);
  });

  it("uses zod's functional API (zod/mini), not its classic one with every schema method", () => {
    const classic = bundles.filter((b) => b.packages.some((p) => p.name === 'zod' && p.bytes > 60 * KB));
    expect(classic.map((b) => `${b.entry}: ${kb(b.packages.find((p) => p.name === 'zod')?.bytes ?? 0)}`)).toEqual([]);
  });

  it('bundles the OpenAPI generator nowhere: the function that serves the document gets it built while bundling', () => {
    expect(bundles.filter((b) => carries(b, 'zod-openapi')).map((b) => b.entry)).toEqual([]);
  });

  it('serves, from the bundled get-openapi, the document the sources build', async () => {
    const openapi = bundles.find((b) => b.entry === 'http/get-openapi.ts') as FunctionBundle;
    const { handler } = (await import(pathToFileURL(openapi.file).href)) as { handler: (event: unknown) => Promise<{ statusCode: number; body: string }> };
    const response = await handler({ rawPath: '/openapi.json', routeKey: 'GET /openapi.json', headers: {}, requestContext: {} });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual(buildOpenApiDocument());
  });

  it('bundles none of the credential sources Lambda never uses', () => {
    const leaked = bundles.flatMap((b) =>
      [...b.packages.map((p) => p.name), ...b.lazyPackages].filter((p) => RUNTIME_ONLY_MODULES.includes(p)).map((p) => `${b.entry}: ${p}`),
    );
    expect(leaked).toEqual([]);
  });

  it('keeps what only a dynamic import() reaches (event streams, browser detection) out of the cold start', () => {
    const withClients = bundles.filter((b) => b.clients.length > 0);
    expect(withClients.filter((b) => !b.lazyPackages.includes('bowser') || carries(b, 'bowser')).map((b) => b.entry)).toEqual([]);
    for (const b of withClients) expect(b.lazyBytes, b.entry).toBeGreaterThan(20 * KB);
  });

  it('loads the tracer and the X-Ray SDK only where tracing is on, in a chunk of their own', () => {
    for (const b of bundles) {
      expect({ entry: b.entry, static: b.packages.map((p) => p.name).filter((p) => /tracer|xray|cls-hooked/.test(p)) }).toEqual({ entry: b.entry, static: [] });
      expect({ entry: b.entry, lazy: b.lazyPackages.includes('aws-xray-sdk-core') }).toEqual({ entry: b.entry, lazy: true });
    }
  });

  it('carries only the SES v2 operations the code sends, not all of the service', () => {
    const sesUsers = bundles.filter((b) => carries(b, '@aws-sdk/client-sesv2'));
    expect(sesUsers.length).toBeGreaterThanOrEqual(4);
    for (const b of sesUsers) {
      const ses = b.packages.find((p) => p.name === '@aws-sdk/client-sesv2');
      expect(ses?.bytes, b.entry).toBeLessThan(25 * KB);
      // An operation no function calls, with its request and response shapes.
      expect(readFileSync(b.file, 'utf8'), b.entry).not.toContain('BatchGetMetricData');
    }
  });
});

describe('schemas in shared/contracts', () => {
  const contracts = path.resolve(import.meta.dirname, '../../shared/contracts');
  const PURE = /^\/\* @__PURE__ \*\//;

  /** Top-level declarations whose value calls something at module load (a schema built, a helper run), not marked pure. */
  const unmarked = (file: string) => {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const calls = (node: ts.Node): boolean =>
      !ts.isArrowFunction(node) &&
      !ts.isFunctionExpression(node) &&
      (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node) || (ts.forEachChild(node, calls) ?? false));
    return source.statements
      .filter(ts.isVariableStatement)
      .flatMap((s) => [...s.declarationList.declarations])
      .filter((d) => d.initializer && calls(d.initializer) && !PURE.test(d.initializer.getFullText(source).trim()))
      .map((d) => `${path.basename(file)}: ${d.name.getText(source)}`);
  };

  it('are each built in a pure function call, so that a bundle that does not use one leaves it out', () => {
    const files = readdirSync(contracts).filter((f) => f.endsWith('.ts'));
    expect(files.flatMap((f) => unmarked(path.join(contracts, f)))).toEqual([]);
  });

  it('a bundle carries the schema it uses and leaves out the others of the same module', async () => {
    const { outputFiles } = await build({
      ...BUILD_OPTIONS,
      splitting: false,
      sourcemap: false,
      stdin: { contents: "export { ExamTypeSchema } from './registration';", resolveDir: contracts, loader: 'ts' },
      outdir: path.join(outdir, 'contracts-probe'),
      write: false,
    });
    const code = outputFiles.map((f) => f.text).join('');
    expect(code.includes('home exam managed by the department'), 'the schema used').toBe(true);
    expect(code.includes('Course code looks like TDT4100'), 'a schema not used (CourseSchema)').toBe(false);
  });
});

describe('the SDK schema rewrite (computed keys to literal keys)', () => {
  const require = createRequire(import.meta.url);
  const schemaModule = (client: string) => path.join(path.dirname(require.resolve(`${client}/package.json`)), 'dist-es/schemas/schemas_0.js');

  it('rewrites a computed key only where it names a string constant of the module', () => {
    const source = [
      'const _e = "error";',
      'const _c = "client";',
      'const n = 4;',
      'export var A$ = [-3, "ns", "A", { [_e]: _c, [n]: 1, [_x]: 2 }, [], []];',
      'const t = ok ? [_e]: [];',
    ].join('\n');
    const { code, rewritten } = literalSchemaKeys(source);
    expect(rewritten).toBe(1);
    expect(code).toContain('{ "error": _c, [n]: 1, [_x]: 2 }');
    expect(code).toContain('ok ? [_e]: []');
  });

  it.each(AWS_CLIENTS)('%s: the rewritten schemas equal the originals, shape by shape', async (client) => {
    const file = schemaModule(client);
    const { rewritten } = literalSchemaKeys(readFileSync(file, 'utf8'));
    expect(rewritten, 'the SDK changed how it writes schemas: review the rewrite').toBeGreaterThan(10);
    const dir = mkdtempSync(path.join(tmpdir(), 'exam-forms-schemas-'));
    try {
      const bundleTo = async (name: string, plugins: (typeof sdkSchemaLiteralKeys)[]) => {
        const outfile = path.join(dir, `${name}.mjs`);
        await build({ ...BUILD_OPTIONS, splitting: false, minify: false, sourcemap: false, entryPoints: [file], outfile, plugins });
        return (await import(pathToFileURL(outfile).href)) as Record<string, unknown>;
      };
      const original = await bundleTo('original', []);
      const literal = await bundleTo('literal', [sdkSchemaLiteralKeys]);
      expect(Object.keys(literal).sort()).toEqual(Object.keys(original).sort());
      const shapes = Object.keys(original).filter((k) => k.endsWith('$'));
      expect(shapes.length).toBeGreaterThan(20);
      for (const name of shapes) expect(resolved(literal[name]), name).toEqual(resolved(original[name]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A schema as plain data: thunks (`() => Shape$`) called, classes by name, cycles cut. */
const resolved = (value: unknown, seen = new Set<unknown>()): unknown => {
  if (typeof value === 'function') {
    if (/^class\b/.test(Function.prototype.toString.call(value))) return `class ${(value as { name: string }).name}`;
    if ((value as () => unknown).length === 0 && !seen.has(value)) {
      seen.add(value);
      return { thunk: resolved((value as () => unknown)(), seen) };
    }
    return 'function';
  }
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '(cycle)';
  seen.add(value);
  const out = Array.isArray(value) ? value.map((v) => resolved(v, seen)) : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolved(v, seen)]));
  seen.delete(value);
  return out;
};

describe('AppFunction', () => {
  it('deploys each function its own bundle: index.mjs exporting the handler, with its chunks and source maps', () => {
    const assemblyDir = mkdtempSync(path.join(tmpdir(), 'exam-forms-asset-'));
    try {
      const app = testApp({ outdir: assemblyDir });
      const stack = new Stack(app, 'BundleProbe');
      const entries = ['http/view-approval-link.ts', 'http/get-openapi.ts'];
      entries.forEach((entry, i) => new AppFunction(stack, `Probe${i}`, { entry, description: entry }));
      const assembly = app.synth();
      type Fn = { Type: string; Properties: { Handler?: string; Description?: string; Code?: { S3Key?: string } } };
      const template = assembly.getStackByName('BundleProbe').template as { Resources: Record<string, Fn> };
      const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
      expect(functions.map((f) => f.Properties.Handler)).toEqual(['index.handler', 'index.handler']);
      expect(new Set(functions.map((f) => f.Properties.Code?.S3Key)).size, 'one asset per function').toBe(2);
      const manifest = JSON.parse(readFileSync(path.join(assemblyDir, 'BundleProbe.assets.json'), 'utf8')) as {
        files: Record<string, { source: { path: string } }>;
      };
      const assets = Object.values(manifest.files)
        .map((f) => path.join(assemblyDir, f.source.path))
        .filter((p) => existsSync(path.join(p, 'index.mjs')));
      expect(assets).toHaveLength(2);
      const codes = assets.map((dir) => readFileSync(path.join(dir, 'index.mjs'), 'utf8'));
      for (const [i, dir] of assets.entries()) {
        expect(codes[i]).toMatch(/export\s*\{[^}]*\bas handler\b/);
        expect(existsSync(path.join(dir, 'index.mjs.map'))).toBe(true);
      }
      // The OpenAPI function serves the document; the other has no business carrying it.
      expect(codes.filter((c) => /openapi:"3\.1\.0"/.test(c)).length).toBe(1);
    } finally {
      rmSync(assemblyDir, { recursive: true, force: true });
    }
  }, 120_000);
});
