// The extra methods of a typed client (+genclient:method=): typed signatures and the specs withExtraMethods reads.
import type { Kind, KindMethod, TypeTarget } from '../model/api-model.js';
import { parseTypeRef, typedClientMethodNames } from '../model/extra-methods.js';
import { lowerIdentifier, tsString } from '../model/names.js';
import type { EmitContext } from './emit-context.js';
import { relativeModule } from './generated-file.js';
import type { ImportTracker } from './import-tracker.js';

/** Local names of a kind's extra methods in its typed-client module. */
export function extraMethodNames(k: Kind): { extraInterface: string; specsConst: string } {
  return {
    extraInterface: `${k.codeName}ExtraMethods`,
    specsConst: `${k.codeName.charAt(0).toLowerCase()}${k.codeName.slice(1)}ExtraMethodSpecs`,
  };
}

/** The extra methods a kind's typed client declares: all but those TypedClient serves itself (getScale, updateScale). */
export function emittedExtraMethods(k: Kind): KindMethod[] {
  return k.extraMethods.filter((m) => !typedClientMethodNames.has(m.name));
}

/** What the typed-client template prints for the extra methods. */
export interface ExtraMethodsView {
  readonly extraInterface: string;
  readonly specsConst: string;
  readonly methods: readonly {
    readonly name: string;
    readonly doc: string;
    readonly signature: string;
    readonly spec: string;
  }[];
}

export interface ExtraMethodsInput {
  readonly ctx: EmitContext;
  readonly imports: ImportTracker;
  /** Output path of the typed-client module. */
  readonly path: string;
  readonly kind: Kind;
  /** Local names of the kind's object and list types. */
  readonly type: string;
  readonly listType: string;
  /** Local name of the kind's apply configuration, with apply configurations. */
  readonly applyType: string | undefined;
  /** The patch types the resource accepts, when not all of them (custom resources). */
  readonly patchTypes: string | undefined;
}

/** Parameter names a body may not take: the other parameters, and words that cannot name a parameter. */
const unusableParams = new Set([
  'name',
  'opts',
  'signal',
  'type',
  'body',
  'config',
  'arguments',
  'await',
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'eval',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'implements',
  'import',
  'in',
  'instanceof',
  'interface',
  'let',
  'new',
  'null',
  'package',
  'private',
  'protected',
  'public',
  'return',
  'static',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield',
]);

const httpVerbs: Readonly<Record<KindMethod['verb'], string>> = {
  get: 'GET',
  list: 'GET',
  create: 'POST',
  update: 'PUT',
  patch: 'PATCH',
  apply: 'PATCH',
};

function article(word: string): string {
  return /^[AEIOU]/.test(word) ? `an ${word}` : `a ${word}`;
}

/**
 * The typed signatures and specs of a kind's extra methods, importing what they use into `imports`; undefined when
 * the kind has none. Signatures are withExtraMethods' (runtime/gentype/extra-methods.ts), signal last.
 */
export function extraMethodsView(input: ExtraMethodsInput): ExtraMethodsView | undefined {
  const { ctx, imports, path, kind: k, type, listType } = input;
  const methods = emittedExtraMethods(k);
  if (methods.length === 0) {
    return undefined;
  }
  const rt = ctx.options.runtimeImport;
  const typeOf = (target: TypeTarget | undefined, fallback: string): string => {
    if (target === undefined) {
      return fallback;
    }
    if ('runtime' in target) {
      return imports.type(rt, target.runtime, 'Kgen');
    }
    return imports.type(relativeModule(path, `${target.pkg}/types.ts`), target.name, ctx.aliasPrefix(target));
  };
  // The kind named in docs and parameter names: the API's name of the type, not its local alias.
  const kindOf = (text: string | undefined): string =>
    text === undefined ? k.kind : (parseTypeRef(text)?.kind ?? k.kind);
  imports.type(rt, 'ExtraMethodSpecs', 'Kgen');
  const view = methods.map((m) => {
    const sub = m.subresource;
    const at =
      sub !== undefined
        ? `${k.plural}/{name}/${sub}`
        : m.verb === 'create' || m.verb === 'list'
          ? k.plural
          : `${k.plural}/{name}`;
    const named = sub !== undefined || (m.verb !== 'create' && m.verb !== 'list' && m.verb !== 'apply');
    const nameParam = named ? 'name: string, ' : '';
    const signal = 'signal?: AbortSignal';
    const resultKind = kindOf(m.result);
    let params: string;
    let result: string;
    let sends: string;
    switch (m.verb) {
      case 'get':
        params = `${nameParam}opts?: ${imports.type(rt, 'GetOptions', 'Kgen')}, ${signal}`;
        result = typeOf(m.resultType, type);
        sends = '';
        break;
      case 'list':
        params = `opts?: ${imports.type(rt, 'ListOptions', 'Kgen')}, ${signal}`;
        result = typeOf(m.resultType, listType);
        sends = '';
        break;
      case 'create':
      case 'update': {
        const inputKind = kindOf(m.input);
        const lower = lowerIdentifier(inputKind);
        const param = unusableParams.has(lower) ? 'body' : lower;
        const opts = imports.type(rt, m.verb === 'create' ? 'CreateOptions' : 'UpdateOptions', 'Kgen');
        params = `${nameParam}${param}: ${typeOf(m.inputType, type)}, opts?: ${opts}, ${signal}`;
        result = typeOf(m.resultType, type);
        sends = ` with ${article(inputKind)}`;
        break;
      }
      case 'patch': {
        const patchTypes = input.patchTypes ?? imports.type(rt, 'PatchType', 'Kgen');
        params = `${nameParam}type: ${patchTypes}, body: unknown, opts?: ${imports.type(rt, 'PatchOptions', 'Kgen')}, ${signal}`;
        result = typeOf(m.resultType, type);
        sends = ' with a patch of that type';
        break;
      }
      case 'apply': {
        // The kind's own apply configuration where there is one; another type is applied as a deep partial.
        const config =
          m.inputType === undefined && input.applyType !== undefined
            ? input.applyType
            : `${imports.type(rt, 'DeepPartial', 'Kgen')}<${typeOf(m.inputType, type)}>`;
        const nameOnSub = sub !== undefined ? 'name: string, ' : '';
        params = `${nameOnSub}config: ${config}, opts: ${imports.type(rt, 'ApplyOptions', 'Kgen')}, ${signal}`;
        result = typeOf(m.resultType, type);
        sends = ' with an apply configuration (server-side apply)';
        break;
      }
    }
    const answered = m.verb === 'list' && m.result === undefined ? `${k.kind} list` : resultKind;
    return {
      name: m.name,
      doc: `\`${httpVerbs[m.verb]} ${at}\`${sends}, answered with ${article(answered)}.`,
      signature: `${m.name}(${params}): Promise<${result}>`,
      spec: `{ verb: ${tsString(m.verb)}${sub !== undefined ? `, subresource: ${tsString(sub)}` : ''} }`,
    };
  });
  return { ...extraMethodNames(k), methods: view };
}
