// The load phase: expands and reads the configured inputs (files, a live cluster) and the boilerplate file.
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ResolvedConfig } from '../config/load-config.js';
import { GeneratorError } from '../errors.js';
import { loadFromCluster, type OpenApiFetcher } from './cluster.js';
import { expandInputs, isGlob } from './glob.js';
import { readSources } from './read-sources.js';
import type { SourceSet } from './source-set.js';

/** Everything generation reads, in memory. */
export interface LoadedInputs {
  readonly sources: SourceSet;
  /** Text of the boilerplate file, when one is configured. */
  readonly boilerplate: string | undefined;
}

export interface LoadOptions {
  /** Directory messages are relative to. @default process.cwd() */
  readonly displayBase?: string;
  /** Fetcher for `fromCluster`. @default the runtime REST client built from the kubeconfig */
  readonly fetcher?: OpenApiFetcher;
}

async function explicitFiles(specs: readonly string[], base: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (const s of specs) {
    if (isGlob(s)) {
      continue;
    }
    const abs = resolve(base, s);
    try {
      if ((await stat(abs)).isFile()) {
        out.add(abs);
      }
    } catch {
      // Missing files are reported by expandInputs.
    }
  }
  return out;
}

/** Reads every input of a run. The only phase besides write that touches the file system or the network. */
export async function loadInputs(
  config: ResolvedConfig,
  options: LoadOptions = {},
  signal?: AbortSignal,
): Promise<LoadedInputs> {
  if (config.inputs.length === 0 && config.fromCluster === undefined) {
    throw new GeneratorError('KGEN_NO_INPUT', 'nothing to generate from: no inputs and no --from-cluster', {
      hint: 'Name CRD files, directories or OpenAPI documents, set inputs in kgen.config.yaml, or pass --from-cluster.',
    });
  }
  const displayBase = options.displayBase ?? process.cwd();
  const files = await expandInputs(config.inputs, config.baseDir);
  const fromFiles = await readSources(files, {
    displayBase,
    explicit: await explicitFiles(config.inputs, config.baseDir),
  });
  let sources: SourceSet = fromFiles;
  if (config.fromCluster !== undefined) {
    // Imported here: the runtime's REST client and undici are only needed to reach a cluster.
    const fetcher =
      options.fetcher ?? (await (await import('./cluster-fetcher.js')).clusterFetcher(config.fromCluster, signal));
    let live: Awaited<ReturnType<typeof loadFromCluster>>;
    try {
      live = await loadFromCluster(fetcher, config.model.select ?? [], signal);
    } finally {
      await fetcher.close?.();
    }
    sources = { crds: fromFiles.crds, openapi: [...fromFiles.openapi, ...live] };
  }
  if (sources.crds.length === 0 && sources.openapi.length === 0) {
    throw new GeneratorError('KGEN_NO_INPUT', 'the inputs hold no CustomResourceDefinition and no OpenAPI document', {
      hint: 'Check the input paths; directories are searched for .yaml, .yml and .json files.',
    });
  }
  let boilerplate: string | undefined;
  if (config.boilerplatePath !== undefined) {
    try {
      boilerplate = await readFile(config.boilerplatePath, 'utf8');
    } catch (cause) {
      throw new GeneratorError(
        'KGEN_INPUT_NOT_FOUND',
        `cannot read the boilerplate file: ${(cause as Error).message}`,
        {
          file: config.boilerplatePath,
          hint: 'Fix --boilerplate (or boilerplate in kgen.config) or remove it.',
          cause,
        },
      );
    }
  }
  return { sources, boilerplate };
}
