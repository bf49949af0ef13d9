import { spawn } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, WEB_DIST } from '../infra/paths';

export const webIsBuilt = () => existsSync(path.join(WEB_DIST, 'index.html'));

/**
 * Builds the web app as `npm run build:web` does (without its type check): Vite in a process of
 * its own, for production. Run inside a test runner, an in-process build would inherit its
 * NODE_ENV=test and make another app than the one deployed. The build goes to a folder of its
 * own, which then takes web/dist's place, so nobody reads a half-built app; with
 * `onlyIfMissing`, a web/dist another process finished meanwhile is kept.
 */
export const buildWeb = async (options: { onlyIfMissing?: boolean } = {}): Promise<void> => {
  const out = `${WEB_DIST}.${process.pid}.tmp`;
  const vite = path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  try {
    await new Promise<void>((resolve, reject) => {
      const args = [vite, 'build', '--config', path.join('web', 'vite.config.ts'), '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'];
      const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`The web app did not build (vite exited with ${code}); npm run build:web says why`))));
    });
    if (options.onlyIfMissing && webIsBuilt()) return;
    rmSync(WEB_DIST, { recursive: true, force: true });
    try {
      renameSync(out, WEB_DIST);
    } catch (error) {
      // Another process put its build there between the two calls above: keep that one.
      if (!(options.onlyIfMissing && webIsBuilt())) throw error;
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
};

/** Builds the web app into web/dist when it is not there. */
export const ensureWebBuilt = async (): Promise<void> => {
  if (!webIsBuilt()) await buildWeb({ onlyIfMissing: true });
};
