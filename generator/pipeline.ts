// The generator pipeline: load → model → emit → format → write; generate() is the pure middle, the rest does I/O.
import type { ResolvedConfig } from './config/load-config.js';
import type { EmitOptions } from './emit/emit-context.js';
import { coreEmitters, type Emitter, emitAll } from './emit/emitters.js';
import type { GeneratedFile } from './emit/generated-file.js';
import { formatFiles } from './format/format-files.js';
import { type LoadedInputs, type LoadOptions, loadInputs } from './load/load-inputs.js';
import type { ApiModel, ApiPackage } from './model/api-model.js';
import { buildModel } from './model/build-model.js';
import type { ModelOptions } from './model/model-options.js';
import { compareTree, type TreeDiff } from './write/compare-tree.js';
import { type WriteSummary, writeTree } from './write/write-tree.js';

export interface GenerateOptions {
  readonly model: ModelOptions;
  readonly emit: EmitOptions;
  /** @default coreEmitters (types, deepcopy, register, index) */
  readonly emitters?: readonly Emitter[];
  /** Called once per group/version with the number of files emitted for it (progress lines). */
  readonly onPackage?: (pkg: ApiPackage, files: number) => void;
}

export interface Generation {
  readonly model: ApiModel;
  /** Formatted files, sorted by path. */
  readonly files: readonly GeneratedFile[];
  readonly warnings: readonly string[];
}

/** The pure middle of the pipeline: model, emit and format. Same inputs, same bytes. */
export function generate(inputs: LoadedInputs, options: GenerateOptions): Generation {
  const { model, warnings } = buildModel(inputs.sources, options.model);
  const emitted = emitAll(model, options.emit, options.emitters ?? coreEmitters, options.onPackage);
  const files = formatFiles(emitted, { boilerplate: inputs.boilerplate });
  return { model, files, warnings };
}

export interface RunOptions extends LoadOptions {
  readonly emitters?: readonly Emitter[];
  readonly onPackage?: (pkg: ApiPackage, files: number) => void;
  /** Called with each warning as soon as generation produces it. */
  readonly onWarning?: (message: string) => void;
}

export interface UpdateResult {
  readonly generation: Generation;
  readonly summary: WriteSummary;
}

function generateFor(inputs: LoadedInputs, config: ResolvedConfig, options: RunOptions): Generation {
  const g = generate(inputs, {
    model: config.model,
    emit: config.emit,
    ...(options.emitters !== undefined ? { emitters: options.emitters } : {}),
    ...(options.onPackage !== undefined ? { onPackage: options.onPackage } : {}),
  });
  for (const w of g.warnings) {
    options.onWarning?.(w);
  }
  return g;
}

/** `kgen update-codegen`: generates and replaces the output tree (atomically; failures leave the old tree). */
export async function updateCodegen(
  config: ResolvedConfig,
  options: RunOptions = {},
  signal?: AbortSignal,
): Promise<UpdateResult> {
  const inputs = await loadInputs(config, options, signal);
  const generation = generateFor(inputs, config, options);
  const summary = await writeTree(config.outputDir, generation.files, signal);
  return { generation, summary };
}

export interface VerifyResult {
  readonly generation: Generation;
  readonly diff: TreeDiff;
}

/** `kgen verify-codegen`: generates in memory and compares with the output tree on disk. Writes nothing. */
export async function verifyCodegen(
  config: ResolvedConfig,
  options: RunOptions = {},
  signal?: AbortSignal,
): Promise<VerifyResult> {
  const inputs = await loadInputs(config, options, signal);
  const generation = generateFor(inputs, config, options);
  const diff = await compareTree(config.outputDir, generation.files);
  return { generation, diff };
}
