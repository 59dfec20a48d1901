// Applies the +genclient-equivalent overrides of kgen.config to a kind draft, giving the model's Kind.
import type { ClientVerb, ExtraMethod, Kind } from './api-model.js';
import type { KindDraft } from './kind-draft.js';
import { orderVerbs } from './kind-draft.js';
import { type ModelOptions, overrideFor } from './model-options.js';
import { kindCodeName, pluralNameOf } from './names.js';

const readonlyVerbs: ReadonlySet<ClientVerb> = new Set(['get', 'list', 'watch']);
const statusVerbs: ReadonlySet<ClientVerb> = new Set(['updateStatus', 'applyStatus']);

function mergeMethods(base: readonly ExtraMethod[], extra: readonly ExtraMethod[]): ExtraMethod[] {
  const byName = new Map<string, ExtraMethod>();
  for (const m of [...base, ...extra]) {
    byName.set(m.name, m);
  }
  return [...byName.values()];
}

/** API groups whose OpenAPI definitions are named `io.k8s.*`: built into Kubernetes or aggregated, never CRDs. */
const builtinDefinitionPrefix = 'io.k8s.';

/** CRDs and the OpenAPI definitions of CRD groups (named after the reversed group, `com.example.v1.Widget`). */
function kindOrigin(d: KindDraft): Kind['origin'] {
  if (d.type.from === 'crd') {
    return 'crd';
  }
  return d.type.definition?.startsWith(builtinDefinitionPrefix) === false ? 'crd' : 'builtin';
}

/** The model Kind of a draft, with overrides applied. */
export function applyOverrides(
  d: KindDraft,
  options: ModelOptions,
  names: { typeName: string; listTypeName?: string },
): Kind {
  const ov = overrideFor(options.kinds ?? {}, d.group, d.version, d.kind);
  let verbs: ClientVerb[] = [...d.verbs];
  if (ov.onlyVerbs !== undefined) {
    verbs = orderVerbs(ov.onlyVerbs);
  }
  if (ov.readonly === true) {
    verbs = verbs.filter((v) => readonlyVerbs.has(v));
  }
  if (ov.noStatus === true) {
    verbs = verbs.filter((v) => !statusVerbs.has(v));
  }
  if (ov.skipVerbs !== undefined) {
    const skip = new Set(ov.skipVerbs);
    verbs = verbs.filter((v) => !skip.has(v));
  }
  if (ov.noVerbs === true) {
    verbs = [];
  }
  const plural = ov.resourceName ?? d.plural;
  const kind: { -readonly [K in keyof Kind]: Kind[K] } = {
    kind: d.kind,
    listKind: d.listKind,
    plural,
    pluralName: pluralNameOf(d.kind, plural, options.pluralExceptions ?? {}),
    singular: d.singular,
    namespaced: ov.nonNamespaced === true ? false : d.namespaced,
    verbs,
    subresources: {
      status: d.status,
      ...(d.scale !== undefined ? { scale: d.scale } : {}),
      other: d.otherSubresources,
    },
    shortNames: d.shortNames,
    categories: d.categories,
    printerColumns: d.printerColumns,
    selectableFields: d.selectableFields,
    extraMethods: mergeMethods(ov.noVerbs === true ? [] : d.extraMethods, ov.methods ?? []),
    storage: d.storage,
    deprecated: d.deprecated,
    origin: kindOrigin(d),
    codeName: kindCodeName(d.kind),
    fileName: d.kind.toLowerCase(),
    typeName: names.typeName,
    source: d.source,
  };
  if (d.deprecationWarning !== undefined) {
    kind.deprecationWarning = d.deprecationWarning;
  }
  if (names.listTypeName !== undefined) {
    kind.listTypeName = names.listTypeName;
  }
  return kind;
}
