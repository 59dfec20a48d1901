#!/usr/bin/env node
// Entry point of the `kgen` command: runs the CLI from a cached bundle of its TypeScript, rebuilt when a source changes.
//
// Loading the CLI's ~100 TypeScript modules through tsx's hooks took longer than generating an API group; the bundle
// (generator/cli/cli-bundle.ts) is one file, checked against the digest of its sources on every start. Without a
// usable bundle the CLI runs from the sources through tsx, as it always did.
//   KGEN_CLI_BUNDLE=0     run from the sources through tsx (no bundle is read or built)
//   KGEN_CLI_CACHE_DIR    where bundles are kept (default: node_modules/.cache/kgen-cli in this package)
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cliCacheDir, freshBundle } from './cli-cache.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const useBundle = process.env.KGEN_CLI_BUNDLE !== '0';
const verbose = process.argv.includes('--verbose');
const cacheDir = cliCacheDir(root);
let bundle = useBundle ? freshBundle(root, cacheDir) : undefined;
if (bundle === undefined) {
  const { register } = await import('tsx/esm/api');
  register();
  if (useBundle) {
    try {
      const { buildCliBundle } = await import('../generator/cli/cli-bundle.ts');
      bundle = await buildCliBundle({ root, cacheDir });
    } catch (err) {
      // A read-only install, or sources that do not bundle: the sources run anyway, and report their own errors.
      if (verbose) {
        process.stderr.write(`kgen: running from the sources; the CLI bundle was not built: ${err?.message ?? err}\n`);
      }
    }
  }
}
if (bundle !== undefined) {
  if (verbose) {
    // Stack traces then name the TypeScript sources; off otherwise, as reading the source map costs start-up time.
    process.setSourceMapsEnabled(true);
  }
  await import(pathToFileURL(bundle).href);
} else {
  await import('../generator/cli.ts');
}
