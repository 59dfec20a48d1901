// The one naming module: every identifier, package name, plural, file path and string literal the generator emits.

/**
 * Global type names generated code may use; a generated nested type never takes one of these names, so that it
 * cannot shadow them.
 */
const reservedTypeNames = new Set([
  'Array',
  'Boolean',
  'Date',
  'Error',
  'Function',
  'Map',
  'Number',
  'Object',
  'Omit',
  'Partial',
  'Pick',
  'Promise',
  'Readonly',
  'ReadonlyArray',
  'Record',
  'Required',
  'Set',
  'String',
  'Symbol',
]);

/** client-go's Go package name of a group: its first DNS label without non-alphanumerics; `core` for `''`. */
export function groupPackageName(group: string): string {
  if (group === '') {
    return 'core';
  }
  const first = group.split('.')[0] ?? group;
  const cleaned = first.toLowerCase().replace(/[^a-z0-9]/g, '');
  return cleaned === '' ? 'group' : cleaned;
}

/** The default group name in code (`+groupGoName`): the package name with its first letter upper-cased. */
export function defaultGroupGoName(group: string): string {
  return groupGoNameOf(groupPackageName(group));
}

/**
 * A group name in code made a valid PascalCase identifier: `Cert-Manager` → `CertManager`; a name that starts with
 * a digit gets a `Group` prefix (`1group` → `Group1group`), since accessors and class names are built from it.
 */
export function groupGoNameOf(name: string): string {
  const word = name
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p !== '')
    .map(upperFirst)
    .join('');
  if (word === '') {
    return 'Group';
  }
  return /^[0-9]/.test(word) ? `Group${word}` : word;
}

/** `v1alpha1` → `V1alpha1`. */
export function versionPascal(version: string): string {
  return upperFirst(version.replace(/[^A-Za-z0-9]/g, ''));
}

/** Accessor-style name of a group/version: `cnatV1alpha1`, `certmanagerV1`, `coreV1`. */
export function packageCodeName(groupGoName: string, version: string): string {
  return `${lowerIdentifier(groupGoName)}${versionPascal(version)}`;
}

/** Output path of a package, relative to the output directory. */
export function packagePath(groupPackage: string, version: string): string {
  return `apis/${groupPackage}/${version}`;
}

export function upperFirst(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

/**
 * Lower-cases the leading word of a PascalCase name, treating a run of capitals as one acronym: `APIService` →
 * `apiService`, `HTTPRoute` → `httpRoute`, `URL` → `url`, `Foo` → `foo`.
 */
export function lowerIdentifier(name: string): string {
  const m = /^[A-Z]+/.exec(name);
  if (m === null) {
    return name;
  }
  const run = m[0];
  if (run.length === name.length) {
    return name.toLowerCase();
  }
  if (run.length === 1) {
    return run.toLowerCase() + name.slice(1);
  }
  // The last capital of the run starts the next word ("APIService": "API" + "Service").
  const next = name[run.length] ?? '';
  const keep = /[a-z]/.test(next) ? run.length - 1 : run.length;
  return name.slice(0, keep).toLowerCase() + name.slice(keep);
}

/** Turns a JSON key into a PascalCase word for type names: `tls-config` → `TlsConfig`, `$ref` → `Ref`. */
export function pascalWord(key: string): string {
  const parts = key.split(/[^A-Za-z0-9]+/).filter((p) => p !== '');
  const word = parts.map(upperFirst).join('');
  return word === '' ? 'Field' : word;
}

/** The name of a nested anonymous type: the parent's name followed by the key's word (`AtSpec`, `AtSpecTls`). */
export function nestedTypeName(parent: string, key: string): string {
  return `${parent}${pascalWord(key)}`;
}

/** The name of the `index`-th (0-based) object branch of a typed oneOf/anyOf: `RootP1`, `RootP2`. */
export function variantTypeName(base: string, index: number): string {
  return `${base}${index + 1}`;
}

/** Is `name` usable as a type name of generated code without shadowing a global type? */
export function isReservedTypeName(name: string): boolean {
  return reservedTypeNames.has(name);
}

/** Turns an arbitrary definition name into a valid type identifier (`Foo.Bar-baz` → `FooBarBaz`). */
export function typeIdentifier(name: string): string {
  const cleaned = name
    .split(/[^A-Za-z0-9_$]+/)
    .filter((p) => p !== '')
    .map(upperFirst)
    .join('');
  if (cleaned === '') {
    return 'Type';
  }
  return /^[0-9]/.test(cleaned) ? `T${cleaned}` : cleaned;
}

/** True when `s` can be written as a bare property name or identifier. */
export function isIdentifier(s: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s);
}

/** A property key as written in an interface or object literal: bare when possible, otherwise a string literal. */
export function propertyKey(name: string): string {
  return isIdentifier(name) && name !== '__proto__' ? name : tsString(name);
}

/** A property access on `obj` (`obj.name` or `obj['x-y']`). */
export function propertyAccess(obj: string, name: string): string {
  return isIdentifier(name) && name !== '__proto__' ? `${obj}.${name}` : `${obj}[${tsString(name)}]`;
}

