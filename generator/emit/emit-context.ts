// What every emitter receives: the model, emit options, and lookups across packages (types by target, module paths).
import type { ApiModel, ApiPackage, TypeDef, TypeTarget } from '../model/api-model.js';
import { upperFirst } from '../model/names.js';
import { relativeModule } from './generated-file.js';

/** Options that change generated text. */
export interface EmitOptions {
  /** Module specifier generated code imports the runtime from. @default 'kgen/runtime' */
  readonly runtimeImport: string;
  /** Also generate listers and informers (kube_codegen `--with-watch`, which kgen turns on by default). @default true */
  readonly withWatch: boolean;
  /** Also generate apply configurations (kube_codegen `--with-applyconfig`). @default false */
  readonly withApplyconfig: boolean;
  /** Name of the clientset directory (kube_codegen `--clientset-name`). @default 'clientset' */
  readonly clientsetName: string;
  /** Name of the versioned clientset (kube_codegen `--versioned-name`). @default 'versioned' */
  readonly versionedName: string;
  /** Name of the listers directory. @default 'listers' */
  readonly listersName: string;
  /** Name of the informers directory. @default 'informers' */
  readonly informersName: string;
  /** Name of the apply configurations directory. @default 'applyconfiguration' */
  readonly applyconfigName: string;
}

export const defaultEmitOptions: EmitOptions = {
  runtimeImport: 'kgen/runtime',
  withWatch: true,
  withApplyconfig: false,
  clientsetName: 'clientset',
  versionedName: 'versioned',
  listersName: 'listers',
  informersName: 'informers',
  applyconfigName: 'applyconfiguration',
};

/** Cross-package lookups, built once per model. */
export class EmitContext {
  private readonly packages = new Map<string, ApiPackage>();
  private readonly types = new Map<string, TypeDef>();

  constructor(
    readonly model: ApiModel,
    readonly options: EmitOptions,
  ) {
    for (const p of model.packages) {
      this.packages.set(p.path, p);
      for (const t of p.types) {
        this.types.set(`${p.path}\0${t.name}`, t);
      }
    }
  }

  packageAt(path: string): ApiPackage | undefined {
    return this.packages.get(path);
  }

  typeOf(target: { pkg: string; name: string }): TypeDef | undefined {
    return this.types.get(`${target.pkg}\0${target.name}`);
  }

  /** The alias prefix for names imported from a package (`CoreV1`). */
  aliasPrefix(target: TypeTarget): string {
    if ('runtime' in target) {
      return 'Kgen';
    }
    const p = this.packages.get(target.pkg);
    return upperFirst(p?.codeName ?? 'Pkg');
  }

  /** The module specifier for file `file` of package `pkgPath`, as imported from output file `from`. */
  moduleOf(from: string, pkgPath: string, file: string): string {
    return relativeModule(from, `${pkgPath}/${file}`);
  }
}
