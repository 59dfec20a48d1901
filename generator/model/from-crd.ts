// Reads a CustomResourceDefinition (apiextensions.k8s.io/v1) into one KindDraft per served version.
import { GeneratorError } from '../errors.js';
import type { CrdSource } from '../load/source-set.js';
import type { ClientVerb, PrinterColumn, ScaleSubresource } from './api-model.js';
import { isRecord, own, ownArray, ownBoolean, ownRecord, ownString, ownStrings } from './json-access.js';
import { allVerbs, type KindDraft, scaleMethods } from './kind-draft.js';
import { groupProblem, kindProblem, resourceProblem, versionProblem } from './name-rules.js';
import { defaultListKind } from './names.js';

export interface CrdReadOptions {
  /** Also generate versions with `served: false`. @default false */
  readonly includeUnservedVersions?: boolean;
}

function crdError(src: CrdSource, rel: string, problem: string, hint: string): GeneratorError {
  const pointer = src.pointer + rel;
  return new GeneratorError('KGEN_CRD_INVALID', problem, { ...src.locate(pointer), pointer, hint });
}

function requireString(src: CrdSource, o: Record<string, unknown>, key: string, rel: string, hint: string): string {
  const v = ownString(o, key);
  if (v === undefined || v === '') {
    throw crdError(src, `${rel}/${key}`, `${rel.slice(1).replace(/\//g, '.') || 'CRD'}.${key} is missing`, hint);
  }
  return v;
}

const namesHint =
  'The API server rejects this CRD too: kinds are CamelCase ASCII (e.g. Widget), plurals and singulars lower case ' +
  '(widgets), versions like v1 or v1beta2, groups like example.com.';

/** Throws when a name breaks the API server's rules (such names would also become unsafe paths and identifiers). */
function checkName(src: CrdSource, rel: string, problem: string | undefined): void {
  if (problem !== undefined) {
    throw crdError(src, rel, problem, namesHint);
  }
}

function printerColumnsOf(v: Record<string, unknown>): PrinterColumn[] {
  const out: PrinterColumn[] = [];
  for (const c of ownArray(v, 'additionalPrinterColumns') ?? []) {
    if (!isRecord(c)) {
      continue;
    }
    const name = ownString(c, 'name');
    const type = ownString(c, 'type');
    const jsonPath = ownString(c, 'jsonPath');
    if (name === undefined || type === undefined || jsonPath === undefined) {
      continue;
    }
    const col: { -readonly [K in keyof PrinterColumn]: PrinterColumn[K] } = { name, type, jsonPath };
    const description = ownString(c, 'description');
    const format = ownString(c, 'format');
    const priority = own(c, 'priority');
    if (description !== undefined) {
      col.description = description;
    }
    if (format !== undefined) {
      col.format = format;
    }
    if (typeof priority === 'number') {
      col.priority = priority;
    }
    out.push(col);
  }
  return out;
}

function scaleOf(src: CrdSource, sub: Record<string, unknown>, rel: string): ScaleSubresource | undefined {
  const scale = ownRecord(sub, 'scale');
  if (scale === undefined) {
    return undefined;
  }
  const hint =
    'The scale subresource needs specReplicasPath and statusReplicasPath (JSON paths such as .spec.replicas).';
  const out: { -readonly [K in keyof ScaleSubresource]: ScaleSubresource[K] } = {
    specReplicasPath: requireString(src, scale, 'specReplicasPath', `${rel}/scale`, hint),
    statusReplicasPath: requireString(src, scale, 'statusReplicasPath', `${rel}/scale`, hint),
  };
  const selector = ownString(scale, 'labelSelectorPath');
  if (selector !== undefined) {
    out.labelSelectorPath = selector;
  }
  return out;
}