/** Keys that every object inherits; reading them needs an own-property check. */
export function isInheritedKey(name: string): boolean {
  return name in Object.prototype;
}

/**
 * A single-quoted TypeScript string literal. Escapes quotes, backslashes, control characters, line separators
 * (U+2028, U+2029) and lone surrogates, so no input text can end the literal or change its meaning.
 */
export function tsString(s: string): string {
  let out = "'";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === "'" || ch === '\\') {
      out += `\\${ch}`;
    } else if (ch === '\n') {
      out += '\\n';
    } else if (ch === '\r') {
      out += '\\r';
    } else if (ch === '\t') {
      out += '\\t';
    } else if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029 || isLoneSurrogate(s, i)) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      // A valid surrogate pair: keep both halves.
      out += ch + s[i + 1];
      i++;
    } else {
      out += ch;
    }
  }
  return `${out}'`;
}

function isLoneSurrogate(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = s.charCodeAt(i + 1);
    return !(d >= 0xdc00 && d <= 0xdfff);
  }
  if (c >= 0xdc00 && c <= 0xdfff) {
    const p = s.charCodeAt(i - 1);
    return !(p >= 0xd800 && p <= 0xdbff);
  }
  return false;
}

/** Name of the generated copier of a type. */
export function deepCopyFunctionName(typeName: string): string {
  return `deepCopy${typeName}`;
}

/**
 * A kind's name in code identifiers (`WidgetLister`, `extractWidget`): the kind when it is one, else its words in
 * PascalCase (`my-kind` → `MyKind`). Callers make it unique per package (see kind-names.ts).
 */
export function kindCodeName(kind: string): string {
  return typeIdentifier(kind);
}

/** Name of a per-kind constant in register.ts: `atGVK`, `apiServiceGVR`. */
export function kindConstName(kind: string, suffix: string): string {
  return `${lowerIdentifier(typeIdentifier(kind))}${suffix}`;
}

const esEndings = ['s', 'x', 'z', 'ch', 'sh'];
const vowels = new Set(['a', 'e', 'i', 'o', 'u']);

/**
 * gengo's pluralizer (`plural_namer.go`): exceptions first, then s/x/z/ch/sh → +es, consonant+y → ies,
 * f/fe → ves, else +s. Works on the type name and keeps its case (`Policy` → `Policies`).
 */
export function pluralize(name: string, exceptions: Readonly<Record<string, string>> = {}): string {
  if (Object.hasOwn(exceptions, name)) {
    return exceptions[name]!;
  }
  const lower = name.toLowerCase();
  if (lower.length === 0) {
    return name;
  }
  if (esEndings.some((e) => lower.endsWith(e))) {
    return `${name}es`;
  }
  if (lower.endsWith('y') && lower.length > 1 && !vowels.has(lower[lower.length - 2]!)) {
    return `${name.slice(0, -1)}ies`;
  }
  if (lower.endsWith('fe')) {
    return `${name.slice(0, -2)}ves`;
  }
  if (lower.endsWith('f')) {
    return `${name.slice(0, -1)}ves`;
  }
  return `${name}s`;
}

/**
 * The plural used in code, PascalCase: a `--plural-exceptions` entry, else the resource name re-cased after the kind
 * when it starts with it (`ats` → `Ats`, `endpoints` → `Endpoints`), else gengo's rule on the kind.
 */
export function pluralNameOf(kind: string, resource: string, exceptions: Readonly<Record<string, string>>): string {
  if (Object.hasOwn(exceptions, kind)) {
    return typeIdentifier(exceptions[kind]!);
  }
  // Kinds and plurals may hold `-` and digits (`my-kind`, `widgets-3`): the result is always an identifier.
  if (resource.startsWith(kind.toLowerCase())) {
    return typeIdentifier(kind + resource.slice(kind.length));
  }
  return typeIdentifier(pluralize(kindCodeName(kind)));
}

/** Name of the module-level set of declared field names that a copier of a type with unknown fields uses. */
export function knownFieldsConstName(typeName: string): string {
  return `knownFieldsOf${typeName}`;
}

/** The default list kind of a kind (`names.listKind` when a CRD does not set it). */
export function defaultListKind(kind: string): string {
  return `${kind}List`;
}

/**
 * Hands out unique names within one scope, deterministically: the first request for a name gets it, later ones get
 * `Name2`, `Name3`, ... Callers request names in a sorted order so the result does not depend on input order.
 */
export class NameAllocator {
  private readonly used = new Set<string>();

  /** Marks names as taken without allocating them (kind names, imports). */
  reserve(name: string): void {
    this.used.add(name);
  }

  has(name: string): boolean {
    return this.used.has(name);
  }

  allocate(wanted: string): string {
    let base = wanted;
    if (isReservedTypeName(base)) {
      base = `${base}Type`;
    }
    let name = base;
    for (let i = 2; this.used.has(name); i++) {
      name = `${base}${i}`;
    }
    this.used.add(name);
    return name;
  }
}
