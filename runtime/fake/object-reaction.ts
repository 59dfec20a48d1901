// The default reactors: every action served from an ObjectTracker (client-go's ObjectReaction and DefaultWatchReactor).
import type { KubernetesObject, Scale } from '../api/meta.js';
import type { Action, CreateAction, UpdateAction } from './actions.js';
import { badRequest, resourceNotServed } from './api-errors.js';
import type { ReactionFunc, WatchReactionFunc } from './fake.js';
import type { ObjectTracker, TrackerWriteOptions } from './object-tracker.js';

function writeOptions(a: {
  options: { dryRun?: TrackerWriteOptions['dryRun']; fieldManager?: string };
}): TrackerWriteOptions {
  const o: TrackerWriteOptions = {};
  if (a.options.dryRun !== undefined) {
    o.dryRun = a.options.dryRun;
  }
  if (a.options.fieldManager !== undefined) {
    o.fieldManager = a.options.fieldManager;
  }
  return o;
}

function statusOnly(sub: string): 'status' | undefined {
  if (sub === '') {
    return undefined;
  }
  if (sub === 'status') {
    return 'status';
  }
  throw resourceNotServed();
}

/**
 * A create or update on a subresource other than status and scale (eviction, token, approval), as client-go's fake
 * serves it: the parent must exist (else NotFound); a body of the parent's kind updates the parent; any other body
 * (an Eviction, a TokenRequest) is returned as sent and nothing is stored. An update whose body names no kind is
 * taken as the parent's kind, a create's as another kind.
 */
function onOtherSubresource(
  tracker: ObjectTracker,
  action: CreateAction | UpdateAction,
  name: string,
  update: boolean,
): unknown {
  const { resource: gvr, namespace: ns } = action;
  tracker.get(gvr, ns, name);
  const body = action.object as KubernetesObject;
  const parentKind = tracker.registry.find(gvr)?.kind;
  const sameKind = body.kind === undefined ? update : body.kind === parentKind;
  if (!sameKind) {
    return body;
  }
  return tracker.update(gvr, ns, { ...body, metadata: { ...body.metadata, name } }, writeOptions(action));
}

function serve(tracker: ObjectTracker, action: Action): unknown {
  const { resource: gvr, namespace: ns, subresource: sub } = action;
  switch (action.verb) {
    case 'get':
      if (sub === 'scale') {
        return tracker.getScale(gvr, ns, action.name);
      }
      statusOnly(sub);
      return tracker.get(gvr, ns, action.name);
    case 'list':
      return tracker.list(gvr, ns, action.options);
    case 'create':
      if (sub !== '') {
        return onOtherSubresource(tracker, action, action.name ?? action.object.metadata?.name ?? '', false);
      }
      return tracker.create(gvr, ns, action.object as KubernetesObject, writeOptions(action));
    case 'update':
      if (sub === 'scale') {
        const name = action.object.metadata?.name ?? '';
        return tracker.updateScale(gvr, ns, name, action.object as Scale, writeOptions(action));
      }
      if (sub !== '' && sub !== 'status') {
        return onOtherSubresource(tracker, action, action.object.metadata?.name ?? '', true);
      }
      return tracker.update(gvr, ns, action.object as KubernetesObject, {
        ...writeOptions(action),
        ...(statusOnly(sub) === 'status' ? { subresource: 'status' as const } : {}),
      });
    case 'delete':
      return tracker.delete(gvr, ns, action.name, action.options);
    case 'delete-collection':
      return tracker.deleteCollection(gvr, ns, action.listOptions, action.options);
    case 'patch': {
      const opts: TrackerWriteOptions = writeOptions(action);
      if (action.options.force !== undefined) {
        opts.force = action.options.force;
      }
      if (statusOnly(sub) === 'status') {
        opts.subresource = 'status';
      }
      return tracker.patch(gvr, ns, action.name, action.patchType, action.patch, opts);
    }
    case 'watch':
      throw badRequest('watch actions go through the watch reactors');
  }
}

/** A reactor serving every action from `tracker`; errors come back as the ApiErrors the tracker throws. */
export function objectReaction(tracker: ObjectTracker): ReactionFunc {
  return (action) => {
    try {
      return { handled: true, ret: serve(tracker, action) };
    } catch (err) {
      return { handled: true, err };
    }
  };
}

/** A watch reactor opening watches on `tracker`. */
export function trackerWatchReaction(tracker: ObjectTracker): WatchReactionFunc {
  return (action, signal) => {
    try {
      return { handled: true, watch: tracker.watch(action.resource, action.namespace, action.options, signal) };
    } catch (err) {
      return { handled: true, err };
    }
  };
}
