// Builds SourceSets and runs the pure pipeline for tests, from inline text or from corpus files.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseAllDocuments } from 'yaml';
import { defaultEmitOptions, type EmitOptions } from '../../../generator/emit/emit-context.js';
import { yamlLocator } from '../../../generator/load/locator.js';
import type { CrdSource, OpenApiSource, SourceSet } from '../../../generator/load/source-set.js';
import type { ModelOptions } from '../../../generator/model/model-options.js';
import { type Generation, generate } from '../../../generator/pipeline.js';

/** The shared corpus of real CRDs and OpenAPI documents (read in place, never copied). */
export const corpusDir = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));

/** The runtime entry as an absolute module path, so generated code written outside the repo can import it. */
export const runtimeEntry = fileURLToPath(new URL('../../../runtime/index.js', import.meta.url));

/** CRDs from YAML text (one or more documents). */
export function crdSources(file: string, text: string): CrdSource[] {
  const lines = new LineCounter();
  return parseAllDocuments(text, { lineCounter: lines }).map((doc) => ({
    file,
    crd: doc.toJS() as Record<string, unknown>,
    pointer: '',
    locate: yamlLocator(file, doc, lines),
  }));
}

/** An OpenAPI document held in memory. */
export function openApiSource(file: string, doc: Record<string, unknown>): OpenApiSource {
  return { file, openapiVersion: 'swagger' in doc ? 2 : 3, doc, locate: () => ({ file }) };
}

/** An OpenAPI document from the corpus, e.g. `openapi/v3/apis__apps__v1_openapi.json`. */
export function corpusOpenApi(rel: string): OpenApiSource {
  return openApiSource(rel, JSON.parse(readFileSync(`${corpusDir}${rel}`, 'utf8')) as Record<string, unknown>);
}

/** Runs model → emit → format on sources. */
export function generateFrom(
  sources: SourceSet,
  model: ModelOptions = {},
  emit: Partial<EmitOptions> = {},
  boilerplate?: string,
): Generation {
  return generate({ sources, boilerplate }, { model, emit: { ...defaultEmitOptions, ...emit } });
}
