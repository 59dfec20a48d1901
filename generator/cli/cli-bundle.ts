// Builds the single-file bundle that bin/kgen.mjs runs: the CLI's TypeScript compiled once, its templates precompiled.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Esbuild from 'esbuild';
import Handlebars from 'handlebars';
import { type CliBundleManifest, cacheFormat, cliCacheDir, digestFiles, manifestName } from '../../bin/cli-cache.mjs';
import { templateCompileOptions, templatesDir } from '../emit/render.js';

export interface CliBundleOptions {
  /** The package root: holds package.json, tsconfig.json, bin/ and generator/. */
  readonly root: string;
  /** @default cliCacheDir(root): $KGEN_CLI_CACHE_DIR, else node_modules/.cache/kgen-cli */
  readonly cacheDir?: string;
  /** Other bundles (and unfinished temp files) older than this are deleted after a build. @default 60_000 */
  readonly pruneAfterMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

const bundleFile = /^cli-[0-9a-f]{16}\.mjs(\.map)?$|\.tmp$/;

/**
 * esbuild is tsx's own dependency (tsx transforms with it); asking tsx's location for it finds the copy tsx uses
 * whatever the node_modules layout, without a second declared version.
 */
function loadEsbuild(): typeof Esbuild {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
  return fromTsx('esbuild') as typeof Esbuild;
}

function templateFiles(): string[] {
  return readdirSync(templatesDir)
    .filter((f) => f.endsWith('.hbs'))
    .sort();
}

/** The module that replaces emit/precompiled-templates.ts in the bundle: every template, precompiled. */
export function precompiledTemplatesModule(): string {
  const entries = templateFiles().map((f) => {
    const spec = Handlebars.precompile(readFileSync(new URL(f, templatesDir), 'utf8'), templateCompileOptions);
    // precompile() returns the JavaScript source of the template object (typed as the object).
    return `  ${JSON.stringify(f.slice(0, -'.hbs'.length))}: ${String(spec)},\n`;
  });
  return `export const precompiledTemplates = {\n${entries.join('')}};\n`;
}

const templatesPlugin: Esbuild.Plugin = {
  name: 'kgen-precompiled-templates',
  setup(build) {
    build.onLoad({ filter: /[\\/]emit[\\/]precompiled-templates\.ts$/ }, () => ({
      contents: precompiledTemplatesModule(),
      loader: 'js',
    }));
    // With every template precompiled, the bundle needs only the Handlebars runtime, not its compiler.
    build.onResolve({ filter: /^handlebars$/ }, async (args) => {
      const r = await build.resolve('handlebars/runtime.js', { kind: args.kind, resolveDir: args.resolveDir });
      return { path: r.path, errors: r.errors, warnings: r.warnings };
    });
  },
};

/**
 * Every bundled module keeps the `import.meta.url` of its own file: yargs finds its locales and the package.json
 * it reads the version from next to itself, and would look beside the bundle instead.
 */
const ownUrlPlugin: Esbuild.Plugin = {
  name: 'kgen-own-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.(m?js|ts)$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) {
        return undefined;
      }
      return {
        contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: args.path.endsWith('.ts') ? 'ts' : 'js',
      };
    });
  },
};

async function writeAtomically(path: string, content: string): Promise<void> {
  const tmp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, content);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

async function prune(cacheDir: string, keep: string, olderThan: number): Promise<void> {
  for (const name of await readdir(cacheDir)) {
    if (!bundleFile.test(name) || name === keep || name === `${keep}.map`) {
      continue;
    }
    // Grace period: a process that found the previous bundle fresh may be about to import it.
    const path = join(cacheDir, name);
    try {
      if ((await stat(path)).mtimeMs < olderThan) {
        await rm(path, { force: true });
      }
    } catch {
      // Removed by a concurrent build.
    }
  }
}

/**
 * Bundles generator/cli.ts (own sources inlined, packages left to node_modules) into the cache directory and records
 * the digest of every input in the manifest; returns the bundle's path. Concurrent builds are safe: files appear
 * by rename, and the same sources give the same file name.
 */
export async function buildCliBundle(options: CliBundleOptions): Promise<string> {
  const root = resolve(options.root);
  const cacheDir = options.cacheDir ?? cliCacheDir(root);
  const now = options.now ?? Date.now;
  await mkdir(cacheDir, { recursive: true });
  const result = await loadEsbuild().build({
    absWorkingDir: root,
    entryPoints: ['generator/cli.ts'],
    outfile: join(cacheDir, 'cli.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: {
      js: "import { createRequire as __kgenCreateRequire } from 'node:module'; const require = __kgenCreateRequire(import.meta.url);",
    },
    sourcemap: 'external',
    metafile: true,
    write: false,
    logLevel: 'silent',
    plugins: [templatesPlugin, ownUrlPlugin],
  });
  const rel = (path: string) => relative(root, path).split(sep).join('/');
  const inputs = [
    ...new Set([
      ...Object.keys(result.metafile.inputs),
      ...templateFiles().map((f) => rel(fileURLToPath(new URL(f, templatesDir)))),
      // What else decides the bundle's bytes: module type, compiler options, this builder and the cache layout.
      'package.json',
      'tsconfig.json',
      rel(fileURLToPath(import.meta.url)),
      rel(fileURLToPath(new URL('../../bin/cli-cache.mjs', import.meta.url))),
    ]),
  ].sort();
  const digest = digestFiles(root, inputs);
  if (digest === undefined) {
    throw new Error('an input of the CLI bundle disappeared while it was built');
  }
  const name = `cli-${digest.slice(0, 16)}.mjs`;
  const js = result.outputFiles.find((f) => f.path.endsWith('.mjs'));
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'));
  if (js === undefined || map === undefined) {
    throw new Error('esbuild produced no bundle');
  }
  await writeAtomically(join(cacheDir, `${name}.map`), map.text);
  await writeAtomically(join(cacheDir, name), `${js.text}//# sourceMappingURL=${name}.map\n`);
  const manifest: CliBundleManifest = { format: cacheFormat, root, bundle: name, inputs, digest };
  await writeAtomically(join(cacheDir, manifestName), `${JSON.stringify(manifest, null, 2)}\n`);
  await prune(cacheDir, name, now() - (options.pruneAfterMs ?? 60_000));
  return join(cacheDir, name);
}
