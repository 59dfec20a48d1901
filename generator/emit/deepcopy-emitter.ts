// Emits `deepcopy.ts` of a package: a field-by-field deepCopy<Type>() for every type; unknown regions copied generically.
import type { ApiPackage, ObjectShape, TypeDef, TypeNode, TypeTarget } from '../model/api-model.js';
import {
  deepCopyFunctionName,
  isInheritedKey,
  knownFieldsConstName,
  propertyAccess,
  tsString,
} from '../model/names.js';
import { runtimeCopiers } from '../model/runtime-types.js';
import type { EmitContext } from './emit-context.js';
import type { GeneratedFile } from './generated-file.js';
import { ImportTracker } from './import-tracker.js';
import type { TypeScope } from './type-expression.js';

/** Decides, per type, whether copying needs more than sharing the value (primitives and their aliases do not). */
class CopyPlanner {
  private readonly memo = new Map<string, boolean>();

  constructor(private readonly ctx: EmitContext) {}

  /** True when a value of this type contains objects or arrays that a copy must not share. */
  needsCopy(node: TypeNode): boolean {
    switch (node.k) {
      case 'string':
      case 'number':
      case 'boolean':
      case 'null':
      case 'int-or-string':
      case 'literal':
        return false;
      case 'ref':
        return this.targetNeedsCopy(node.target);
      case 'union':
      case 'intersection':
        return node.members.some((m) => this.needsCopy(m));
      default:
        return true;
    }
  }

  targetNeedsCopy(target: TypeTarget): boolean {
    if ('runtime' in target) {
      return runtimeCopiers[target.runtime] !== null;
    }
    const key = `${target.pkg}\0${target.name}`;
    const known = this.memo.get(key);
    if (known !== undefined) {
      return known;
    }
    // Assume yes while resolving, so recursive types terminate (a recursive type is an object anyway).
    this.memo.set(key, true);
    const def = this.ctx.typeOf(target);
    const result = def === undefined ? true : def.type.k === 'object' || this.needsCopy(def.type);
    this.memo.set(key, result);
    return result;
  }
}

class DeepCopyWriter {
  private readonly planner: CopyPlanner;

  constructor(
    private readonly scope: TypeScope,
    planner: CopyPlanner,
  ) {
    this.planner = planner;
  }

  private runtimeFn(name: string): string {
    return this.scope.imports.value(this.scope.ctx.options.runtimeImport, name, 'Kgen');
  }

  /** The copier function (a name or an arrow function) for values of `node`, or null when values can be shared. */
  copierOf(node: TypeNode, depth: number): string | null {
    if (!this.planner.needsCopy(node)) {
      return null;
    }
    if (node.k === 'ref') {
      return this.refCopier(node.target);
    }
    const x = depth === 0 ? 'x' : `x${depth}`;
    const body = this.copyExpr(node, x, depth + 1);
    // An object literal body must be parenthesised or it parses as a block.
    return `(${x}) => ${body.startsWith('{') ? `(${body})` : body}`;
  }

  private refCopier(target: TypeTarget): string {
    if ('runtime' in target) {
      return this.runtimeFn(runtimeCopiers[target.runtime]!);
    }
    const fn = deepCopyFunctionName(target.name);
    if (target.pkg === this.scope.pkgPath) {
      return fn;
    }
    const module = this.scope.ctx.moduleOf(this.scope.file, target.pkg, 'deepcopy.ts');
    return this.scope.imports.value(module, fn, this.scope.ctx.aliasPrefix(target));
  }

  /** An expression copying `expr` (already known to be non-null unless the type says otherwise). */
  copyExpr(node: TypeNode, expr: string, depth: number): string {
    if (!this.planner.needsCopy(node)) {
      return expr;
    }
    switch (node.k) {
      case 'ref':
        return `${this.refCopier(node.target)}(${expr})`;
      case 'array': {
        if (node.items.k === 'unknown') {
          return `${this.runtimeFn('deepCopyJson')}(${expr})`;
        }
        const item = this.copierOf(node.items, depth);
        return item === null ? `${expr}.slice()` : `${expr}.map(${item})`;
      }
      case 'map': {
        if (node.values.k === 'unknown') {
          return `${this.runtimeFn('deepCopyJson')}(${expr})`;
        }
        const value = this.copierOf(node.values, depth);
        return value === null ? `{ ...${expr} }` : `${this.runtimeFn('deepCopyRecord')}(${expr}, ${value})`;
      }
      case 'union': {
        const nonNull = node.members.filter((m) => m.k !== 'null');
        if (nonNull.length === 1 && nonNull.length < node.members.length) {
          return `${expr} === null ? null : ${this.copyExpr(nonNull[0]!, expr, depth)}`;
        }
        return `${this.runtimeFn('deepCopyJson')}(${expr})`;
      }
      default:
        return `${this.runtimeFn('deepCopyJson')}(${expr})`;
    }
  }

