// Extra typed-client methods (+genclient:method=...) built from a declarative spec over callSubresource.
import type {
  ApplyOptions,
  CreateOptions,
  GetOptions,
  ListOptions,
  PatchOptions,
  PatchType,
  UpdateOptions,
} from '../api/options.js';
import type { SubresourceCall, SubresourceVerb } from '../api/subresource-call.js';

/** How one extra method is sent: its verb and, if any, the subresource. */
export interface ExtraMethodSpec {
  readonly verb: SubresourceVerb;
  readonly subresource?: string;
}

/** Extra methods by name, as a generated typed client declares them. */
export type ExtraMethodSpecs = Readonly<Record<string, ExtraMethodSpec>>;

/** What an extra method needs of the client it extends. */
export interface SubresourceCaller {
  callSubresource<R>(call: SubresourceCall, signal?: AbortSignal): Promise<R>;
}

type AnyMethod = (...args: never[]) => Promise<unknown>;

/**
 * The function behind one extra method. Signatures follow client-gen's, in kgen's argument order (signal last):
 * get `(name, opts?)`, list `(opts?)`, create and update `(name, body, opts?)` on a subresource or `(body, opts?)`
 * without one, patch `(name, patchType, body, opts?)`, apply `(name, config, opts)` on a subresource or
 * `(config, opts)` without one.
 */
function extraMethod(client: SubresourceCaller, spec: ExtraMethodSpec): AnyMethod {
  const { verb, subresource } = spec;
  const sub = subresource !== undefined ? { subresource } : {};
  const call = <R>(c: SubresourceCall, signal?: AbortSignal): Promise<R> => client.callSubresource<R>(c, signal);
  switch (verb) {
    case 'get':
      return (name: string, options?: GetOptions, signal?: AbortSignal) =>
        call({ verb, name, ...sub, ...(options !== undefined ? { options } : {}) }, signal);
    case 'list':
      return (options?: ListOptions, signal?: AbortSignal) =>
        call({ verb, ...(options !== undefined ? { options } : {}) }, signal);
    case 'create':
    case 'update':
      if (subresource === undefined) {
        return (body: unknown, options?: CreateOptions & UpdateOptions, signal?: AbortSignal) =>
          call({ verb, body, ...(options !== undefined ? { options } : {}) }, signal);
      }
      return (name: string, body: unknown, options?: CreateOptions & UpdateOptions, signal?: AbortSignal) =>
        call({ verb, name, subresource, body, ...(options !== undefined ? { options } : {}) }, signal);
    case 'patch':
      return (name: string, patchType: PatchType, body: unknown, options?: PatchOptions, signal?: AbortSignal) =>
        call({ verb, name, ...sub, patchType, body, ...(options !== undefined ? { options } : {}) }, signal);
    case 'apply':
      if (subresource === undefined) {
        return (body: unknown, options: ApplyOptions, signal?: AbortSignal) => call({ verb, body, options }, signal);
      }
      return (name: string, body: unknown, options: ApplyOptions, signal?: AbortSignal) =>
        call({ verb, name, subresource, body, options }, signal);
  }
}

/**
 * Adds the extra methods of `specs` to `client` and returns it typed with them (`E`, the generated interface of
 * the extra methods). The client is extended in place: providers hand out a fresh client per accessor call.
 */
export function withExtraMethods<C extends SubresourceCaller, E>(client: C, specs: ExtraMethodSpecs): C & E {
  const target = client as C & Record<string, AnyMethod>;
  for (const [name, spec] of Object.entries(specs)) {
    Object.defineProperty(target, name, { value: extraMethod(client, spec), enumerable: false, configurable: true });
  }
  return target as C & E;
}
