// The kgen command line as a function: parses arguments, runs update-codegen / verify-codegen, prints, returns the exit code.
import { relative, sep } from 'node:path';
import yargs, { type Argv } from 'yargs';
import type { KgenConfig } from '../config/config.js';
import { loadConfigFile, resolveConfig } from '../config/load-config.js';
import { GeneratorError } from '../errors.js';
import type { OpenApiFetcher } from '../load/cluster.js';
import { updateCodegen, verifyCodegen } from '../pipeline.js';
import { describeTreeDiff, isClean } from '../write/compare-tree.js';

/** Where the CLI writes and what it runs in; tests pass their own. */
export interface CliIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Replaces the cluster connection of `--from-cluster` (tests). @default the runtime REST client */
  readonly fetcher?: OpenApiFetcher;
  /** @default Date.now */
  readonly now?: () => number;
  /** Terminal width for help text. @default 100 */
  readonly columns?: number;
}

interface Flags {
  inputs?: string[];
  config?: string;
  outputDir?: string;
  boilerplate?: string;
  withWatch?: boolean;
  withApplyconfig?: boolean;
  pluralExceptions?: string;
  oneInputApi?: string;
  select?: string[];
  includeUnservedVersions?: boolean;
  fromCluster?: boolean;
  kubeconfig?: string;
  context?: string;
  runtimeImport?: string;
  clientsetName?: string;
  versionedName?: string;
  listersName?: string;
  informersName?: string;
  applyconfigName?: string;
  verbose?: boolean;
}

function withRunOptions(y: Argv): Argv {
  return y
    .positional('inputs', { type: 'string', array: true, describe: 'CRD files, directories, globs, OpenAPI documents' })
    .option('config', {
      type: 'string',
      describe: 'kgen.config.{yaml,json} to read (default: ./kgen.config.*, package.json#kgen)',
    })
    .option('output-dir', { type: 'string', describe: 'Directory of the generated tree (default: generated)' })
    .option('boilerplate', { type: 'string', describe: 'License header file for generated files' })
    .option('with-watch', { type: 'boolean', describe: 'Also generate listers and informers' })
    .option('with-applyconfig', { type: 'boolean', describe: 'Also generate apply configurations' })
    .option('plural-exceptions', { type: 'string', describe: 'Type:Plural,... for names in code' })
    .option('one-input-api', { type: 'string', describe: 'Generate only this group/version' })
    .option('select', { type: 'string', array: true, describe: 'group[/version[/Kind]] to generate (repeatable)' })
    .option('include-unserved-versions', { type: 'boolean', describe: 'Also generate CRD versions with served: false' })
    .option('from-cluster', { type: 'boolean', describe: "Read the live cluster's /openapi/v3" })
    .option('kubeconfig', { type: 'string', describe: 'Kubeconfig for --from-cluster' })
    .option('context', { type: 'string', describe: 'Kubeconfig context for --from-cluster' })
    .option('runtime-import', {
      type: 'string',
      describe: 'Module generated code imports the runtime from (default: kgen/runtime)',
    })
    .option('clientset-name', { type: 'string', hidden: true })
    .option('versioned-name', { type: 'string', hidden: true })
    .option('listers-name', { type: 'string', hidden: true })
    .option('informers-name', { type: 'string', hidden: true })
    .option('applyconfig-name', { type: 'string', hidden: true })
    .option('verbose', { type: 'boolean', describe: 'Print stack traces and causes of errors' });
}

function overridesOf(f: Flags): KgenConfig {
  const o: Record<string, unknown> = {
    inputs: f.inputs,
    outputDir: f.outputDir,
    boilerplate: f.boilerplate,
    withWatch: f.withWatch,
    withApplyconfig: f.withApplyconfig,
    pluralExceptions: f.pluralExceptions,
    oneInputApi: f.oneInputApi,
    select: f.select,
    includeUnservedVersions: f.includeUnservedVersions,
    fromCluster: f.fromCluster,
    kubeconfig: f.kubeconfig,
    context: f.context,
    runtimeImport: f.runtimeImport,
    clientsetName: f.clientsetName,
    versionedName: f.versionedName,
    listersName: f.listersName,
    informersName: f.informersName,
    applyconfigName: f.applyconfigName,
  };
  for (const k of Object.keys(o)) {
    if (o[k] === undefined) {
      delete o[k];
    }
  }
  return o as KgenConfig;
}

