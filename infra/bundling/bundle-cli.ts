import { bundleFunction } from './function-bundle';

/**
 * `node --import tsx infra/bundling/bundle-cli.ts <entry> <outdir>`: bundles one function.
 * CDK's local bundling runs synchronously and esbuild's plugins need its asynchronous API,
 * so AppFunction runs this in a child process.
 */
const [entry, outdir] = process.argv.slice(2);
if (!entry || !outdir) {
  console.error('usage: bundle-cli.ts <entry relative to functions/> <outdir>');
  process.exit(2);
}
await bundleFunction(entry, outdir);
