// Reads input files and sorts their documents into CRDs and OpenAPI documents (the only reader of input files).
import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { GeneratorError, jsonPointer } from '../errors.js';
import { isRecord, ownArray, ownString } from '../model/json-access.js';
import { jsonErrorOffset } from './json-error-offset.js';
import { jsonLocator, lineColumnAt, yamlLocator } from './locator.js';
import type { CrdSource, Locator, OpenApiSource, SourceSet } from './source-set.js';

const v1beta1Hint =
  'apiextensions.k8s.io/v1beta1 was removed in Kubernetes 1.22. Convert the CRD to apiextensions.k8s.io/v1: ' +
  'move spec.validation.openAPIV3Schema to spec.versions[].schema.openAPIV3Schema, spec.subresources and ' +
  'spec.additionalPrinterColumns (JSONPath → jsonPath) into each version, make the schema structural ' +
  '(a type on every node), and set spec.preserveUnknownFields to false.';

interface Collected {
  crds: CrdSource[];
  openapi: OpenApiSource[];
}

/**
 * Files the user named explicitly must contain something usable; files found by walking a directory may hold other
 * manifests, which are skipped.
 */
export interface ReadSourcesOptions {
  /** Paths in messages are relative to this directory. */
  readonly displayBase: string;
  /** Absolute paths of files named explicitly (not found by walking a directory or glob). */
  readonly explicit?: ReadonlySet<string>;
}

function displayPath(base: string, abs: string): string {
  const rel = relative(base, abs);
  return (rel === '' || rel.startsWith('..') ? abs : rel).split(sep).join('/');
}

/** Sorts one parsed document into the collection; returns how many usable items it held. */
function classify(doc: unknown, file: string, pointer: string, locate: Locator, out: Collected): number {
  if (!isRecord(doc)) {
    return 0;
  }
  const openapi = ownString(doc, 'openapi');
  if (openapi?.startsWith('3.')) {
    out.openapi.push({ file, openapiVersion: 3, doc, locate });
    return 1;
  }
  if (ownString(doc, 'swagger') === '2.0') {
    out.openapi.push({ file, openapiVersion: 2, doc, locate });
    return 1;
  }
  const kind = ownString(doc, 'kind');
  const apiVersion = ownString(doc, 'apiVersion');
  if (kind === 'CustomResourceDefinition') {
    if (apiVersion === 'apiextensions.k8s.io/v1') {
      out.crds.push({ file, crd: doc, pointer, locate });
      return 1;
    }
    throw new GeneratorError('KGEN_CRD_V1BETA1', `CustomResourceDefinition with apiVersion ${apiVersion ?? '(none)'}`, {
      ...locate(`${pointer}/apiVersion`),
      pointer: `${pointer}/apiVersion`,
      hint: apiVersion === 'apiextensions.k8s.io/v1beta1' ? v1beta1Hint : 'Only apiextensions.k8s.io/v1 is supported.',
    });
  }
  const items = ownArray(doc, 'items');
  if (kind?.endsWith('List') && items !== undefined) {
    let n = 0;
    items.forEach((item, i) => {
      n += classify(item, file, `${pointer}${jsonPointer(['items', i])}`, locate, out);
    });
    return n;
  }
  return 0;
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    const offset = jsonErrorOffset(text);
    const at = offset !== undefined ? lineColumnAt(text, offset) : undefined;
    throw new GeneratorError('KGEN_PARSE_ERROR', `invalid JSON: ${(cause as Error).message}`, {
      file,
      line: at?.line,
      column: at?.column,
      hint: 'Fix the syntax error; the file must be a JSON OpenAPI document or CRD.',
      cause,
    });
  }
}

/** JSON in a .yaml file is read as JSON (faster, same values); anything else that starts with `{` is a YAML flow mapping. */
function tryJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** Where the alias an "Unresolved alias ...: name" message names is used, so the error points at it. */
function aliasOffset(text: string, message: string): number | undefined {
  const name = /alias[^:]*: (\S+)$/.exec(message)?.[1];
  const i = name !== undefined ? text.indexOf(`*${name}`) : -1;
  return i === -1 ? undefined : i;
}

function readYaml(file: string, text: string, out: Collected): number {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false });
  if (!Array.isArray(docs)) {
    return 0;
  }
  let n = 0;
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err !== undefined) {
      const pos = err.linePos?.[0];
      throw new GeneratorError('KGEN_PARSE_ERROR', `invalid YAML: ${err.message.split('\n')[0]}`, {
        file,
        line: pos?.line,
        column: pos?.col,
        hint: 'Fix the syntax error in this document.',
      });
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (cause) {
      // Unresolvable aliases and alias bombs surface only when the document is turned into values.
      const at = aliasOffset(text, (cause as Error).message) ?? doc.contents?.range?.[0];
      const pos = at !== undefined ? lines.linePos(at) : undefined;
      throw new GeneratorError('KGEN_PARSE_ERROR', `invalid YAML: ${(cause as Error).message}`, {
        file,
        line: pos?.line,
        column: pos?.col,
        hint: 'Define every anchor before its alias (*name) and do not nest aliases to expand the document.',
        cause,
      });
    }
    n += classify(value, file, '', yamlLocator(file, doc, lines), out);
  }
  return n;
}

/** Reads and classifies the given files (absolute paths, in order). */
export async function readSources(files: readonly string[], options: ReadSourcesOptions): Promise<SourceSet> {
  const out: Collected = { crds: [], openapi: [] };
  for (const abs of files) {
    const file = displayPath(options.displayBase, abs);
    let text: string;
    try {
      text = await readFile(abs, 'utf8');
    } catch (cause) {
      throw new GeneratorError('KGEN_INPUT_UNREADABLE', `cannot read the file: ${(cause as Error).message}`, {
        file,
        cause,
      });
    }
    const json = /\.json$/i.test(abs)
      ? { value: parseJson(file, text) }
      : /^\s*\{/.test(text.slice(0, 64))
        ? tryJson(text)
        : undefined;
    const n =
      json !== undefined ? classify(json.value, file, '', jsonLocator(file, text), out) : readYaml(file, text, out);
    if (n === 0 && options.explicit?.has(abs)) {
      throw new GeneratorError(
        'KGEN_UNSUPPORTED_INPUT',
        'no CustomResourceDefinition or OpenAPI document in this file',
        {
          file,
          hint: 'Inputs are apiextensions.k8s.io/v1 CRDs (YAML or JSON, several per file allowed), OpenAPI v3 documents, or an OpenAPI v2 (swagger) document.',
        },
      );
    }
  }
  return out;
}
