// What shapes the model besides the inputs: selection of groups/versions/kinds and the +genclient-style overrides.
import { GeneratorError } from '../errors.js';
import type { ClientVerb, ExtraMethod } from './api-model.js';

/** Per-kind overrides, the config equivalent of client-gen's `+genclient` tags. */
export interface KindOverride {
  /** `+genclient:nonNamespaced`: treat the kind as cluster-scoped. */
  readonly nonNamespaced?: boolean;
  /** `+genclient:noStatus`: no updateStatus/applyStatus even when a status subresource exists. */
  readonly noStatus?: boolean;
  /** `+genclient:noVerbs`: no verbs at all (no client methods, lister or informer). */
  readonly noVerbs?: boolean;
  /** `+genclient:readonly`: only get, list and watch. */
  readonly readonly?: boolean;
  /** `+genclient:onlyVerbs=`: keep only these verbs. */
  readonly onlyVerbs?: readonly ClientVerb[];
  /** `+genclient:skipVerbs=`: drop these verbs. */
  readonly skipVerbs?: readonly ClientVerb[];
  /** `+genclient:method=`: extra methods, added after the derived ones (a same-named one replaces it). */
  readonly methods?: readonly ExtraMethod[];
  /** `+resourceName=`: the REST resource name. */
  readonly resourceName?: string;
}

/** Per-group overrides. */
export interface GroupOverride {
  /** `+groupGoName=`: the group's name in code (PascalCase); also names its package directory (lower case). */
  readonly goName?: string;
}

/** A selection entry: `group`, `group/version` or `group/version/Kind` (`core` names the core group). */
export interface Selector {
  readonly group: string;
  readonly version?: string;
  readonly kind?: string;
}

export interface ModelOptions {
  /** What to generate; empty means everything in the inputs. @default [] */
  readonly select?: readonly Selector[];
  /** `Type:Plural` exceptions for names in code (client-gen `--plural-exceptions`). @default {} */
  readonly pluralExceptions?: Readonly<Record<string, string>>;
  /** Keyed by `Kind`, `group/Kind` or `group/version/Kind`; more specific keys win. @default {} */
  readonly kinds?: Readonly<Record<string, KindOverride>>;
  /** Keyed by API group (`''` or `core` for the core group). @default {} */
  readonly groups?: Readonly<Record<string, GroupOverride>>;
  /** Generate CRD versions that are not served. @default false */
  readonly includeUnservedVersions?: boolean;
}

/** Parses `group[/version[/Kind]]`. */
export function parseSelector(text: string): Selector {
  const parts = text.split('/');
  if (parts.length > 3 || text.trim() === '') {
    throw new GeneratorError('KGEN_CONFIG_INVALID', `bad selector "${text}"`, {
      hint: 'A selector is group, group/version or group/version/Kind (core for the core group, * for any).',
    });
  }
  const [group = '', version, kind] = parts;
  const g = group === 'core' ? '' : group;
  const out: { group: string; version?: string; kind?: string } = { group: g };
  if (version !== undefined && version !== '' && version !== '*') {
    out.version = version;
  }
  if (kind !== undefined && kind !== '' && kind !== '*') {
    out.kind = kind;
  }
  return out;
}

/** Does the selector cover this group/version (and kind, when given)? */
export function selectorMatches(s: Selector, group: string, version: string, kind?: string): boolean {
  if (s.group !== '*' && s.group !== group) {
    return false;
  }
  if (s.version !== undefined && s.version !== version) {
    return false;
  }
  if (s.kind !== undefined && kind !== undefined && s.kind !== kind) {
    return false;
  }
  return true;
}

/** The merged override for a kind: `Kind`, then `group/Kind`, then `group/version/Kind`. */
export function overrideFor(
  overrides: Readonly<Record<string, KindOverride>>,
  group: string,
  version: string,
  kind: string,
): KindOverride {
  const g = group === '' ? 'core' : group;
  const keys = [kind, `${group}/${kind}`, `${g}/${kind}`, `${group}/${version}/${kind}`, `${g}/${version}/${kind}`];
  let merged: KindOverride = {};
  for (const k of [...new Set(keys)]) {
    if (Object.hasOwn(overrides, k)) {
      merged = { ...merged, ...overrides[k] };
    }
  }
  return merged;
}
