import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the project's parts are, for the CDK app, its bundling and local mode alike. Nothing
 * else here: local mode imports it on every start, without loading the CDK.
 */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The Lambda handlers, one module per entry point. */
export const FUNCTIONS_DIR = path.join(PROJECT_ROOT, 'functions');
/** The built web app (`npm run build:web`): what the stack deploys and local mode serves. */
export const WEB_DIST = path.join(PROJECT_ROOT, 'web', 'dist');