  private objectBody(def: TypeDef, shape: ObjectShape, knownSet: string | undefined): string {
    let body = `  const out: ${def.name} = { ...src };\n`;
    let n = 0;
    for (const p of shape.props) {
      if (!this.planner.needsCopy(p.type)) {
        continue;
      }
      const v = `v${n++}`;
      const read = isInheritedKey(p.name)
        ? `Object.hasOwn(src, ${tsString(p.name)}) ? ${propertyAccess('src', p.name)} : undefined`
        : propertyAccess('src', p.name);
      const nullable = p.type.k === 'union' && p.type.members.some((m) => m.k === 'null');
      const inner = nullable ? this.copyExpr(stripNull(p.type), v, 0) : this.copyExpr(p.type, v, 0);
      const guard = nullable ? `${v} !== undefined && ${v} !== null` : `${v} !== undefined`;
      const assign =
        p.name === '__proto__'
          ? `${this.runtimeFn('setOwnField')}(out, '__proto__', ${inner});`
          : `${propertyAccess('out', p.name)} = ${inner};`;
      body += `  const ${v} = ${read};\n  if (${guard}) {\n    ${assign}\n  }\n`;
    }
    if (knownSet !== undefined) {
      body += `  ${this.runtimeFn('deepCopyUnknownFields')}(src, out, ${knownSet});\n`;
    }
    return `${body}  return out;\n`;
  }

  write(def: TypeDef): string {
    const fn = deepCopyFunctionName(def.name);
    const closed = def.type.k === 'object' && def.type.shape.extra === undefined;
    // Closed types copy undeclared fields (from a newer server) by reference: checking every key would cost as much
    // as the generic copier, and such fields are not part of the type anyway.
    const note = closed ? ' Fields the schema does not declare are copied shallowly.' : '';
    const doc = `/** Returns a deep copy of a {@link ${def.name}}: the copy shares no object or array with \`obj\`.${note} */\n`;
    // Cached objects are handed out deeply read-only; the copy is the caller's to change. The plain type is listed
    // too so that copiers calling copiers pass their own type by identity: comparing a type with its DeepReadonly
    // form is structural and overflows TypeScript's stack (TS2321) on deeply nested anonymous maps.
    const readonlyType = this.scope.imports.type(this.scope.ctx.options.runtimeImport, 'DeepReadonly', 'Kgen');
    const head = `export function ${fn}(obj: ${def.name} | ${readonlyType}<${def.name}>): ${def.name} {\n  const src = obj as ${def.name};\n`;
    if (def.type.k !== 'object') {
      return `${doc}${head}  return ${this.copyExpr(def.type, 'src', 0)};\n}\n`;
    }
    let prelude = '';
    let knownSet: string | undefined;
    if (def.type.shape.extra !== undefined) {
      knownSet = knownFieldsConstName(def.name);
      const names = def.type.shape.props.map((p) => tsString(p.name)).join(', ');
      prelude = `const ${knownSet}: ReadonlySet<string> = new Set([${names}]);\n\n`;
    }
    return `${prelude}${doc}${head}${this.objectBody(def, def.type.shape, knownSet)}}\n`;
  }
}

function stripNull(node: TypeNode): TypeNode {
  if (node.k !== 'union') {
    return node;
  }
  const members = node.members.filter((m) => m.k !== 'null');
  return members.length === 1 ? members[0]! : { k: 'union', members };
}

/** The text of `apis/<group>/<version>/deepcopy.ts`. */
export function emitDeepCopy(pkg: ApiPackage, ctx: EmitContext): GeneratedFile {
  const file = `${pkg.path}/deepcopy.ts`;
  const locals = pkg.types.flatMap((t) => [deepCopyFunctionName(t.name), knownFieldsConstName(t.name)]);
  const imports = new ImportTracker(locals);
  // The package's own types are imported first, so they keep their names; other imports are values (copiers).
  for (const t of pkg.types) {
    imports.type('./types.js', t.name, '');
  }
  const scope: TypeScope = { ctx, file, pkgPath: pkg.path, imports };
  const writer = new DeepCopyWriter(scope, new CopyPlanner(ctx));
  const body = pkg.types.map((t) => writer.write(t)).join('\n');
  const head = imports.render();
  return { path: file, content: `${head}\n\n${body}` };
}
