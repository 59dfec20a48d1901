// The table of client-go's TestWatchList cases for the streaming-list reflector, run by watch-list.test.ts.
import type { KubernetesList } from '../../../runtime/api/meta.js';
import type { ListOptions } from '../../../runtime/api/options.js';
import { invalid, resourceExpired, tooManyRequests } from '../../support/api-status-errors.js';
import { makePod, type Pod, podList } from '../../support/pods.js';

export const pod = (name: string, rv: string): Pod => makePod(name, rv, { uid: name });
export const endBookmark = (rv: string, value = 'true'): Pod => ({
  metadata: { resourceVersion: rv, annotations: { 'k8s.io/initial-events-end': value } },
});

export const streaming: ListOptions = {
  resourceVersion: '',
  sendInitialEvents: true,
  allowWatchBookmarks: true,
  resourceVersionMatch: 'NotOlderThan',
  timeoutSeconds: 1,
};
export const withoutTimeout = (o: ListOptions): ListOptions => {
  const { timeoutSeconds: _t, ...rest } = o;
  return rest;
};

export interface Scenario {
  name: string;
  disableUseWatchList?: boolean;
  closeAfterWatchEvents?: number;
  closeAfterWatchRequests?: number;
  stopAfterWatchEvents?: number;
  watchOptionsPredicate?: (o: ListOptions) => Error | undefined;
  watchEvents?: ['ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK', Pod][];
  podList?: KubernetesList<Pod>;
  expectedRequestOptions: ListOptions[];
  expectedWatchRequests: number;
  expectedListRequests?: number;
  expectedStoreContent?: Pod[];
  expectedError?: string;
}

export const p1v3: Pod = { ...pod('p1', '3'), spec: { activeDeadlineSeconds: 12 } };

