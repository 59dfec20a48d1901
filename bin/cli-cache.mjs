// The cache of the kgen CLI bundle: where it lives, and whether the sources it was built from are unchanged.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** File in the cache directory naming the current bundle and the inputs it was built from. */
export const manifestName = 'manifest.json';

/** Bumped when the manifest or the bundle layout changes, so older caches are rebuilt. */
export const cacheFormat = 1;

/**
 * The cache directory: `$KGEN_CLI_CACHE_DIR`, else `node_modules/.cache/kgen-cli` under the package root (where
 * tools keep caches; it goes away with `npm ci`, and the next run rebuilds).
 */
export function cliCacheDir(root, env = process.env) {
  const fromEnv = env.KGEN_CLI_CACHE_DIR;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : join(root, 'node_modules', '.cache', 'kgen-cli');
}

/**
 * A digest of `files` (paths relative to `root`, in the given order); undefined when one is missing. The package's own
 * files count by content, so a checkout or copy that keeps their bytes keeps the bundle; installed packages count by
 * size and modification time, as an install rewrites them and reading a few hundred of them would cost start-up time.
 */
export function digestFiles(root, files) {
  const hash = createHash('sha256');
  for (const file of files) {
    const path = join(root, file);
    try {
      if (file.startsWith('node_modules/') || file.includes('/node_modules/')) {
        const { size, mtimeMs } = statSync(path);
        hash.update(`${file}\0${size}\0${mtimeMs}\0`);
      } else {
        const bytes = readFileSync(path);
        hash.update(`${file}\0${bytes.length}\0`);
        hash.update(bytes);
      }
    } catch {
      return undefined;
    }
  }
  return hash.digest('hex');
}

/** Path of the cached bundle when it was built in `root` from inputs that are all unchanged; else undefined. */
export function freshBundle(root, cacheDir) {
  root = resolve(root);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(cacheDir, manifestName), 'utf8'));
  } catch {
    return undefined;
  }
  if (
    manifest === null ||
    typeof manifest !== 'object' ||
    manifest.format !== cacheFormat ||
    manifest.root !== root ||
    typeof manifest.bundle !== 'string' ||
    typeof manifest.digest !== 'string' ||
    !Array.isArray(manifest.inputs) ||
    !manifest.inputs.every((f) => typeof f === 'string')
  ) {
    return undefined;
  }
  if (digestFiles(root, manifest.inputs) !== manifest.digest) {
    return undefined;
  }
  const bundle = join(cacheDir, manifest.bundle);
  return existsSync(bundle) ? bundle : undefined;
}
