// Derives kinds from an OpenAPI document's paths: scope, verbs (x-kubernetes-action), subresources, list kinds.
import type { OpenApiSource } from '../load/source-set.js';
import type { ClientVerb, ExtraMethod, ScaleSubresource } from './api-model.js';
import type { DefinitionRegistry } from './definitions.js';
import { gvksOf } from './definitions.js';
import { isRecord, own, ownArray, ownRecord, ownString } from './json-access.js';
import { type KindDraft, orderVerbs, scaleMethods } from './kind-draft.js';
import { defaultListKind, pascalWord } from './names.js';

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;
const applyType = 'application/apply-patch+yaml';

interface ResourceAcc {
  group: string;
  version: string;
  plural: string;
  kind: string | undefined;
  listRef: string | undefined;
  namespaced: boolean;
  verbs: Set<ClientVerb>;
  status: boolean;
  scale: boolean;
  other: Set<string>;
  /** Operations on other subresources that become extra client methods (`createToken`, `updateApproval`, ...). */
  extra: Map<string, SubresourceOp>;
  firstPath: string;
}

/** Parses `/apis/<g>/<v>/...` or `/api/<v>/...` into group, version, scope and the remaining segments. */
export function parseResourcePath(
  path: string,
): { group: string; version: string; namespaced: boolean; segs: string[] } | undefined {
  let m = /^\/apis\/([^/]+)\/([^/]+)\/(.+)$/.exec(path);
  let group: string;
  let version: string;
  let rest: string;
  if (m !== null) {
    [, group, version, rest] = m as unknown as [string, string, string, string];
  } else {
    m = /^\/api\/([^/]+)\/(.+)$/.exec(path);
    if (m === null) {
      return undefined;
    }
    group = '';
    [, version, rest] = m as unknown as [string, string, string];
  }
  let segs = rest.split('/').filter((s) => s !== '');
  if (segs[0] === 'watch') {
    return undefined;
  }
  let namespaced = false;
  if (segs[0] === 'namespaces' && segs[1] === '{namespace}' && segs.length >= 3) {
    namespaced = true;
    segs = segs.slice(2);
  }
  if (segs.length === 0 || segs[0]!.includes('{')) {
    return undefined;
  }
  return { group, version, namespaced, segs };
}

function consumesApply(op: Record<string, unknown>, doc: Record<string, unknown>): boolean {
  const content = ownRecord(ownRecord(op, 'requestBody') ?? {}, 'content');
  if (content !== undefined) {
    return Object.hasOwn(content, applyType);
  }
  const consumes = ownArray(op, 'consumes') ?? ownArray(doc, 'consumes') ?? [];
  return consumes.includes(applyType);
}

function listResponseRef(op: Record<string, unknown>): string | undefined {
  const ok = ownRecord(ownRecord(op, 'responses') ?? {}, '200');
  if (ok === undefined) {
    return undefined;
  }
  const content = ownRecord(ok, 'content');
  const schema =
    content !== undefined ? ownRecord(ownRecord(content, 'application/json') ?? {}, 'schema') : ownRecord(ok, 'schema');
  return schema !== undefined ? ownString(schema, '$ref') : undefined;
}

function operationKind(op: Record<string, unknown>): { group: string; version: string; kind: string } | undefined {
  return gvksOf({ 'x-kubernetes-group-version-kind': own(op, 'x-kubernetes-group-version-kind') })[0];
}

function record(
  acc: ResourceAcc,
  segs: string[],
  method: string,
  action: string,
  op: Record<string, unknown>,
  doc: Record<string, unknown>,
): void {
  const gvk = operationKind(op);
  if (segs.length <= 2 && gvk !== undefined && acc.kind === undefined) {
    acc.kind = gvk.kind;
  }
  if (segs.length === 1) {
    if (action === 'list') {
      acc.verbs.add('list').add('watch');
      acc.listRef ??= listResponseRef(op);
    } else if (action === 'post') {
      acc.verbs.add('create');
    } else if (action === 'deletecollection') {
      acc.verbs.add('deleteCollection');
    }
    return;
  }
  if (segs.length === 2) {
    if (action === 'get') {
      acc.verbs.add('get');
    } else if (action === 'put') {
      acc.verbs.add('update');
    } else if (action === 'delete') {
      acc.verbs.add('delete');
    } else if (action === 'patch') {
      acc.verbs.add('patch');
      if (consumesApply(op, doc)) {
        acc.verbs.add('apply');
      }
    }
    return;
  }
  const sub = segs[2]!;
  if (sub === 'status') {
    acc.status = true;
    if (method === 'put') {
      acc.verbs.add('updateStatus');
    } else if (method === 'patch' && consumesApply(op, doc)) {
      acc.verbs.add('applyStatus');
    }
  } else if (sub === 'scale') {
    acc.scale = true;
  } else {
    acc.other.add(sub);
    const o = subresourceOp(sub, method, action, op);
    if (o !== undefined) {
      acc.extra.set(o.name, o);
    }
  }
}

const subresourceVerbs: Readonly<Record<string, ExtraMethod['verb']>> = {
  get: 'get',
  post: 'create',
  put: 'update',
  patch: 'patch',
};

