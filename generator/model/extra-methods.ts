// Extra client methods (+genclient:method=): the names the typed client already has, type references, resolution.
import type { ResourceMethod } from '../../runtime/gentype/resource-client.js';
import { GeneratorError } from '../errors.js';
import type { ExtraMethod, Kind, KindMethod, TypeTarget } from './api-model.js';

/**
 * Every method a generated typed client has before extra methods: TypedClient's (runtime/gentype). An extra method
 * may not take one of these names; getScale and updateScale are the scale subresource's, which TypedClient serves.
 */
export const typedClientMethodNames: ReadonlySet<string> = new Set<ResourceMethod | 'isWatchListSemanticsUnsupported'>([
  'get',
  'list',
  'watch',
  'create',
  'update',
  'updateStatus',
  'delete',
  'deleteCollection',
  'patch',
  'patchStatus',
  'apply',
  'applyStatus',
  'getScale',
  'updateScale',
  'callSubresource',
  'isWatchListSemanticsUnsupported',
] satisfies readonly (ResourceMethod | 'isWatchListSemanticsUnsupported')[]);

/** A `group/version.Kind` reference; `''` is the core group. */
export interface TypeRef {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/**
 * Parses how a method's input or result type is written: `group/version.Kind` (`authentication.k8s.io/v1.TokenRequest`),
 * with `core/v1.Pod`, `/v1.Pod` and `v1.Pod` all naming the core group.
 */
export function parseTypeRef(text: string): TypeRef | undefined {
  const slash = text.lastIndexOf('/');
  const group = slash === -1 ? '' : text.slice(0, slash);
  const m = /^([a-z0-9]+)\.([A-Za-z_$][A-Za-z0-9_$]*)$/.exec(text.slice(slash + 1));
  if (m === null || /[^a-z0-9.-]/.test(group)) {
    return undefined;
  }
  return { group: group === 'core' ? '' : group, version: m[1]!, kind: m[2]! };
}

/** The type references of a method (input, then result), parsed; unparsable ones are skipped. */
export function methodTypeRefs(m: ExtraMethod): TypeRef[] {
  return [m.input, m.result].flatMap((t) => {
    const ref = t === undefined ? undefined : parseTypeRef(t);
    return ref === undefined ? [] : [ref];
  });
}

/** Finds the model type a reference names, if the model generates it. */
export type TypeLookup = (ref: TypeRef) => TypeTarget | undefined;

/**
 * A kind with the types of its extra methods resolved. Methods TypedClient serves itself (the scale methods) are
 * kept as they are: no emitter writes them as extra methods, and their Scale type need not be generated.
 */
export function resolveKindMethods(kind: Kind, lookup: TypeLookup, group: string, version: string): Kind {
  if (kind.extraMethods.length === 0) {
    return kind;
  }
  const extraMethods = kind.extraMethods.map((m): KindMethod => {
    if (typedClientMethodNames.has(m.name)) {
      return m;
    }
    const out: { -readonly [K in keyof KindMethod]: KindMethod[K] } = { ...m };
    for (const [key, field] of [
      ['input', 'inputType'],
      ['result', 'resultType'],
    ] as const) {
      const text = m[key];
      if (text === undefined) {
        continue;
      }
      const ref = parseTypeRef(text);
      const target = ref === undefined ? undefined : lookup(ref);
      if (target === undefined) {
        throw new GeneratorError(
          'KGEN_REF_UNRESOLVED',
          `the ${key} type "${text}" of method ${m.name} on ${kind.kind} (${group || 'core'}/${version}) is not a generated type`,
          {
            file: kind.source.file,
            pointer: kind.source.pointer,
            hint: 'Write types as group/version.Kind (v1.Pod or core/v1.Pod for the core group), naming a kind or definition of the inputs.',
          },
        );
      }
      out[field] = target;
    }
    return out;
  });
  return { ...kind, extraMethods };
}
