// Public API of the kgen generator (library use); the CLI in cli.ts wraps it.
export { ConfigValidator, defineConfig, type KgenConfig, parsePluralExceptions } from './config/config.js';
export {
  configFileNames,
  type LoadedConfig,
  loadConfigFile,
  type ResolvedConfig,
  resolveConfig,
} from './config/load-config.js';
export { defaultEmitOptions, EmitContext, type EmitOptions } from './emit/emit-context.js';
export { coreEmitters, type Emitter, emitAll } from './emit/emitters.js';
export { type GeneratedFile, generatedMarker, isGeneratedText, relativeModule } from './emit/generated-file.js';
export { ImportTracker } from './emit/import-tracker.js';
export { render } from './emit/render.js';
export { renderType, type TypeScope, targetName } from './emit/type-expression.js';
export { GeneratorError, type GeneratorErrorCode, type InputLocation } from './errors.js';
export { boilerplateComment, formatFile, formatFiles } from './format/format-files.js';
export { FetchStatusError, loadFromCluster, type OpenApiFetcher } from './load/cluster.js';
export { type LoadedInputs, type LoadOptions, loadInputs } from './load/load-inputs.js';
export { readSources } from './load/read-sources.js';
export type { CrdSource, OpenApiSource, SourceSet } from './load/source-set.js';
export type * from './model/api-model.js';
export { buildModel, type ModelResult } from './model/build-model.js';
export type { GroupOverride, KindOverride, ModelOptions, Selector } from './model/model-options.js';
export { parseSelector } from './model/model-options.js';
export * as names from './model/names.js';
export {
  type GenerateOptions,
  type Generation,
  generate,
  type RunOptions,
  type UpdateResult,
  updateCodegen,
  type VerifyResult,
  verifyCodegen,
} from './pipeline.js';
export { describeTreeDiff, isClean, type TreeDiff } from './write/compare-tree.js';
export type { WriteSummary } from './write/write-tree.js';
