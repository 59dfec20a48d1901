// kgen.config: the options of `kgen update-codegen`, their defaults, and validation of a parsed config file.
import type { ClientVerb } from '../../runtime/api/resource-info.js';
import { GeneratorError, type InputLocation } from '../errors.js';
import type { ExtraMethod } from '../model/api-model.js';
import { parseTypeRef, typedClientMethodNames } from '../model/extra-methods.js';
import { isRecord } from '../model/json-access.js';
import { allVerbs } from '../model/kind-draft.js';
import { type GroupOverride, type KindOverride, parseSelector } from '../model/model-options.js';

/** The options of a generation run, as written in kgen.config.{yaml,json}, package.json#kgen, or as CLI flags. */
export interface KgenConfig {
  /** CRD files, directories of CRDs, globs, and OpenAPI documents, relative to the config file. @default [] */
  readonly inputs?: readonly string[];
  /** Where the generated tree goes, relative to the config file. @default 'generated' */
  readonly outputDir?: string;
  /** A license header file put under the generated-code marker of every file. @default undefined */
  readonly boilerplate?: string;
  /** Also generate listers and informers (kube_codegen `--with-watch`). @default true */
  readonly withWatch?: boolean;
  /** Also generate apply configurations (kube_codegen `--with-applyconfig`). @default false */
  readonly withApplyconfig?: boolean;
  /** `Type:Plural` exceptions, as a map or as kube_codegen's comma-separated string. @default {} */
  readonly pluralExceptions?: Readonly<Record<string, string>> | string;
  /** `group[/version[/Kind]]` entries to generate; empty means everything. @default [] */
  readonly select?: readonly string[];
  /** Generate only this `group/version` (kube_codegen `--one-input-api`). @default undefined */
  readonly oneInputApi?: string;
  /** Generate CRD versions with `served: false` too. @default false */
  readonly includeUnservedVersions?: boolean;
  /** Per-group overrides (`+groupGoName`). @default {} */
  readonly groups?: Readonly<Record<string, GroupOverride>>;
  /** Per-kind overrides (`+genclient:*`, `+resourceName`), keyed by `Kind`, `group/Kind` or `group/version/Kind`. @default {} */
  readonly kinds?: Readonly<Record<string, KindOverride>>;
  /** Read the OpenAPI v3 documents of a live cluster instead of (or besides) files. @default false */
  readonly fromCluster?: boolean;
  /** Kubeconfig for `fromCluster`. @default $KUBECONFIG or ~/.kube/config */
  readonly kubeconfig?: string;
  /** Kubeconfig context for `fromCluster`. @default the current context */
  readonly context?: string;
  /** Module generated code imports the runtime from. @default 'kgen/runtime' */
  readonly runtimeImport?: string;
  /** @default 'clientset' */
  readonly clientsetName?: string;
  /** @default 'versioned' */
  readonly versionedName?: string;
  /** @default 'listers' */
  readonly listersName?: string;
  /** @default 'informers' */
  readonly informersName?: string;
  /** @default 'applyconfiguration' */
  readonly applyconfigName?: string;
}

/** Helper for typed config files (`kgen.config.ts` users, library callers). */
export function defineConfig(config: KgenConfig): KgenConfig {
  return config;
}

type FieldKind = 'string' | 'boolean' | 'strings' | 'stringMap' | 'pluralExceptions' | 'groups' | 'kinds';

const fields: Readonly<Record<keyof KgenConfig, FieldKind>> = {
  inputs: 'strings',
  outputDir: 'string',
  boilerplate: 'string',
  withWatch: 'boolean',
  withApplyconfig: 'boolean',
  pluralExceptions: 'pluralExceptions',
  select: 'strings',
  oneInputApi: 'string',
  includeUnservedVersions: 'boolean',
  groups: 'groups',
  kinds: 'kinds',
  fromCluster: 'boolean',
  kubeconfig: 'string',
  context: 'string',
  runtimeImport: 'string',
  clientsetName: 'string',
  versionedName: 'string',
  listersName: 'string',
  informersName: 'string',
  applyconfigName: 'string',
};

const overrideBooleans = ['nonNamespaced', 'noStatus', 'noVerbs', 'readonly'] as const;
const methodVerbs = new Set(['create', 'update', 'get', 'list', 'patch', 'apply']);
const methodKeys = ['name', 'verb', 'subresource', 'input', 'result'];

/** Validates parsed config data; `locate` turns a JSON pointer into a place in the config file. */
export class ConfigValidator {
  constructor(private readonly locate: (pointer: string) => InputLocation) {}

