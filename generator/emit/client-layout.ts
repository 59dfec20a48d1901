// Where issue 7's files go and what they call things: paths, accessor names and the methods a kind serves.
import type { ResourceMethod } from '../../runtime/gentype/resource-client.js';
import type { ApiPackage, Kind } from '../model/api-model.js';
import { lowerIdentifier, upperFirst } from '../model/names.js';
import type { EmitOptions } from './emit-context.js';

/** `clientset/versioned` (names from the options). */
export function clientsetDir(o: EmitOptions): string {
  return `${o.clientsetName}/${o.versionedName}`;
}

/**
 * Where generated fakes import runtime/fake from: `kgen/runtime/fake` beside `kgen/runtime`, or the sibling
 * `fake/index.js` when the runtime is imported by file path (tests).
 */
export function fakeRuntimeImport(o: EmitOptions): string {
  return o.runtimeImport.endsWith('/index.js')
    ? `${o.runtimeImport.slice(0, -'/index.js'.length)}/fake/index.js`
    : `${o.runtimeImport}/fake`;
}

/** `clientset/versioned/typed/<group>/<version>`. */
export function typedDir(o: EmitOptions, pkg: ApiPackage): string {
  return `${clientsetDir(o)}/typed/${pkg.groupPackage}/${pkg.version}`;
}

/** `listers/<group>/<version>`. */
export function listersDir(o: EmitOptions, pkg: ApiPackage): string {
  return `${o.listersName}/${pkg.groupPackage}/${pkg.version}`;
}

/** `informers/externalversions`. */
export function informersDir(o: EmitOptions): string {
  return `${o.informersName}/externalversions`;
}

/** File name of a kind inside a per-version folder (the model keeps it unique and clear of `index.ts`). */
export function kindFile(k: Kind): string {
  return `${k.fileName}.ts`;
}

/** The accessor of a kind's resource (`foos`, `ats`). */
export function resourceAccessor(k: Kind): string {
  return lowerIdentifier(k.pluralName);
}

/** The accessor of a group in the informer factory (`cnat()`, `core()`). */
export function groupAccessor(pkg: ApiPackage): string {
  return lowerIdentifier(pkg.groupGoName);
}

/** Class name of a group/version's typed client (`CnatV1alpha1Client`). */
export function groupClientClass(pkg: ApiPackage): string {
  return `${upperFirst(pkg.codeName)}Client`;
}

/**
 * The client methods a kind serves: its verbs, `patchStatus` next to `patch` and the status verbs only with a
 * status subresource, `getScale`/`updateScale` only with a scale subresource.
 */
export function kindMethods(k: Kind): ResourceMethod[] {
  const status = k.subresources.status;
  const out: ResourceMethod[] = [];
  for (const v of k.verbs) {
    if ((v === 'updateStatus' || v === 'applyStatus') && !status) {
      continue;
    }
    out.push(v);
    // patchStatus writes the status subresource: it follows updateStatus, which `noStatus` removes.
    if (v === 'patch' && status && k.verbs.includes('updateStatus')) {
      out.push('patchStatus');
    }
  }
  if (k.subresources.scale !== undefined) {
    out.push('getScale', 'updateScale');
  }
  return out;
}

/**
 * Kinds that get a lister and an informer: those served with list and watch (informer-gen's rule). The lister
 * reads the informer's cache, so it needs no get verb on the server.
 */
export function informableKinds(pkg: ApiPackage): Kind[] {
  return pkg.kinds.filter((k) => k.verbs.includes('list') && k.verbs.includes('watch'));
}
