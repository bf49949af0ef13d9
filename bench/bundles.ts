import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type Metafile, build } from 'esbuild';
import { FUNCTIONS_DIR, LAMBDA_BUNDLING } from '../infra/constructs/app-function';
import { synthesizeApp } from '../local/synthesized-app';

/**
 * Builds every function the stack deploys, with the options AppFunction gives NodejsFunction
 * (infra/constructs/app-function.ts), and reads esbuild's metafile: what `cdk synth` uploads.
 */

/** The SDK clients a bundle may contain; a function with all three gets the larger budget. */
export const AWS_CLIENTS = ['@aws-sdk/client-dynamodb', '@aws-sdk/client-sfn', '@aws-sdk/client-sesv2'];
export const KB = 1024;
/** Minified bundle budget: 350 KB, or 450 KB for a function that uses three AWS clients. */
export const budgetFor = (clients: string[]) => (clients.length >= 3 ? 450 : 350) * KB;

export interface FunctionBundle {
  /** Construct id(s) of the function(s) built from this entry. */
  ids: string[];
  /** Handler module relative to functions/. */
  entry: string;
  file: string;
  bytes: number;
  clients: string[];
  budget: number;
  /** Bytes in the output per package (or per source folder), largest first. */
  packages: { name: string; bytes: number }[];
}

/** Every function's handler module, from the synthesized template (the same list local mode runs). */
export const deployedEntries = (): Map<string, string[]> => {
  const byEntry = new Map<string, string[]>();
  for (const [id, entry] of Object.entries(synthesizeApp().functionEntries)) byEntry.set(entry, [...(byEntry.get(entry) ?? []), id]);
  return byEntry;
};

const packageOf = (input: string) => {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  return m?.[1] ?? input.split('/').slice(0, 2).join('/');
};

const summarize = (metafile: Metafile, file: string) => {
  const output = Object.entries(metafile.outputs).find(([name]) => name.endsWith('.mjs'))?.[1];
  if (!output) throw new Error(`esbuild wrote no .mjs for ${file}`);
  const packages = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    packages.set(packageOf(input), (packages.get(packageOf(input)) ?? 0) + bytesInOutput);
  }
  return {
    bytes: output.bytes,
    packages: [...packages].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes),
  };
};

export const bundleFunction = async (entry: string, outdir: string, ids: string[] = []): Promise<FunctionBundle> => {
  const b = LAMBDA_BUNDLING;
  const file = path.join(outdir, entry.replace(/\.ts$/, ''), 'index.mjs');
  mkdirSync(path.dirname(file), { recursive: true });
  const result = await build({
    entryPoints: [path.join(FUNCTIONS_DIR, entry)],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: b.target,
    minify: b.minify,
    sourcemap: b.sourceMap,
    sourcesContent: b.sourcesContent,
    metafile: b.metafile,
    mainFields: b.mainFields,
    banner: { js: b.banner },
    external: b.externalModules,
    logLevel: 'error',
  });
  const { bytes, packages } = summarize(result.metafile, file);
  const clients = AWS_CLIENTS.filter((c) => packages.some((p) => p.name === c));
  return { ids, entry, file, bytes, clients, budget: budgetFor(clients), packages };
};

export const bundleAll = async (outdir: string): Promise<FunctionBundle[]> => {
  const bundles: FunctionBundle[] = [];
  for (const [entry, ids] of [...deployedEntries()].sort(([a], [b]) => a.localeCompare(b))) bundles.push(await bundleFunction(entry, outdir, ids));
  return bundles;
};

/** What each handler reads at import time (functions/lib/*, shared/config.ts), as the stack sets it. */
export const HANDLER_ENV: Record<string, string> = {
  AWS_REGION: 'eu-north-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  TABLE_NAME: 'exam-forms',
  STATE_MACHINE_ARN: 'arn:aws:states:eu-north-1:000000000000:stateMachine:exam-forms-prod-approval',
  MAIL_FROM: 'exam-forms@example.edu',
  MAIL_CONFIGURATION_SET: 'exam-forms',
  APPROVERS_IT: 'it-exam@example.edu',
  APPROVERS_ED: 'ed-exam@example.edu',
  APP_BASE_URL: 'https://exam-forms.example.edu',
  GROUPS_CLAIM: 'groups',
  POWERTOOLS_SERVICE_NAME: 'exam-forms',
  POWERTOOLS_LOG_LEVEL: 'WARN',
};

const IMPORT_PROBE = `
const t0 = performance.now();
const m = await import(process.argv[1]);
const ms = performance.now() - t0;
if (typeof m.handler !== 'function') throw new Error('no handler export');
process.stdout.write(String(ms));`;

/**
 * Time to import a built bundle in a fresh `node` process (parse, link and evaluate the module,
 * which creates the SDK clients and reads the configuration): the part of a cold start the code
 * controls. Node's own start-up is not included. Returns the median of `runs` processes.
 */
export const importTimeMs = async (file: string, runs = 5): Promise<{ median: number; all: number[] }> => {
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', IMPORT_PROBE, pathToFileURL(file).href], {
      env: { PATH: process.env.PATH ?? '', ...HANDLER_ENV },
    });
    all.push(Number(stdout));
  }
  const sorted = [...all].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] as number, all };
};
