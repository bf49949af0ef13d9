import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT as ROOT } from '../infra/paths';

/** Where synthesized apps are kept, keyed by the digest of what they are made from. */
export const SYNTH_CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'exam-forms-synth');
/**
 * What a synthesis reads: the CDK app, the domain and handlers it names, its context, the locked
 * dependency versions, and the built web app (its asset's hash is in the template).
 */
const SOURCES = ['infra', 'shared', 'functions', 'local/synthesized-app.ts', 'cdk.json', 'package-lock.json', 'web/dist'];

export type CfnTemplate = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }> };

export interface SynthesizedApp {
  dataTemplate: CfnTemplate;
  apiTemplate: CfnTemplate;
  /** Logical id of each function → its handler module (relative to functions/). */
  functionEntries: Record<string, string>;
  /** Logical id of each function with reserved concurrency → its limit. */
  reservedConcurrency: Record<string, number>;
  /** Logical id of each function → its timeout in seconds. */
  functionTimeouts: Record<string, number>;
}

const filesUnder = (root: string, rel: string): string[] => {
  const full = path.join(root, rel);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [rel];
  return readdirSync(full)
    .sort()
    .flatMap((name) => filesUnder(root, path.join(rel, name)));
};

/** The digest of every file a synthesis reads (under the project's `root`): the same sources give the same app. */
export const sourcesDigest = (root = ROOT): string => {
  const hash = createHash('sha256');
  for (const file of SOURCES.flatMap((rel) => filesUnder(root, rel)))
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(root, file)))
      .update('\0');
  return hash.digest('hex').slice(0, 32);
};

/**
 * Synthesizes the CDK app in-process, exactly as `cdk synth` does but without bundling the
 * functions (local mode runs their sources), so local mode runs the deployed definitions.
 * The result is kept in SYNTH_CACHE_DIR under the digest of its sources: a start with
 * unchanged sources loads it instead of loading the CDK and synthesizing again.
 */
export const synthesizeApp = async (options: { cache?: boolean } = {}): Promise<SynthesizedApp> => {
  const useCache = options.cache ?? true;
  const file = path.join(SYNTH_CACHE_DIR, `${sourcesDigest()}.json`);
  if (useCache && existsSync(file)) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as SynthesizedApp;
    } catch {
      // A damaged entry is made again below.
    }
  }
  const synthesized = await synthesizeNow();
  if (useCache) {
    mkdirSync(SYNTH_CACHE_DIR, { recursive: true });
    // Entries of other sources are of no more use; a process still reading one synthesizes again.
    for (const old of readdirSync(SYNTH_CACHE_DIR)) if (old !== path.basename(file)) rmSync(path.join(SYNTH_CACHE_DIR, old), { force: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(synthesized));
    renameSync(tmp, file);
  }
  return synthesized;
};

const synthesizeNow = async (): Promise<SynthesizedApp> => {
  // Loaded only when there is something to synthesize: a cached start loads no CDK at all.
  const [{ buildApp }, { ENTRY_METADATA_KEY }] = await Promise.all([import('../infra/app'), import('../infra/constructs/app-function')]);
  const outdir = mkdtempSync(path.join(tmpdir(), 'exam-forms-synth-'));
  try {
    const { app, stateful, stateless } = buildApp({
      outdir,
      nag: false,
      // aws-cdk-lib's built-in CloudFormation validation costs about 6 s of CPU a process (a
      // WebAssembly rule engine). Local mode deploys nothing; `cdk synth` validates these same
      // templates, and tests/infra/operations.test.ts asserts that they pass.
      builtinCloudFormationValidation: false,
      context: { 'aws:cdk:bundling-stacks': [] },
    });
    const assembly = app.synth();
    const dataTemplate = assembly.getStackByName(stateful.stackName).template as CfnTemplate;
    const apiTemplate = assembly.getStackByName(stateless.stackName).template as CfnTemplate;
    const functionEntries: Record<string, string> = {};
    const reservedConcurrency: Record<string, number> = {};
    const functionTimeouts: Record<string, number> = {};
    for (const [id, r] of Object.entries(apiTemplate.Resources)) {
      if (r.Type !== 'AWS::Lambda::Function') continue;
      const entry = r.Metadata?.[ENTRY_METADATA_KEY];
      const { ReservedConcurrentExecutions: reserved, Timeout: timeout } = r.Properties ?? {};
      if (typeof reserved === 'number') reservedConcurrency[id] = reserved;
      if (typeof entry !== 'string') continue;
      functionEntries[id] = entry;
      if (typeof timeout === 'number') functionTimeouts[id] = timeout;
    }
    return { dataTemplate, apiTemplate, functionEntries, reservedConcurrency, functionTimeouts };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
};