export const scenarios: Scenario[] = [
  {
    name: "TestWatchList: the reflector won't be synced if the bookmark event has not been received",
    watchEvents: [['ADDED', pod('p1', '1')]],
    closeAfterWatchEvents: 1,
    expectedWatchRequests: 1,
    expectedRequestOptions: [streaming],
  },
  {
    name: 'TestWatchList: the reflector uses the old LIST/WATCH semantics if the UseWatchList is turned off',
    disableUseWatchList: true,
    closeAfterWatchRequests: 1,
    podList: podList('1', [pod('p1', '1')]),
    expectedWatchRequests: 1,
    expectedListRequests: 1,
    expectedRequestOptions: [
      { resourceVersion: '0', limit: 500 },
      { allowWatchBookmarks: true, resourceVersion: '1', timeoutSeconds: 1 },
    ],
    expectedStoreContent: [pod('p1', '1')],
  },
  {
    name: 'TestWatchList: returning any other error than apierrors.NewInvalid forces fallback',
    watchOptionsPredicate: (o) => (o.sendInitialEvents === true ? new Error('dummy error') : undefined),
    podList: podList('1', [pod('p1', '1')]),
    closeAfterWatchEvents: 1,
    watchEvents: [['ADDED', pod('p2', '2')]],
    expectedWatchRequests: 2,
    expectedListRequests: 1,
    expectedStoreContent: [pod('p1', '1'), pod('p2', '2')],
    expectedRequestOptions: [
      streaming,
      { resourceVersion: '0', limit: 500 },
      { allowWatchBookmarks: true, resourceVersion: '1', timeoutSeconds: 1 },
    ],
  },
  {
    name: "TestWatchList: the reflector can fall back to old LIST/WATCH semantics when a server doesn't support streaming",
    watchOptionsPredicate: (o) => (o.sendInitialEvents === true ? invalid() : undefined),
    podList: podList('1', [pod('p1', '1')]),
    closeAfterWatchEvents: 1,
    watchEvents: [['ADDED', pod('p2', '2')]],
    expectedWatchRequests: 2,
    expectedListRequests: 1,
    expectedStoreContent: [pod('p1', '1'), pod('p2', '2')],
    expectedRequestOptions: [
      streaming,
      { resourceVersion: '0', limit: 500 },
      { allowWatchBookmarks: true, resourceVersion: '1', timeoutSeconds: 1 },
    ],
  },
  {
    name: 'TestWatchList: prove that the reflector is synced after receiving a bookmark event',
    closeAfterWatchEvents: 3,
    watchEvents: [
      ['ADDED', pod('p1', '1')],
      ['ADDED', pod('p2', '2')],
      ['BOOKMARK', endBookmark('2')],
    ],
    expectedWatchRequests: 1,
    expectedRequestOptions: [streaming],
    expectedStoreContent: [pod('p1', '1'), pod('p2', '2')],
  },
  {
    name: 'TestWatchList: check if Updates and Deletes events are propagated during streaming (until the bookmark is received)',
    closeAfterWatchEvents: 6,
    watchEvents: [
      ['ADDED', pod('p1', '1')],
      ['ADDED', pod('p2', '2')],
      ['MODIFIED', p1v3],
      ['ADDED', pod('p3', '4')],
      ['DELETED', pod('p3', '5')],
      ['BOOKMARK', endBookmark('5')],
    ],
    expectedWatchRequests: 1,
    expectedRequestOptions: [streaming],
    expectedStoreContent: [pod('p2', '2'), p1v3],
  },
  {
    name: 'TestWatchList: checks if the reflector retries 429',
    watchOptionsPredicate: (() => {
      let counter = 1;
      return () => (counter++ < 3 ? tooManyRequests('busy, check again later') : undefined);
    })(),
    closeAfterWatchEvents: 2,
    watchEvents: [
      ['ADDED', pod('p1', '1')],
      ['BOOKMARK', endBookmark('2')],
    ],
    expectedWatchRequests: 3,
    expectedRequestOptions: [streaming, streaming, streaming],
    expectedStoreContent: [pod('p1', '1')],
  },
  {
    name: 'TestWatchList: check if stopping a watcher before sync results in creating a new watch-list request',
    stopAfterWatchEvents: 1,
    closeAfterWatchEvents: 3,
    watchEvents: [
      ['ADDED', pod('p1', '1')],
      ['ADDED', pod('p1', '1')],
      ['BOOKMARK', endBookmark('1')],
    ],
    expectedWatchRequests: 2,
    expectedRequestOptions: [streaming, streaming],
    expectedStoreContent: [pod('p1', '1')],
  },
  {
    name: 'TestWatchList: stopping a watcher after synchronization results in creating a new watch request',
    stopAfterWatchEvents: 4,
    closeAfterWatchEvents: 5,
    watchEvents: [
      ['ADDED', pod('p1', '1')],
      ['ADDED', pod('p2', '2')],
      ['BOOKMARK', endBookmark('2')],
      ['ADDED', pod('p3', '3')],
      ['ADDED', pod('p4', '4')],
    ],
    expectedWatchRequests: 2,
    expectedRequestOptions: [streaming, { allowWatchBookmarks: true, resourceVersion: '3', timeoutSeconds: 1 }],
    expectedStoreContent: [pod('p1', '1'), pod('p2', '2'), pod('p3', '3'), pod('p4', '4')],
  },
  {
    name: 'TestWatchList: expiring an established watcher results in returning an error from the reflector',
    watchOptionsPredicate: (() => {
      let counter = 0;
      return () => (++counter === 2 ? resourceExpired('rv already expired') : undefined);
    })(),
    stopAfterWatchEvents: 3,
    watchEvents: [
      ['ADDED', pod('p1', '1')],
      ['BOOKMARK', endBookmark('2')],
      ['ADDED', pod('p3', '3')],
    ],
    expectedWatchRequests: 2,
    expectedRequestOptions: [streaming, { allowWatchBookmarks: true, resourceVersion: '3', timeoutSeconds: 1 }],
    expectedStoreContent: [pod('p1', '1'), pod('p3', '3')],
    expectedError: 'rv already expired',
  },
  {
    name: 'TestWatchList: prove that the reflector is checking the value of the initialEventsEnd annotation',
    closeAfterWatchEvents: 3,
    watchEvents: [
      ['ADDED', pod('p1', '1')],
      ['ADDED', pod('p2', '2')],
      ['BOOKMARK', endBookmark('2', 'false')],
    ],
    expectedWatchRequests: 1,
    expectedRequestOptions: [streaming],
  },
];
