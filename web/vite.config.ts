import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Builds the web front end into web/dist. The app is static: local mode serves it at `/`,
 * the CDK stack copies it to S3 behind CloudFront. `npm run dev:web` proxies the API to a
 * running `npm start` so pages reload as they are edited.
 */
const api = process.env.EXAM_FORMS_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative asset URLs: the same build works from any path (hash routing needs no rewrites).
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: true,
  },
  server: {
    proxy: Object.fromEntries(['/registrations', '/approval-links', '/calendar', '/catalogue', '/dev', '/config.json', '/openapi.json'].map((p) => [p, api])),
  },
});
