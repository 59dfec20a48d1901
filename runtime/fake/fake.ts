// Fake: recorded actions and reactor chains, the core of every fake clientset (client-go's testing.Fake).
import { deepCopyJson } from '../api/deep-copy.js';
import type { Watch } from '../api/watch-event.js';
import { KubeError } from '../errors/api-error.js';
import { type Action, actionMatches, type WatchAction } from './actions.js';

/**
 * A reactor's answer. `handled: true` ends the chain with `ret` (the call's result) or `err` (thrown to the
 * caller); `handled: false` (or no answer) passes the action to the next reactor.
 */
export type Reaction =
  | { readonly handled: true; readonly ret?: unknown; readonly err?: unknown }
  | { readonly handled: false };

/** Reacts to one action; may be async. */
export type ReactionFunc = (action: Action) => Reaction | undefined | Promise<Reaction | undefined>;

export type WatchReaction =
  | { readonly handled: true; readonly watch?: Watch<unknown>; readonly err?: unknown }
  | { readonly handled: false };

/** Reacts to a watch; `signal` is the caller's, to end a watch the reactor makes. */
export type WatchReactionFunc = (
  action: WatchAction,
  signal?: AbortSignal,
) => WatchReaction | undefined | Promise<WatchReaction | undefined>;

interface Reactor {
  readonly verb: string;
  readonly resource: string;
  readonly fn: ReactionFunc;
}

interface WatchReactor {
  readonly resource: string;
  readonly fn: WatchReactionFunc;
}

/** No reactor handled an action: the chain has no default (the fake clientset always installs one). */
export class UnhandledActionError extends KubeError {
  constructor(action: Action) {
    super('FAKE_UNHANDLED_ACTION', `no reactor handled ${action.verb} ${action.resource.resource}`);
  }
}

/**
 * Records every action (as a deep copy, so later mutation by the caller does not change the record) and runs it
 * through the reactor chain; the first reactor that handles it wins.
 */
export class Fake {
  private readonly recorded: Action[] = [];
  private readonly reactionChain: Reactor[] = [];
  private readonly watchReactionChain: WatchReactor[] = [];

  /** Adds a reactor at the end of the chain. `verb` and `resource` may be `'*'`; `resource` may be `foos/status`. */
  addReactor(verb: string, resource: string, fn: ReactionFunc): void {
    this.reactionChain.push({ verb, resource, fn });
  }

  /** Adds a reactor at the front of the chain, ahead of the tracker's default one. */
  prependReactor(verb: string, resource: string, fn: ReactionFunc): void {
    this.reactionChain.unshift({ verb, resource, fn });
  }

  addWatchReactor(resource: string, fn: WatchReactionFunc): void {
    this.watchReactionChain.push({ resource, fn });
  }

  prependWatchReactor(resource: string, fn: WatchReactionFunc): void {
    this.watchReactionChain.unshift({ resource, fn });
  }

  /** The actions recorded so far, oldest first (copies). */
  actions(): Action[] {
    return this.recorded.map((a) => deepCopyJson(a));
  }

  clearActions(): void {
    this.recorded.length = 0;
  }

  /** Records `action` and returns what the first handling reactor answers; throws its `err`. */
  async invokes(action: Action): Promise<unknown> {
    this.recorded.push(deepCopyJson(action));
    for (const r of [...this.reactionChain]) {
      if (!actionMatches(action, r.verb, r.resource)) {
        continue;
      }
      const reaction = await r.fn(deepCopyJson(action));
      if (reaction === undefined || !reaction.handled) {
        continue;
      }
      if (reaction.err !== undefined) {
        throw reaction.err;
      }
      return reaction.ret;
    }
    throw new UnhandledActionError(action);
  }

  /** Records a watch action and returns the watch of the first handling watch reactor. */
  async invokesWatch(action: WatchAction, signal?: AbortSignal): Promise<Watch<unknown>> {
    this.recorded.push(deepCopyJson(action));
    for (const r of [...this.watchReactionChain]) {
      if (!actionMatches(action, 'watch', r.resource)) {
        continue;
      }
      const reaction = await r.fn(deepCopyJson(action), signal);
      if (reaction === undefined || !reaction.handled) {
        continue;
      }
      if (reaction.err !== undefined) {
        throw reaction.err;
      }
      if (reaction.watch === undefined) {
        throw new KubeError(
          'FAKE_NO_WATCH',
          `the watch reactor for ${action.resource.resource} handled it without a watch`,
        );
      }
      return reaction.watch;
    }
    throw new UnhandledActionError(action);
  }
}