/** The kinds a CRD defines: one per served version (CRDs always serve the full verb set). */
export function kindsFromCrd(src: CrdSource, options: CrdReadOptions = {}): KindDraft[] {
  const crd = src.crd;
  const spec = ownRecord(crd, 'spec');
  if (spec === undefined) {
    throw crdError(
      src,
      '/spec',
      'the CRD has no spec',
      'A CustomResourceDefinition needs spec.group, spec.names, spec.scope and spec.versions.',
    );
  }
  const group = requireString(src, spec, 'group', '/spec', 'Set spec.group to the API group, e.g. example.com.');
  const names = ownRecord(spec, 'names');
  if (names === undefined) {
    throw crdError(src, '/spec/names', 'spec.names is missing', 'Set spec.names.kind and spec.names.plural.');
  }
  const kind = requireString(src, names, 'kind', '/spec/names', 'Set spec.names.kind (CamelCase, singular).');
  const plural = requireString(src, names, 'plural', '/spec/names', 'Set spec.names.plural (lower case).');
  const singular = ownString(names, 'singular') ?? kind.toLowerCase();
  const listKind = ownString(names, 'listKind') ?? defaultListKind(kind);
  checkName(src, '/spec/group', groupProblem(group));
  checkName(src, '/spec/names/kind', kindProblem(kind));
  checkName(src, '/spec/names/plural', resourceProblem(plural));
  checkName(src, '/spec/names/singular', resourceProblem(singular, 'singular'));
  checkName(src, '/spec/names/listKind', kindProblem(listKind, 'listKind'));
  const scope = ownString(spec, 'scope');
  if (scope !== 'Namespaced' && scope !== 'Cluster') {
    throw crdError(
      src,
      '/spec/scope',
      `spec.scope must be Namespaced or Cluster, not ${JSON.stringify(scope ?? null)}`,
      'Set spec.scope.',
    );
  }
  const versions = ownArray(spec, 'versions');
  if (versions === undefined || versions.length === 0) {
    throw crdError(
      src,
      '/spec/versions',
      'spec.versions is missing or empty',
      'List at least one version with a schema.',
    );
  }
  const drafts: KindDraft[] = [];
  versions.forEach((v, i) => {
    const rel = `/spec/versions/${i}`;
    if (!isRecord(v)) {
      throw crdError(src, rel, 'a version must be an object', 'Each entry needs name, served, storage and schema.');
    }
    const version = requireString(src, v, 'name', rel, 'Name the version, e.g. v1alpha1.');
    checkName(src, `${rel}/name`, versionProblem(version));
    const served = ownBoolean(v, 'served') ?? false;
    if (!served && options.includeUnservedVersions !== true) {
      return;
    }
    const schema = ownRecord(ownRecord(v, 'schema') ?? {}, 'openAPIV3Schema');
    if (schema === undefined) {
      throw crdError(
        src,
        `${rel}/schema/openAPIV3Schema`,
        `version ${version} has no schema`,
        'apiextensions.k8s.io/v1 requires spec.versions[].schema.openAPIV3Schema; add a structural schema.',
      );
    }
    const sub = ownRecord(v, 'subresources') ?? {};
    const status = isRecord(own(sub, 'status'));
    const scale = scaleOf(src, sub, `${rel}/subresources`);
    const verbs: ClientVerb[] = allVerbs.filter(
      (verb) => status || (verb !== 'updateStatus' && verb !== 'applyStatus'),
    );
    const selectableFields = (ownArray(v, 'selectableFields') ?? [])
      .map((f) => (isRecord(f) ? ownString(f, 'jsonPath') : undefined))
      .filter((p): p is string => p !== undefined);
    drafts.push({
      group,
      version,
      kind,
      listKind,
      plural,
      singular,
      namespaced: scope === 'Namespaced',
      verbs,
      status,
      scale,
      otherSubresources: [],
      shortNames: ownStrings(names, 'shortNames') ?? [],
      categories: ownStrings(names, 'categories') ?? [],
      printerColumns: printerColumnsOf(v),
      selectableFields,
      extraMethods: scale !== undefined ? scaleMethods : [],
      storage: ownBoolean(v, 'storage') ?? false,
      deprecated: ownBoolean(v, 'deprecated') ?? false,
      deprecationWarning: ownString(v, 'deprecationWarning'),
      source: { file: src.file, pointer: src.pointer },
      type: { from: 'crd', schema, pointer: `${src.pointer}${rel}/schema/openAPIV3Schema`, locate: src.locate },
    });
  });
  return drafts;
}