function label(cwd: string, p: string): string {
  const rel = relative(cwd, p);
  return (rel === '' ? '.' : rel.startsWith('..') ? p : rel).split(sep).join('/');
}

function describeError(err: unknown, verbose: boolean): string {
  if (err instanceof GeneratorError) {
    let text = `kgen: error [${err.code}]: ${err.message}\n`;
    if (verbose) {
      text += `${err.stack ?? ''}\n`;
      if (err.cause !== undefined) {
        text += `caused by: ${err.cause instanceof Error ? (err.cause.stack ?? err.cause.message) : String(err.cause)}\n`;
      }
    }
    return text;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return verbose
    ? `kgen: internal error: ${e.stack ?? e.message}\n`
    : `kgen: internal error: ${e.message}\n  This is a bug in kgen; rerun with --verbose and report the output.\n`;
}

async function run(command: 'update' | 'verify', f: Flags, io: CliIo): Promise<number> {
  const now = io.now ?? Date.now;
  const started = now();
  const loaded = await loadConfigFile(io.cwd, f.config);
  const config = resolveConfig(loaded, overridesOf(f), io.cwd);
  const out = label(io.cwd, config.outputDir);
  const options = {
    displayBase: io.cwd,
    ...(io.fetcher !== undefined ? { fetcher: io.fetcher } : {}),
    onPackage: (
      pkg: { path: string; group: string; version: string; kinds: readonly unknown[]; types: readonly unknown[] },
      files: number,
    ) =>
      io.stdout(
        `${out}/${pkg.path}: ${pkg.group || 'core'}/${pkg.version}, ${pkg.kinds.length} kinds, ${pkg.types.length} types, ${files} files\n`,
      ),
    onWarning: (w: string) => io.stderr(`kgen: warning: ${w}\n`),
  };
  if (command === 'update') {
    const { summary } = await updateCodegen(config, options);
    io.stdout(
      `kgen update-codegen: ${summary.written.length} written, ${summary.unchanged.length} unchanged, ` +
        `${summary.deleted.length} deleted in ${now() - started} ms (${out})\n`,
    );
    return 0;
  }
  const { diff } = await verifyCodegen(config, options);
  if (isClean(diff)) {
    io.stdout(`kgen verify-codegen: ${diff.unchanged} files up to date in ${now() - started} ms (${out})\n`);
    return 0;
  }
  io.stderr(
    `kgen verify-codegen: ${out} is out of date: ${diff.changed.length} changed, ${diff.missing.length} missing, ` +
      `${diff.stale.length} stale\n${describeTreeDiff(diff, out)}\nRun \`kgen update-codegen\` (or hack/update-codegen.sh) and commit the result.\n`,
  );
  return 1;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code = 0;
  let verbose = argv.includes('--verbose');
  const parser = yargs([...argv])
    .scriptName('kgen')
    .usage('$0 <command> [options]\n\nKubernetes code-generator and client-go runtime, in TypeScript.')
    .command(
      'update-codegen [inputs..]',
      'Generate types, deepcopy, register, a typed clientset and its fake (with --with-watch listers and informers, with --with-applyconfig apply configurations) into the output directory',
      withRunOptions,
      async (a) => {
        verbose = a.verbose === true;
        code = await run('update', a as Flags, io);
      },
    )
    .command(
      'verify-codegen [inputs..]',
      'Exit 1 with a summary when the generated tree on disk is out of date',
      withRunOptions,
      async (a) => {
        verbose = a.verbose === true;
        code = await run('verify', a as Flags, io);
      },
    )
    .demandCommand(1, 'Name a command; see the list above.')
    .strict()
    .help()
    .alias('h', 'help')
    .version()
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    })
    .wrap(Math.min(120, io.columns ?? 100));
  try {
    // The callback receives help and version text instead of yargs printing it; the promise settles after handlers.
    let output = '';
    let failure: unknown;
    await parser.parseAsync([...argv], {}, (err, _argv, text) => {
      output = text;
      failure = err ?? undefined;
    });
    if (failure !== undefined) {
      throw failure;
    }
    if (output !== '') {
      io.stdout(`${output}\n`);
    }
    return code;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`kgen: ${err.message}\nRun kgen --help for usage.\n`);
      return 1;
    }
    io.stderr(describeError(err, verbose));
    return 1;
  }
}

class UsageError extends GeneratorError {
  constructor(message: string) {
    super('KGEN_CONFIG_INVALID', message);
  }
}
