import { defineConfig } from 'vitest/config';

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
          name: 'system',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/infra/**'],
          globalSetup: ['tests/global-setup.ts'],
        },
      },
    ],
  },
});
