// Emits `index.ts` of a package: re-exports its types, copiers and register constants (the layout issue 7 extends).
import type { ApiPackage } from '../model/api-model.js';
import type { GeneratedFile } from './generated-file.js';
import { render } from './render.js';

/** The text of `apis/<group>/<version>/index.ts`. */
export function emitPackageIndex(pkg: ApiPackage): GeneratedFile {
  return { path: `${pkg.path}/index.ts`, content: render('package-index', {}) };
}
