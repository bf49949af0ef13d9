import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that need a worker of their own: two replace a module with vi.mock (the mock would
 * outlive the file); the tracing one loads the X-Ray SDK, whose state lives in its package, and
 * calls the run's DynamoDB Local.
 */
const ISOLATED = ['tests/unit/lazy-callbacks.test.ts', 'tests/unit/lazy-workflow.test.ts', 'tests/unit/tracing.test.ts'];
/** Pure functions, no services: the rules, rendering, timing, the web app's models. */
const UNIT = ['tests/unit/**/*.test.ts', 'tests/browser/*-model.test.ts'];

/**
 * Files whose time is mostly waiting, not computing: stage timeouts that run on the clock,
 * mail paced to a send rate, local mode started as a process and restarted, faults that wait
 * out a retry. Under `npm test` the two workers and the static checks share two cores; these
 * files left a core idle when they ran last (vitest's default order on a fresh clone, which
 * has no durations to go by, is by file size). They start first, while the rest of the run
 * can use what they leave.
 */
const WAITING_FILES = [
  'tests/integration/approval-timing.test.ts',
  'tests/integration/send-rate.test.ts',
  'tests/e2e/restart.test.ts',
  'tests/e2e/local-mode.test.ts',
  'tests/e2e/letter-dispatch-crash.test.ts',
  'tests/faults/dynamodb.test.ts',
  'tests/faults/ses.test.ts',
];

// A file renamed or removed would silently lose its place.
for (const file of WAITING_FILES)
  if (!existsSync(path.join(import.meta.dirname, file))) throw new Error(`vitest.config.ts names ${file} in WAITING_FILES, which does not exist`);

const rank = (spec: TestSpecification) => {
  const i = WAITING_FILES.findIndex((file) => spec.moduleId.endsWith(`/${file}`));
  return i === -1 ? WAITING_FILES.length : i;
};

/** Vitest's order (failed first, then the longest, by the last run's durations), with the waiting files before it. */
class WaitingFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: the other files keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}

/**
 * How the unit and system files run: file after file in one worker thread, node_modules loaded
 * once, each file starting with the worker's environment and the project's modules unevaluated
 * (tests/support/fresh-modules.ts). Unit files: 12 s of CPU against 21 s with a thread each.
 * System files, each still starting a local system of its own (its own table, mail sink,
 * workflow interpreter and API): 50 s of CPU in the test workers against 87 s for the
 * integration files.
 */
const FILE_AFTER_FILE = { isolate: false, setupFiles: ['tests/support/fresh-modules.ts'] };

export default defineConfig({
  test: {
    // Integration and end-to-end suites start the local system (a table of their own in the
    // run's DynamoDB Local, the local workflow interpreter, Chromium) once per file; keep files
    // parallel but bounded on 2 cores.
    maxWorkers: 2,
    // Worker threads, not child processes: a test file's fresh module graph costs about half the
    // CPU in a thread (integration and unit suites: 141 s of CPU against 220 s with forks, 89 s
    // against 132 s of wall time). Each thread has its own process.env, which the local system
    // sets for its handlers.
    pool: 'threads',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default', './tests/summary-reporter.ts'],
    sequence: { sequencer: WaitingFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['tests/infra/**/*.test.ts'],
          // The template tests read one synthesis of the app (tests/support/synth.ts keeps it per
          // worker): they only read it, so its files may share a worker's modules.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'unit',
          include: UNIT,
          exclude: ISOLATED,
          ...FILE_AFTER_FILE,
        },
      },
      {
        extends: true,
        test: {
          name: 'system',
          include: ['tests/{browser,e2e,faults,integration,load,security}/**/*.test.ts'],
          exclude: ['tests/browser/*-model.test.ts'],
          globalSetup: ['tests/global-setup.ts'],
          ...FILE_AFTER_FILE,
        },
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          include: ISOLATED,
          // The same DynamoDB Local as the system files (tests/global-setup.ts starts one per run).
          globalSetup: ['tests/global-setup.ts'],
        },
      },
    ],
  },
});
