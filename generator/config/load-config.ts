// Finds and reads kgen.config.{yaml,yml,json} or package.json#kgen, and merges it with command-line options.
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { defaultEmitOptions, type EmitOptions } from '../emit/emit-context.js';
import { GeneratorError, type InputLocation } from '../errors.js';
import { jsonLocator, yamlLocator } from '../load/locator.js';
import { isRecord } from '../model/json-access.js';
import { type ModelOptions, parseSelector } from '../model/model-options.js';
import { ConfigValidator, type KgenConfig, parsePluralExceptions } from './config.js';

/** File names searched in the working directory, in order. */
export const configFileNames = ['kgen.config.yaml', 'kgen.config.yml', 'kgen.config.json'] as const;

export interface LoadedConfig {
  readonly config: KgenConfig;
  /** Paths in the config are relative to this directory. */
  readonly baseDir: string;
  /** The file the config came from, for messages; undefined when none was found. */
  readonly file: string | undefined;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EISDIR') {
      return undefined;
    }
    throw err;
  }
}

function display(cwd: string, p: string): string {
  const rel = relative(cwd, p);
  return (rel === '' || rel.startsWith('..') ? p : rel).split(sep).join('/');
}

function parseConfigText(
  file: string,
  text: string,
  json: boolean,
): { data: unknown; locate: (p: string) => InputLocation } {
  if (json) {
    try {
      return { data: JSON.parse(text), locate: jsonLocator(file, text) };
    } catch (cause) {
      throw new GeneratorError('KGEN_CONFIG_INVALID', `invalid JSON: ${(cause as Error).message}`, {
        file,
        hint: 'Fix the syntax.',
        cause,
      });
    }
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const err = doc.errors[0];
  if (err !== undefined) {
    throw new GeneratorError('KGEN_CONFIG_INVALID', `invalid YAML: ${err.message.split('\n')[0]}`, {
      file,
      line: err.linePos?.[0].line,
      column: err.linePos?.[0].col,
      hint: 'Fix the syntax.',
    });
  }
  return { data: doc.toJS(), locate: yamlLocator(file, doc, lines) };
}

/**
 * Reads the config: `configPath` when given (it must exist), else the first of {@link configFileNames} in `cwd`, else
 * the `kgen` field of `cwd/package.json`, else an empty config.
 */
export async function loadConfigFile(cwd: string, configPath?: string): Promise<LoadedConfig> {
  const candidates = configPath !== undefined ? [resolve(cwd, configPath)] : configFileNames.map((n) => join(cwd, n));
  for (const path of candidates) {
    const text = await readIfExists(path);
    if (text === undefined) {
      continue;
    }
    const file = display(cwd, path);
    const { data, locate } = parseConfigText(file, text, path.endsWith('.json'));
    return { config: new ConfigValidator(locate).validate(data), baseDir: dirname(path), file };
  }
  if (configPath !== undefined) {
    throw new GeneratorError('KGEN_CONFIG_NOT_FOUND', `no such config file: ${configPath}`, {
      hint: `Create it, or run in a directory with ${configFileNames.join(' or ')}.`,
    });
  }
  const pkgText = await readIfExists(join(cwd, 'package.json'));
  if (pkgText !== undefined) {
    const { data, locate } = parseConfigText('package.json', pkgText, true);
    if (isRecord(data) && Object.hasOwn(data, 'kgen')) {
      const validator = new ConfigValidator((p) => locate(`/kgen${p}`));
      return { config: validator.validate(data.kgen), baseDir: cwd, file: 'package.json' };
    }
  }
  return { config: {}, baseDir: cwd, file: undefined };
}

/** Everything a run needs, with paths made absolute and defaults applied. */
export interface ResolvedConfig {
  readonly baseDir: string;
  readonly inputs: readonly string[];
  readonly outputDir: string;
  readonly boilerplatePath: string | undefined;
  readonly model: ModelOptions;
  readonly emit: EmitOptions;
  readonly fromCluster: { readonly kubeconfig?: string; readonly context?: string } | undefined;
}

/**
 * Merges a config file with overrides (command-line flags win; `inputs` given on the command line replace the file's
 * and are relative to `cwd` instead of the config's directory).
 */
export function resolveConfig(
  loaded: LoadedConfig,
  overrides: KgenConfig = {},
  cwd: string = loaded.baseDir,
): ResolvedConfig {
  const c: KgenConfig = { ...loaded.config, ...stripUndefined(overrides) };
  const inputBase = overrides.inputs !== undefined && overrides.inputs.length > 0 ? cwd : loaded.baseDir;
  const pathBase = (key: keyof KgenConfig): string => (overrides[key] !== undefined ? cwd : loaded.baseDir);
  const plural =
    typeof c.pluralExceptions === 'string' ? parsePluralExceptions(c.pluralExceptions) : (c.pluralExceptions ?? {});
  const select = [...(c.select ?? []), ...(c.oneInputApi !== undefined ? [c.oneInputApi] : [])].map(parseSelector);
  const model: ModelOptions = {
    select,
    pluralExceptions: plural,
    kinds: c.kinds ?? {},
    groups: c.groups ?? {},
    includeUnservedVersions: c.includeUnservedVersions ?? false,
  };
  const emit: EmitOptions = {
    runtimeImport: c.runtimeImport ?? defaultEmitOptions.runtimeImport,
    withWatch: c.withWatch ?? defaultEmitOptions.withWatch,
    withApplyconfig: c.withApplyconfig ?? defaultEmitOptions.withApplyconfig,
    clientsetName: c.clientsetName ?? defaultEmitOptions.clientsetName,
    versionedName: c.versionedName ?? defaultEmitOptions.versionedName,
    listersName: c.listersName ?? defaultEmitOptions.listersName,
    informersName: c.informersName ?? defaultEmitOptions.informersName,
    applyconfigName: c.applyconfigName ?? defaultEmitOptions.applyconfigName,
  };
  let fromCluster: ResolvedConfig['fromCluster'];
  if (c.fromCluster === true) {
    fromCluster = {
      ...(c.kubeconfig !== undefined ? { kubeconfig: resolve(pathBase('kubeconfig'), c.kubeconfig) } : {}),
      ...(c.context !== undefined ? { context: c.context } : {}),
    };
  }
  return {
    baseDir: inputBase,
    inputs: c.inputs ?? [],
    outputDir: resolve(pathBase('outputDir'), c.outputDir ?? 'generated'),
    boilerplatePath: c.boilerplate !== undefined ? resolve(pathBase('boilerplate'), c.boilerplate) : undefined,
    model,
    emit,
    fromCluster,
  };
}

function stripUndefined(c: KgenConfig): KgenConfig {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) {
    if (v !== undefined && !(Array.isArray(v) && v.length === 0 && k === 'inputs')) {
      out[k] = v;
    }
  }
  return out as KgenConfig;
}
