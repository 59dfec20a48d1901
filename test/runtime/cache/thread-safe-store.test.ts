// ThreadSafeStore and Indexer behaviour, ported from client-go's thread_safe_store_test.go, index_test.go and store_test.go.
import { describe, expect, it } from 'vitest';
import {
  deletionHandlingMetaNamespaceKeyFunc,
  IndexerConflictError,
  IndexFuncError,
  IndexNotFoundError,
  KeyError,
  metaNamespaceIndexFunc,
  metaNamespaceKeyFunc,
  NAMESPACE_INDEX,
  newIndexer,
  newStore,
  splitMetaNamespaceKey,
  ThreadSafeStore,
} from '../../../runtime/cache/index.js';
import type { KubernetesObject } from '../../../runtime/index.js';

interface Pod extends KubernetesObject {
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
}

const pod = (name: string, extra: Partial<Pod['metadata']> = {}): Pod => ({ metadata: { name, ...extra } });

describe('ThreadSafeStore', () => {
  it('TestThreadSafeStoreDeleteRemovesEmptySetsFromIndex: an index value without objects is pruned', () => {
    const store = new ThreadSafeStore<string>({ testIndexer: (o) => [o] });
    store.add('testKey', 'testKey');
    expect(store.indexKeys('testIndexer', 'testKey')).toEqual(['testKey']);
    store.delete('testKey');
    expect(store.listIndexFuncValues('testIndexer')).toEqual([]);
  });

  it('TestThreadSafeStoreAddKeepsNonEmptySetPostDeleteFromIndex: a shared value keeps its remaining keys', () => {
    const store = new ThreadSafeStore<string>({ testIndexer: () => ['testIndex'] });
    store.add('retain', 'retain');
    store.add('delete', 'delete');
    expect(store.indexKeys('testIndexer', 'testIndex')).toEqual(['delete', 'retain']);
    store.delete('delete');
    expect(store.listIndexFuncValues('testIndexer')).toEqual(['testIndex']);
    expect(store.indexKeys('testIndexer', 'testIndex')).toEqual(['retain']);
  });

  it('TestThreadSafeStoreIndexingFunctionsWithMultipleValues: multi-valued index through updates and deletes', () => {
    const store = new ThreadSafeStore<string>({ testIndexer: (o) => o.split(',') });
    const keys = (v: string): string[] => store.indexKeys('testIndexer', v);
    store.add('key1', 'foo');
    store.add('key2', 'bar');
    expect(keys('foo')).toEqual(['key1']);
    expect(keys('bar')).toEqual(['key2']);
    store.update('key2', 'foo,bar');
    expect(keys('foo')).toEqual(['key1', 'key2']);
    expect(keys('bar')).toEqual(['key2']);
    store.update('key1', 'foo,bar');
    expect(keys('bar')).toEqual(['key1', 'key2']);
    store.add('key3', 'foo,bar,baz');
    expect(keys('foo')).toEqual(['key1', 'key2', 'key3']);
    expect(keys('baz')).toEqual(['key3']);
    store.update('key1', 'foo');
    expect(keys('bar')).toEqual(['key2', 'key3']);
    store.update('key2', 'bar');
    expect(keys('foo')).toEqual(['key1', 'key3']);
    store.delete('key1');
    expect(keys('foo')).toEqual(['key3']);
    store.delete('key3');
    expect(keys('foo')).toEqual([]);
    expect(keys('bar')).toEqual(['key2']);
    expect(keys('baz')).toEqual([]);
    expect(store.listIndexFuncValues('testIndexer')).toEqual(['bar']);
  });

  it('TestThreadSafeStoreRV: the store RV follows writes, deletes with objects, transactions, replace and bookmarks', () => {
    const rv = (v: string) => ({ metadata: { resourceVersion: v } });
    const store = new ThreadSafeStore<unknown>();
    expect(store.lastStoreSyncResourceVersion()).toBe('');
    store.add('key1', rv('10'));
    expect(store.lastStoreSyncResourceVersion()).toBe('10');
    store.add('key3', rv('10'));
    store.add('key4', rv('20'));
    expect(store.lastStoreSyncResourceVersion()).toBe('20');
    store.deleteWithObject('key4', rv('30'));
    expect(store.lastStoreSyncResourceVersion()).toBe('30');
    store.add('key5', 'just a string');
    expect(store.lastStoreSyncResourceVersion()).toBe('30');
    store.add('key6', rv('40'));
    store.delete('key6');
    expect(store.lastStoreSyncResourceVersion()).toBe('40');
    store.transaction([
      { type: 'update', key: 'key9', object: rv('40') },
      { type: 'update', key: 'key10', object: rv('30') },
      { type: 'update', key: 'key11', object: rv('50') },
    ]);
    expect(store.lastStoreSyncResourceVersion()).toBe('50');
    store.replace(new Map([['key2', rv('30')]]), '60');
    expect(store.lastStoreSyncResourceVersion()).toBe('60');
    expect(store.listKeys()).toEqual(['key2']);
    store.bookmark('70');
    expect(store.lastStoreSyncResourceVersion()).toBe('70');
  });

  it('an index function error rejects the write and leaves the store consistent', () => {
    const store = new ThreadSafeStore<string>({
      bad: (o) => {
        if (o === 'boom') {
          throw new Error('no index');
        }
        return [o];
      },
    });
    store.add('a', 'a');
    expect(() => store.update('a', 'boom')).toThrow(IndexFuncError);
    expect(store.get('a')).toBe('a');
    expect(store.indexKeys('bad', 'a')).toEqual(['a']);
  });
});

