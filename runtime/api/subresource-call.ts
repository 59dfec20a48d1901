// One call on a subresource other than status and scale (client-gen's `+genclient:method=`): token, eviction, approval.
import type {
  ApplyOptions,
  CreateOptions,
  GetOptions,
  ListOptions,
  PatchOptions,
  PatchType,
  UpdateOptions,
} from './options.js';

/**
 * What an extra client method sends. With a `subresource` the call goes to `.../{name}/{subresource}`; without one
 * it is a plain verb on the resource whose input or result type differs from the kind (client-gen allows both).
 * Where `name` is optional it defaults to the body's metadata.name.
 */
export type SubresourceCall =
  | { readonly verb: 'get'; readonly name: string; readonly subresource?: string; readonly options?: GetOptions }
  | { readonly verb: 'list'; readonly options?: ListOptions }
  | {
      readonly verb: 'create';
      readonly name?: string;
      readonly subresource?: string;
      readonly body: unknown;
      readonly options?: CreateOptions;
    }
  | {
      readonly verb: 'update';
      readonly name?: string;
      readonly subresource?: string;
      readonly body: unknown;
      readonly options?: UpdateOptions;
    }
  | {
      readonly verb: 'patch';
      readonly name: string;
      readonly subresource?: string;
      readonly patchType: PatchType;
      readonly body: unknown;
      readonly options?: PatchOptions;
    }
  | {
      readonly verb: 'apply';
      readonly name?: string;
      readonly subresource?: string;
      readonly body: unknown;
      readonly options: ApplyOptions;
    };

/** The verbs an extra method may use, as `+genclient:method=...,verb=` names them. */
export type SubresourceVerb = SubresourceCall['verb'];