  private fail(pointer: string, problem: string, hint: string): never {
    throw new GeneratorError('KGEN_CONFIG_INVALID', problem, { ...this.locate(pointer), pointer, hint });
  }

  /** Runs `f`, adding this file's location at `pointer` to the GeneratorError it throws. */
  private located<T>(pointer: string, f: () => T): T {
    try {
      return f();
    } catch (err) {
      throw err instanceof GeneratorError ? err.withLocation({ ...this.locate(pointer), pointer }) : err;
    }
  }

  private strings(v: unknown, ptr: string, what: string): string[] {
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      this.fail(ptr, `${what} must be a list of strings`, `Write ${what} as a YAML list of strings.`);
    }
    return v as string[];
  }

  private verbs(v: unknown, ptr: string): ClientVerb[] {
    const list = this.strings(v, ptr, 'verbs');
    for (const [i, verb] of list.entries()) {
      if (!(allVerbs as readonly string[]).includes(verb)) {
        this.fail(`${ptr}/${i}`, `unknown verb "${verb}"`, `Verbs are: ${allVerbs.join(', ')}.`);
      }
    }
    return list as ClientVerb[];
  }

  private methods(v: unknown, ptr: string): ExtraMethod[] {
    if (!Array.isArray(v)) {
      this.fail(ptr, 'methods must be a list', 'Each method is { name, verb, subresource?, input?, result? }.');
    }
    return v.map((m, i) => {
      const at = `${ptr}/${i}`;
      if (!isRecord(m) || typeof m.name !== 'string' || typeof m.verb !== 'string' || !methodVerbs.has(m.verb)) {
        this.fail(at, 'a method needs a name and a verb', `verb is one of: ${[...methodVerbs].join(', ')}.`);
      }
      for (const key of Object.keys(m)) {
        if (!methodKeys.includes(key)) {
          this.fail(`${at}/${key}`, `unknown method field "${key}"`, `Known: ${methodKeys.join(', ')}.`);
        }
      }
      // client-gen's tags spell methods in Go (CreateToken); TypeScript methods start lower case (createToken).
      const name = m.name.charAt(0).toLowerCase() + m.name.slice(1);
      if (!/^[a-z][A-Za-z0-9]*$/.test(name)) {
        this.fail(
          `${at}/name`,
          `method name "${m.name}" is not an identifier`,
          'Write it as createToken or CreateToken.',
        );
      }
      // client-gen declares the scale methods as tags too; TypedClient serves them, so they are accepted as such.
      const scaleMethod = (name === 'getScale' || name === 'updateScale') && m.subresource === 'scale';
      if (typedClientMethodNames.has(name) && !scaleMethod) {
        this.fail(
          `${at}/name`,
          `the typed client already has ${name}`,
          'Extra methods add calls beside the verbs (getScale and updateScale only with subresource: scale); pick another name.',
        );
      }
      const out: { -readonly [K in keyof ExtraMethod]: ExtraMethod[K] } = { name, verb: m.verb as ExtraMethod['verb'] };
      for (const key of ['subresource', 'input', 'result'] as const) {
        const value = m[key];
        if (value === undefined) {
          continue;
        }
        if (typeof value !== 'string') {
          this.fail(`${at}/${key}`, `${key} must be a string`, 'Types are written group/version.Kind.');
        }
        if (key === 'subresource' && !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(value)) {
          this.fail(`${at}/${key}`, `subresource "${value}" is not a resource name`, 'e.g. subresource: token.');
        }
        if (key !== 'subresource' && parseTypeRef(value) === undefined) {
          this.fail(
            `${at}/${key}`,
            `${key} "${value}" is not a type reference`,
            'Types are written group/version.Kind: authentication.k8s.io/v1.TokenRequest, v1.Pod for the core group.',
          );
        }
        out[key] = value;
      }
      // A list has no subresource to send to (withExtraMethods' list calls the collection).
      if (out.verb === 'list' && out.subresource !== undefined) {
        this.fail(`${at}/subresource`, 'a list method takes no subresource', 'Drop subresource, or use verb: get.');
      }
      return out;
    });
  }

  private kindOverride(v: unknown, ptr: string): KindOverride {
    if (!isRecord(v)) {
      this.fail(ptr, 'a kind override must be a mapping', 'e.g. kinds: { At: { nonNamespaced: true } }');
    }
    const out: { -readonly [K in keyof KindOverride]: KindOverride[K] } = {};
    for (const key of Object.keys(v)) {
      const at = `${ptr}/${key}`;
      const value = v[key];
      if ((overrideBooleans as readonly string[]).includes(key)) {
        if (typeof value !== 'boolean') {
          this.fail(at, `${key} must be true or false`, `Set ${key}: true.`);
        }
        out[key as (typeof overrideBooleans)[number]] = value;
      } else if (key === 'onlyVerbs' || key === 'skipVerbs') {
        out[key] = this.verbs(value, at);
      } else if (key === 'methods') {
        out.methods = this.methods(value, at);
      } else if (key === 'resourceName') {
        if (typeof value !== 'string') {
          this.fail(at, 'resourceName must be a string', 'Set the REST resource name, e.g. resourceName: ats.');
        }
        out.resourceName = value;
      } else {
        this.fail(
          at,
          `unknown kind override "${key}"`,
          `Known: ${[...overrideBooleans, 'onlyVerbs', 'skipVerbs', 'methods', 'resourceName'].join(', ')}.`,
        );
      }
    }
    return out;
  }

  private field(key: keyof KgenConfig, kind: FieldKind, value: unknown, ptr: string): unknown {
    switch (kind) {
      case 'string':
        if (typeof value !== 'string') {
          this.fail(ptr, `${key} must be a string`, `Write ${key}: <text>.`);
        }
        return value;
      case 'boolean':
        if (typeof value !== 'boolean') {
          this.fail(ptr, `${key} must be true or false`, `Write ${key}: true.`);
        }
        return value;
      case 'strings':
        return this.strings(value, ptr, key);
      case 'stringMap':
      case 'pluralExceptions':
        if (typeof value === 'string' && kind === 'pluralExceptions') {
          return this.located(ptr, () => parsePluralExceptions(value));
        }
        if (!isRecord(value) || Object.values(value).some((x) => typeof x !== 'string')) {
          this.fail(ptr, `${key} must map names to strings`, 'e.g. pluralExceptions: { Endpoints: Endpoints }');
        }
        return value;
      case 'groups': {
        if (!isRecord(value)) {
          this.fail(
            ptr,
            'groups must be a mapping of API group to overrides',
            'e.g. groups: { cert-manager.io: { goName: CertManager } }',
          );
        }
        const out: Record<string, GroupOverride> = {};
        for (const g of Object.keys(value)) {
          const o = value[g];
          if (
            !isRecord(o) ||
            Object.keys(o).some((k) => k !== 'goName') ||
            (o.goName !== undefined && typeof o.goName !== 'string')
          ) {
            this.fail(`${ptr}/${g}`, 'a group override only has goName (a string)', 'e.g. { goName: CertManager }');
          }
          out[g] = o.goName !== undefined ? { goName: o.goName as string } : {};
        }
        return out;
      }
      case 'kinds': {
        if (!isRecord(value)) {
          this.fail(ptr, 'kinds must be a mapping of kind to overrides', 'e.g. kinds: { At: { nonNamespaced: true } }');
        }
        const out: Record<string, KindOverride> = {};
        for (const k of Object.keys(value)) {
          out[k] = this.kindOverride(value[k], `${ptr}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
        }
        return out;
      }
    }
  }

  validate(raw: unknown): KgenConfig {
    if (raw === undefined || raw === null) {
      return {};
    }
    if (!isRecord(raw)) {
      this.fail('', 'the configuration must be a mapping', 'Start with inputs: [...] and outputDir: ...');
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(raw)) {
      if (!Object.hasOwn(fields, key)) {
        this.fail(`/${key}`, `unknown option "${key}"`, `Known options: ${Object.keys(fields).join(', ')}.`);
      }
      const k = key as keyof KgenConfig;
      out[key] = this.field(k, fields[k], raw[key], `/${key}`);
      if (key === 'select') {
        (out[key] as string[]).forEach((sel, i) => {
          this.located(`/${key}/${i}`, () => parseSelector(sel));
        });
      }
    }
    return out as KgenConfig;
  }
}

/** Parses kube_codegen's `Type:Plural,Type:Plural`. */
export function parsePluralExceptions(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(',')) {
    if (pair.trim() === '') {
      continue;
    }
    const [type = '', plural = '', ...rest] = pair.split(':').map((s) => s.trim());
    if (type === '' || plural === '' || rest.length > 0) {
      throw new GeneratorError('KGEN_CONFIG_INVALID', `bad plural exception "${pair}"`, {
        hint: 'Write plural exceptions as Type:Plural pairs separated by commas, e.g. Endpoints:Endpoints.',
      });
    }
    out[type] = plural;
  }
  return out;
}