describe('Indexer', () => {
  const usersIndex = (o: Pod): string[] => (o.metadata.annotations?.users ?? '').split(',');

  it('TestGetIndexFuncValues: values of a single-valued index', () => {
    const index = newIndexer<Pod>({
      keyFunc: metaNamespaceKeyFunc,
      indexers: { testmodes: (p) => [p.metadata.labels?.foo ?? ''] },
    });
    index.add(pod('one', { labels: { foo: 'bar' } }));
    index.add(pod('two', { labels: { foo: 'bar' } }));
    index.add(pod('tre', { labels: { foo: 'biz' } }));
    expect(index.listIndexFuncValues('testmodes').sort()).toEqual(['bar', 'biz']);
  });

  it('TestMultiIndexKeys: multi-valued lookups and re-indexing on update', () => {
    const index = newIndexer<Pod>({ keyFunc: metaNamespaceKeyFunc, indexers: { byUser: usersIndex } });
    const pod1 = pod('one', { annotations: { users: 'ernie,bert' } });
    const pod2 = pod('two', { annotations: { users: 'bert,oscar' } });
    const pod3 = pod('tre', { annotations: { users: 'ernie,elmo' } });
    index.add(pod1);
    index.add(pod2);
    index.add(pod3);
    const names = (v: string): string[] =>
      index
        .byIndex('byUser', v)
        .map((p) => p.metadata.name)
        .sort();
    expect(names('ernie')).toEqual(['one', 'tre']);
    expect(names('bert')).toEqual(['one', 'two']);
    expect(names('elmo')).toEqual(['tre']);
    expect(names('oscar')).toEqual(['two']);
    expect(names('elmo1')).toEqual([]);
    expect(
      index
        .index('byUser', pod1)
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['one', 'tre', 'two']);
    index.delete(pod3);
    expect(names('ernie')).toEqual(['one']);
    expect(names('elmo')).toEqual([]);
    index.update({ metadata: { ...pod2.metadata, annotations: { users: 'oscar' } } });
    expect(names('bert')).toEqual(['one']);
  });

  it('TestIndex and AddIndexers: namespace index, late indexers index existing objects, conflicts are rejected', () => {
    const index = newIndexer<Pod>({ indexers: { [NAMESPACE_INDEX]: metaNamespaceIndexFunc } });
    index.add(pod('a', { namespace: 'ns1' }));
    index.add(pod('b', { namespace: 'ns2' }));
    index.add(pod('c', { namespace: 'ns1' }));
    expect(index.indexKeys(NAMESPACE_INDEX, 'ns1')).toEqual(['ns1/a', 'ns1/c']);
    index.addIndexers({ byName: (p) => [p.metadata.name] });
    expect(index.indexKeys('byName', 'b')).toEqual(['ns2/b']);
    expect(() => index.addIndexers({ byName: () => [] })).toThrow(IndexerConflictError);
    expect(() => index.byIndex('missing', 'x')).toThrow(IndexNotFoundError);
    expect(() => index.byIndex('missing', 'x')).toThrow('Index with name missing does not exist');
  });

  it('TestCache: add, update, delete, get, list, replace and the key error', () => {
    const store = newStore<Pod>({ keyFunc: metaNamespaceKeyFunc });
    store.add(pod('foo', { resourceVersion: '1' }));
    store.update(pod('foo', { resourceVersion: '2' }));
    store.add(pod('bar'));
    expect(store.get(pod('foo'))?.metadata.resourceVersion).toBe('2');
    store.delete(pod('bar'));
    expect(store.listKeys()).toEqual(['foo']);
    store.replace([pod('x'), pod('y')], '9');
    expect(store.listKeys().sort()).toEqual(['x', 'y']);
    expect(store.lastStoreSyncResourceVersion()).toBe('9');
    expect(() => store.add({} as Pod)).toThrow(KeyError);
    expect(() => store.add({} as Pod)).toThrow('object has no meta');
  });

  it('TestCacheWithTransformer: the transform applies on add, update and replace', () => {
    const store = newStore<Pod>({
      transform: (p) => ({ metadata: { ...p.metadata, labels: { transformed: 'yes' } } }),
    });
    store.add(pod('a'));
    store.replace([pod('b')], '1');
    store.update(pod('b', { resourceVersion: '2' }));
    expect(store.list().map((p) => p.metadata.labels)).toEqual([{ transformed: 'yes' }]);
  });

  it('deletion of a tombstone removes the key it carries', () => {
    const store = newStore<Pod>();
    store.add(pod('a', { namespace: 'ns' }));
    store.delete({ kind: 'DeletedFinalStateUnknown', key: 'ns/a', obj: undefined });
    expect(store.size).toBe(0);
  });
});

describe('key functions', () => {
  it('MetaNamespaceKeyFunc, DeletionHandlingMetaNamespaceKeyFunc and SplitMetaNamespaceKey', () => {
    expect(metaNamespaceKeyFunc(pod('a', { namespace: 'ns' }))).toBe('ns/a');
    expect(metaNamespaceKeyFunc(pod('a'))).toBe('a');
    expect(metaNamespaceKeyFunc('explicit/key')).toBe('explicit/key');
    expect(
      deletionHandlingMetaNamespaceKeyFunc({ kind: 'DeletedFinalStateUnknown', key: 'ns/x', obj: undefined }),
    ).toBe('ns/x');
    expect(splitMetaNamespaceKey('ns/a')).toEqual({ namespace: 'ns', name: 'a' });
    expect(splitMetaNamespaceKey('a')).toEqual({ namespace: '', name: 'a' });
    expect(() => splitMetaNamespaceKey('a/b/c')).toThrow('unexpected key format: "a/b/c"');
  });
});
