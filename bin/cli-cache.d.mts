// Types of bin/cli-cache.mjs, the CLI bundle cache, for the TypeScript that builds and tests it.

/** What manifest.json holds. */
export interface CliBundleManifest {
  readonly format: number;
  /** The package root it was built in: the bundle holds absolute paths of installed packages. */
  readonly root: string;
  /** File name of the bundle, in the cache directory. */
  readonly bundle: string;
  /** Paths, relative to the package root, of every file the bundle was built from, sorted. */
  readonly inputs: readonly string[];
  /** digestFiles(root, inputs) when the bundle was built. */
  readonly digest: string;
}

export declare const manifestName: string;
export declare const cacheFormat: number;
export declare function cliCacheDir(root: string, env?: Readonly<Record<string, string | undefined>>): string;
export declare function digestFiles(root: string, files: readonly string[]): string | undefined;
export declare function freshBundle(root: string, cacheDir: string): string | undefined;
