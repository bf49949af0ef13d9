import { vi } from 'vitest';

/**
 * Set up before each file of the `unit` and `system` projects, whose files share a worker
 * thread (vitest.config.ts, FILE_AFTER_FILE): the file starts with the environment the worker
 * started with, and with none of the project's own modules evaluated, so a module that reads
 * its configuration at load reads it afresh. Packages from node_modules stay loaded: reloading
 * them for every file was most of what these files cost.
 */
const worker = globalThis as typeof globalThis & { examFormsEnvAtStart?: Record<string, string | undefined> };
const atStart = (worker.examFormsEnvAtStart ??= { ...process.env });
for (const key of Object.keys(process.env)) if (!(key in atStart)) delete process.env[key];
Object.assign(process.env, atStart);
vi.resetModules();