// Subresource names are lower case; these are the word breaks client-go uses in their method names.
const subresourceWords: Readonly<Record<string, string>> = { ephemeralcontainers: 'EphemeralContainers' };

/** An operation on a subresource that becomes an extra method, before the kind it belongs to is known for sure. */
interface SubresourceOp {
  readonly name: string;
  readonly verb: ExtraMethod['verb'];
  readonly subresource: string;
  readonly gvk: { readonly group: string; readonly version: string; readonly kind: string };
}

/**
 * The extra method client-gen's `+genclient:method` gives a built-in kind for one operation on a subresource:
 * `create<Sub>` for POST (`createToken`, `createEviction`), `update<Sub>` for PUT (`updateApproval`,
 * `updateResize`), `get<Sub>` for GET and `patch<Sub>` for PATCH. Connect operations (exec, attach, proxy,
 * port-forward) and operations answered without a JSON object (pods/log) get none: they are streams, not objects.
 */
function subresourceOp(
  sub: string,
  method: string,
  action: string,
  op: Record<string, unknown>,
): SubresourceOp | undefined {
  const verb = subresourceVerbs[method];
  const gvk = operationKind(op);
  if (verb === undefined || action === 'connect' || gvk === undefined || listResponseRef(op) === undefined) {
    return undefined;
  }
  const word = subresourceWords[sub] ?? pascalWord(sub);
  return { name: `${verb}${word}`, verb, subresource: sub, gvk };
}

/** The method of an operation, typed by the operation's group-version-kind where it is not the kind's own. */
function extraMethodOf(o: SubresourceOp, own: { group: string; version: string; kind: string }): ExtraMethod {
  const m = { name: o.name, verb: o.verb, subresource: o.subresource };
  const { group, version, kind } = o.gvk;
  if (group === own.group && version === own.version && kind === own.kind) {
    return m;
  }
  const type = `${group}/${version}.${kind}`;
  // A patch body is a patch document, and a get sends none: only the result has the operation's type.
  return o.verb === 'get' || o.verb === 'patch' ? { ...m, result: type } : { ...m, input: type, result: type };
}

/** Default replica paths for built-in kinds with a scale subresource (the API does not publish them). */
const builtinScale: ScaleSubresource = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' };

/** The kinds an OpenAPI document serves as REST resources. */
export function kindsFromOpenApi(src: OpenApiSource, registry: DefinitionRegistry): KindDraft[] {
  const paths = ownRecord(src.doc, 'paths') ?? {};
  const acc = new Map<string, ResourceAcc>();
  for (const path of Object.keys(paths).sort()) {
    const item = paths[path];
    const parsed = parseResourcePath(path);
    if (parsed === undefined || !isRecord(item)) {
      continue;
    }
    const { group, version, namespaced, segs } = parsed;
    if (
      segs.length > 3 ||
      (segs.length >= 2 && segs[1] !== '{name}') ||
      segs.some((s, i) => i !== 1 && s.includes('{'))
    ) {
      continue;
    }
    const key = `${group}/${version}/${segs[0]}`;
    let a = acc.get(key);
    if (a === undefined) {
      a = {
        group,
        version,
        plural: segs[0]!,
        kind: undefined,
        listRef: undefined,
        namespaced: false,
        verbs: new Set(),
        status: false,
        scale: false,
        other: new Set(),
        extra: new Map(),
        firstPath: path,
      };
      acc.set(key, a);
    }
    a.namespaced ||= namespaced;
    for (const method of methods) {
      const op = own(item, method);
      if (!isRecord(op)) {
        continue;
      }
      const action = ownString(op, 'x-kubernetes-action');
      if (action !== undefined) {
        record(a, segs, method, action, op, src.doc);
      }
    }
  }
  const drafts: KindDraft[] = [];
  for (const a of acc.values()) {
    if (a.kind === undefined) {
      continue;
    }
    const own = { group: a.group, version: a.version, kind: a.kind };
    const definition = registry.definitionOfKind(a.group, a.version, a.kind);
    const listDefinition = a.listRef !== undefined ? registry.refName(a.listRef) : undefined;
    const listKind =
      listDefinition !== undefined
        ? (gvksOf(registry.entries.get(listDefinition)!.schema)[0]?.kind ?? defaultListKind(a.kind))
        : defaultListKind(a.kind);
    drafts.push({
      group: a.group,
      version: a.version,
      kind: a.kind,
      listKind,
      plural: a.plural,
      singular: a.kind.toLowerCase(),
      namespaced: a.namespaced,
      verbs: orderVerbs(a.verbs),
      status: a.status,
      scale: a.scale ? builtinScale : undefined,
      otherSubresources: [...a.other].sort(),
      shortNames: [],
      categories: [],
      printerColumns: [],
      selectableFields: [],
      extraMethods: [
        ...(a.scale ? scaleMethods : []),
        ...[...a.extra.values()].sort((x, y) => cmp(x.name, y.name)).map((o) => extraMethodOf(o, own)),
      ],
      storage: true,
      deprecated: false,
      deprecationWarning: undefined,
      source: { file: src.file, pointer: `/paths/${a.firstPath.replace(/~/g, '~0').replace(/\//g, '~1')}` },
      type: { from: 'openapi', definition, listDefinition },
    });
  }
  return drafts;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
