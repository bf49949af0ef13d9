import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type BuildOptions, type Metafile, type Plugin, build } from 'esbuild';
import { FUNCTIONS_DIR } from '../paths';

/**
 * How every Lambda function is bundled. `cdk synth` (through AppFunction's local bundling,
 * infra/bundling/bundle-cli.ts), the bundle-size test and `npm run bench` all call
 * `bundleFunction`, so what is measured is what is deployed.
 */

/** The module Lambda loads: `index.mjs`, exporting `handler`. */
export const ENTRY_FILE = 'index.mjs';

/**
 * The SDK's generated schema modules (`@aws-sdk/client-*\/dist-es/schemas/schemas_N.js`) write
 * each shape's traits as an object with computed keys, `{ [_e]: _c, [_hE]: 400 }`, where `_e`
 * is a module constant holding `"error"`. esbuild must assume a computed key may run code (a
 * getter or `toString()`), so it keeps every statement holding one: every operation and shape
 * of the service stays in the bundle, used or not (SES v2: 47 KB, for the one SendEmail we
 * call). This is aws-sdk-js-v3 issue #7607; the fix proposed upstream (smithy-typescript
 * #1889) generates literal keys instead. This plugin applies that same rewrite while bundling:
 * a computed key that names a string constant of the module becomes that string literal, so
 * esbuild can drop the unused shapes. Nothing else in the module changes, and
 * tests/infra/bundle-size.test.ts checks that the rewritten schemas equal the originals.
 */
export const SDK_SCHEMA_MODULE = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;

/** Rewrites `[name]:` object keys that name a top-level string constant into the string literal. */
export const literalSchemaKeys = (source: string): { code: string; rewritten: number } => {
  const constants = new Map<string, string>();
  for (const m of source.matchAll(/^const ([\w$]+) = ("(?:[^"\\\n]|\\.)*");$/gm)) constants.set(m[1] as string, m[2] as string);
  let rewritten = 0;
  // A key directly after `{` or `,` (only white space between): never an array or a ternary.
  const code = source.replace(/(?<=[{,]\s*)\[([\w$]+)\]:/g, (key, name: string) => {
    const literal = constants.get(name);
    if (literal === undefined) return key;
    rewritten++;
    return `${literal}:`;
  });
  return { code, rewritten };
};

export const sdkSchemaLiteralKeys: Plugin = {
  name: 'sdk-schema-literal-keys',
  setup(b) {
    b.onLoad({ filter: SDK_SCHEMA_MODULE }, async (args) => ({ contents: literalSchemaKeys(await readFile(args.path, 'utf8')).code, loader: 'js' }));
  },
};

/** The module that builds the OpenAPI document (shared/api/openapi.ts). */
export const OPENAPI_MODULE = /[\\/]shared[\\/]api[\\/]openapi\.ts$/;

/**
 * GET /openapi.json serves a document that changes only with a deploy, yet building it took
 * most of the function's cold start: zod, every contract schema and the generator, run once to
 * produce the same JSON every time. While bundling, the module that builds it is replaced by
 * the document it builds, as an object literal: the function serves it without zod or the
 * generator. The bundler always runs under tsx (cdk synth, the benchmark, the tests), so it
 * builds the document itself, from the same sources.
 */
export const prebuiltOpenApiDocument: Plugin = {
  name: 'prebuilt-openapi-document',
  setup(b) {
    b.onLoad({ filter: OPENAPI_MODULE }, async () => {
      const { buildOpenApiDocument } = await import('../../shared/api/openapi');
      const contents = [
        `const document = ${JSON.stringify(buildOpenApiDocument())};`,
        // The deployed document names no server; a bundle cannot build one that does.
        'export const buildOpenApiDocument = (serverUrl) => {',
        "  if (serverUrl !== undefined) throw new Error('The bundled OpenAPI document is built without a server URL');",
        '  return document;',
        '};',
      ].join('\n');
      return { contents, loader: 'js' };
    });
  },
};

/**
 * Modules of the SDK's default credential chain that are only loaded (by dynamic import) when
 * the environment holds no credentials. Lambda always sets AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN for the execution role, so they never load
 * there; were they ever needed, the Node.js runtime provides them with its own SDK v3.
 * Leaving them out takes about 130 KB (SSO, STS, IMDS clients) out of every bundle.
 */
export const RUNTIME_ONLY_MODULES = [
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
];

/**
 * The esbuild options of every function:
 * - ESM for Node.js 24, minified, with external source maps, read when an error is reported
 *   (functions/lib/stack-trace.ts).
 * - The SDK is bundled at the version the tests ran against, not taken from the runtime; only
 *   the credential sources Lambda never uses are left to it.
 * - Code splitting: what the code reaches only through a dynamic `import()` goes to a chunk of
 *   its own, read when first used, never at a cold start. In the SDK that is the event-stream
 *   codec (none of our clients has an event-stream operation) and the browser detection of the
 *   user-agent code (~48 KB together). The cold start reads `index.mjs` and the chunks it
 *   imports statically; `npm run bench` reports both parts.
 */
export const BUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  splitting: true,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  mainFields: ['module', 'main'],
  // Some dependencies still call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  external: RUNTIME_ONLY_MODULES,
  metafile: true,
  // Licence notices of the bundled packages ship beside each file (index.mjs.LEGAL.txt), not in the code a cold start parses.
  legalComments: 'linked',
  logLevel: 'error',
} satisfies BuildOptions;

export interface BuiltFunction {
  /** The module Lambda imports, `<outdir>/index.mjs`. */
  entryFile: string;
  metafile: Metafile;
}

/** Bundles `functions/<entry>` (or an absolute path) into `outdir`: index.mjs, its chunks and their source maps. */
export const bundleFunction = async (entry: string, outdir: string): Promise<BuiltFunction> => {
  const result = await build({
    ...BUILD_OPTIONS,
    entryPoints: { index: path.resolve(FUNCTIONS_DIR, entry) },
    outdir,
    plugins: [sdkSchemaLiteralKeys, prebuiltOpenApiDocument],
  });
  return { entryFile: path.join(outdir, ENTRY_FILE), metafile: result.metafile };
};
