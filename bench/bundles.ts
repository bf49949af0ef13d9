import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Metafile } from 'esbuild';
import { bundleFunction } from '../infra/bundling/function-bundle';
import { FUNCTION_ENVIRONMENT } from '../infra/constructs/app-function';
import { synthesizeApp } from '../local/synthesized-app';

/**
 * Builds every function the stack deploys with the bundler AppFunction uses
 * (infra/bundling/function-bundle.ts) and reads esbuild's metafile: what `cdk synth` uploads.
 */

/** The SDK clients a bundle may contain; each client adds to a bundle's budget. */
export const AWS_CLIENTS = ['@aws-sdk/client-dynamodb', '@aws-sdk/client-sfn', '@aws-sdk/client-sesv2'];
export const KB = 1024;
/** Minified bundle budget: 350 KB for a function with one AWS client, 50 KB more for each other client it needs (450 KB with three). */
const budgetFor = (clients: string[]) => (300 + 50 * Math.max(1, clients.length)) * KB;

export interface FunctionBundle {
  /** Construct id(s) of the function(s) built from this entry. */
  ids: string[];
  /** Handler module relative to functions/. */
  entry: string;
  /** The module Lambda imports, index.mjs. */
  file: string;
  /** Minified size of what a cold start loads: index.mjs and the chunks it imports. */
  bytes: number;
  /** Minified size of the chunks loaded only by a dynamic import(), if ever. */
  lazyBytes: number;
  /** Bytes loaded at a cold start per package (or per source folder), largest first. */
  packages: { name: string; bytes: number }[];
  /** Packages found only in the lazy chunks. */
  lazyPackages: string[];
  clients: string[];
  budget: number;
}

/** Every function's handler module, from the synthesized template (the same list local mode runs). */
export const deployedEntries = async (): Promise<Map<string, string[]>> => {
  const byEntry = new Map<string, string[]>();
  for (const [id, entry] of Object.entries((await synthesizeApp()).functionEntries)) byEntry.set(entry, [...(byEntry.get(entry) ?? []), id]);
  return byEntry;
};

const packageOf = (input: string) => {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  return m?.[1] ?? input.split('/').slice(0, 2).join('/');
};

/**
 * Splits the outputs into what a cold start loads (index.mjs and the chunks it imports
 * statically, transitively) and what loads only behind a dynamic import().
 */
const summarize = (metafile: Metafile, entry: string) => {
  const chunks = new Map(Object.entries(metafile.outputs).filter(([name]) => name.endsWith('.mjs')));
  const main = [...chunks].find(([, o]) => o.entryPoint === `functions/${entry}`)?.[0];
  if (!main) throw new Error(`esbuild wrote no entry chunk for ${entry}`);
  const loaded = new Set<string>();
  const visit = (name: string) => {
    if (loaded.has(name)) return;
    loaded.add(name);
    for (const i of chunks.get(name)?.imports ?? []) if (i.kind === 'import-statement' && chunks.has(i.path)) visit(i.path);
  };
  visit(main);
  const packages = new Map<string, number>();
  const lazyPackages = new Set<string>();
  let bytes = 0;
  let lazyBytes = 0;
  for (const [name, output] of chunks) {
    const inputs = Object.entries(output.inputs);
    if (loaded.has(name)) {
      bytes += output.bytes;
      for (const [input, { bytesInOutput }] of inputs) packages.set(packageOf(input), (packages.get(packageOf(input)) ?? 0) + bytesInOutput);
    } else {
      lazyBytes += output.bytes;
      for (const [input] of inputs) lazyPackages.add(packageOf(input));
    }
  }
  return {
    bytes,
    lazyBytes,
    packages: [...packages].map(([name, b]) => ({ name, bytes: b })).sort((a, b) => b.bytes - a.bytes),
    lazyPackages: [...lazyPackages].filter((p) => !packages.has(p)).sort(),
  };
};

export const buildFunction = async (entry: string, outdir: string, ids: string[] = []): Promise<FunctionBundle> => {
  const dir = path.join(outdir, entry.replace(/\.ts$/, ''));
  mkdirSync(dir, { recursive: true });
  const { entryFile, metafile } = await bundleFunction(entry, dir);
  const summary = summarize(metafile, entry);
  const clients = AWS_CLIENTS.filter((c) => summary.packages.some((p) => p.name === c));
  return { ids, entry, file: entryFile, ...summary, clients, budget: budgetFor(clients) };
};

export const bundleAll = async (outdir: string): Promise<FunctionBundle[]> => {
  const bundles: FunctionBundle[] = [];
  for (const [entry, ids] of [...(await deployedEntries())].sort(([a], [b]) => a.localeCompare(b))) bundles.push(await buildFunction(entry, outdir, ids));
  return bundles;
};

/** What each handler reads at import time (functions/lib/*, shared/contracts/env.ts), as the stack sets it. */
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
  PLANNER_DEFAULT: 'exam-planners@example.edu',
  GROUPS_CLAIM: 'groups',
  // As deployed (NODE_OPTIONS among them, were it set), but quieter.
  ...FUNCTION_ENVIRONMENT,
  POWERTOOLS_LOG_LEVEL: 'WARN',
};

const IMPORT_PROBE = `
const t0 = performance.now();
const m = await import(process.argv[1]);
const ms = performance.now() - t0;
if (typeof m.handler !== 'function') throw new Error('no handler export');
process.stdout.write(String(ms));`;

const importOnce = async (file: string): Promise<number> => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', IMPORT_PROBE, pathToFileURL(file).href], {
    env: { PATH: process.env.PATH ?? '', ...HANDLER_ENV },
  });
  return Number(stdout);
};

export interface ImportTime {
  median: number;
  /** The fastest run: the least noise from the rest of the machine. */
  min: number;
  all: number[];
}

/**
 * Time to import built bundles in fresh `node` processes (parse, link and evaluate the module,
 * which creates the SDK clients and reads the configuration): the part of a cold start the code
 * controls. Node's own start-up is not included. The files are imported in turn, round after
 * round, so that a busy moment of a shared machine falls on all of them alike.
 */
export const importTimes = async (files: string[], rounds = 5): Promise<ImportTime[]> => {
  const runs = files.map((): number[] => []);
  for (let r = 0; r < rounds; r++) for (const [i, file] of files.entries()) runs[i]?.push(await importOnce(file));
  return runs.map((all) => {
    const sorted = [...all].sort((a, b) => a - b);
    return { median: sorted[Math.floor(sorted.length / 2)] as number, min: sorted[0] as number, all };
  });
};
