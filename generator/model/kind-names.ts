// Per-package names of kinds in code and on disk, made unique: two kinds never share an identifier or a file.
import type { Kind } from './api-model.js';
import { lowerIdentifier } from './names.js';

/**
 * Files every per-version folder already holds (typed clients, informers, listers, apply configurations); a kind
 * named like one of them gets a `-kind` suffix.
 */
const fixedFiles = new Set(['index', 'group-client', 'interface']);

/**
 * Members a group client class already has, or that no class member may be called, so no resource accessor takes
 * them.
 */
const reservedAccessors = new Set(['constructor', 'prototype']);

/**
 * Gives the kinds of one package (sorted by kind, so the result does not depend on input order) unique code names,
 * plural names and file names. Kinds whose names are already distinct identifiers keep them: `FooBar` and `Foobar`
 * get the files `foobar.ts` and `foobar2.ts` (file systems may ignore case), `foo-bar` and `FooBar` the code names
 * `FooBar2` and `FooBar`.
 */
export function uniqueKindNames(kinds: readonly Kind[]): Kind[] {
  const codeNames = new Set<string>();
  const plurals = new Set<string>();
  const files = new Set<string>();
  return kinds.map((k) => {
    let file = k.fileName.toLowerCase();
    if (fixedFiles.has(file)) {
      file = `${file}-kind`;
    }
    let pluralName = k.pluralName;
    if (reservedAccessors.has(lowerIdentifier(pluralName))) {
      pluralName = `${pluralName}Resource`;
    }
    return {
      ...k,
      codeName: claim(codeNames, k.codeName),
      pluralName: claim(plurals, pluralName, (n) => lowerIdentifier(n)),
      fileName: claim(files, file),
    };
  });
}

/** The first of `wanted`, `wanted2`, `wanted3`, ... whose key is not in `used`; records it. */
function claim(used: Set<string>, wanted: string, key: (name: string) => string = (n) => n): string {
  let name = wanted;
  for (let i = 2; used.has(key(name)); i++) {
    name = `${wanted}${i}`;
  }
  used.add(key(name));
  return name;
}
