import { defineConfig } from 'vitest/config';

/**
 * Unit files that need a worker of their own: two replace a module with vi.mock (the mock would
 * outlive the file); the tracing one loads the X-Ray SDK, whose state lives in its package, and
 * calls the run's DynamoDB Local.
 */
const ISOLATED = ['tests/unit/lazy-callbacks.test.ts', 'tests/unit/lazy-workflow.test.ts', 'tests/unit/tracing.test.ts'];
/** Pure functions, no services: the rules, rendering, timing, the web app's models. */
const UNIT = ['tests/unit/**/*.test.ts', 'tests/browser/*-model.test.ts'];

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
          // A worker thread runs file after file, with node_modules loaded once: 12 s of CPU
          // for these files against 21 s with a thread each. Each file still starts with the
          // worker's environment and the project's modules unevaluated (tests/support/fresh-modules.ts).
          isolate: false,
          setupFiles: ['tests/support/fresh-modules.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'system',
          include: ['tests/{browser,e2e,faults,integration,load,security}/**/*.test.ts', ...ISOLATED],
          exclude: ['tests/browser/*-model.test.ts'],
          globalSetup: ['tests/global-setup.ts'],
        },
      },
    ],
  },
});
