import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The built web app that local mode serves and the stack deploys. */
export const WEB_DIST = path.join(ROOT, 'web', 'dist');

export const webIsBuilt = () => existsSync(path.join(WEB_DIST, 'index.html'));

/**
 * Builds the web app into web/dist when it is not there, as `npm run build:web` does (without
 * its type check): Vite in a process of its own, for production. Run inside a test runner, an
 * in-process build would inherit its NODE_ENV=test and make another app than the one deployed.
 * Says whether it built.
 */
export const ensureWebBuilt = async (): Promise<boolean> => {
  if (webIsBuilt()) return false;
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', path.join('web', 'vite.config.ts'), '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`The web app did not build (vite exited with ${code}); npm run build:web says why`))));
  });
  return true;
};
