// Listers over an indexer and the cache-vs-LIST consistency checker.
import { describe, expect, it } from 'vitest';
import {
  checkCacheConsistency,
  jsonEqual,
  metaNamespaceIndexFunc,
  NAMESPACE_INDEX,
  newIndexer,
  newLister,
} from '../../../runtime/cache/index.js';
import { ApiError, isNotFound } from '../../../runtime/errors/index.js';
import { parseSelector } from '../../../runtime/labels/index.js';
import { FakeControllerSource } from '../../support/fake-controller-source.js';
import { makePod, type Pod } from '../../support/pods.js';

function fixture(withNamespaceIndex = true) {
  const indexer = newIndexer<Pod>(
    withNamespaceIndex ? { indexers: { [NAMESPACE_INDEX]: metaNamespaceIndexFunc } } : {},
  );
  indexer.add(makePod('a', '1', { namespace: 'ns1', labels: { app: 'web' } }));
  indexer.add(makePod('b', '2', { namespace: 'ns1', labels: { app: 'db' } }));
  indexer.add(makePod('c', '3', { namespace: 'ns2', labels: { app: 'web' } }));
  return indexer;
}

const names = (xs: readonly { metadata?: { name?: string } }[]) => xs.map((x) => x.metadata?.name).sort();

describe('Lister', () => {
  it('lists all, by namespace and by selector (string or parsed)', () => {
    for (const indexed of [true, false]) {
      const lister = newLister(fixture(indexed), { group: '', resource: 'pods' });
      expect(names(lister.list())).toEqual(['a', 'b', 'c']);
      expect(names(lister.list('app=web'))).toEqual(['a', 'c']);
      expect(names(lister.namespace('ns1').list())).toEqual(['a', 'b']);
      expect(names(lister.namespace('ns1').list(parseSelector('app in (web)')))).toEqual(['a']);
      expect(names(lister.namespace('').list())).toEqual(['a', 'b', 'c']);
      expect(lister.namespace('ns2').get('c').metadata.resourceVersion).toBe('3');
    }
  });

  it('get throws the API server NotFound, naming the group and resource', () => {
    const core = newLister(fixture(), { group: '', resource: 'pods' });
    let err: unknown;
    try {
      core.namespace('ns1').get('missing');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect(isNotFound(err)).toBe(true);
    expect((err as ApiError).statusCode).toBe(404);
    expect((err as ApiError).message).toBe('pods "missing" not found');
    expect((err as ApiError).details).toEqual({ name: 'missing', group: '', kind: 'pods' });
    expect(() => newLister(fixture(), { group: 'apps', resource: 'deployments' }).get('x')).toThrow(
      'deployments.apps "x" not found',
    );
  });
});

describe('checkCacheConsistency', () => {
  it('reports missing, extra and differing objects against a paged LIST', async () => {
    const source = new FakeControllerSource<Pod>();
    for (let i = 0; i < 7; i++) {
      source.add(makePod(`p${i}`, undefined, { namespace: 'ns' }));
    }
    const indexer = newIndexer<Pod>();
    indexer.replace(source.objects(), source.resourceVersion);
    let report = await checkCacheConsistency({ store: indexer, listerWatcher: source, pageSize: 3 });
    expect(report).toMatchObject({ consistent: true, missing: [], extra: [], differing: [] });
    expect(source.listCalls.map((o) => o.limit)).toEqual([3, 3, 3]);

    source.delete(makePod('p0', undefined, { namespace: 'ns' }));
    source.add(makePod('p9', undefined, { namespace: 'ns' }));
    source.modify(makePod('p3', undefined, { namespace: 'ns', labels: { x: 'y' } }));
    report = await checkCacheConsistency({ store: indexer, listerWatcher: source });
    expect(report.consistent).toBe(false);
    expect(report.missing).toEqual(['ns/p9']);
    expect(report.extra).toEqual(['ns/p0']);
    expect(report.differing).toEqual([{ key: 'ns/p3', cacheResourceVersion: '4', listResourceVersion: '10' }]);
    expect(report.resourceVersion).toBe('10');
  });

  it('deep comparison applies the informer transform to listed objects', async () => {
    const source = new FakeControllerSource<Pod>();
    source.add(makePod('a', undefined, { namespace: 'ns', annotations: { big: 'x' } }));
    const strip = (p: Pod): Pod => ({ ...p, metadata: { ...p.metadata, annotations: {} } });
    const indexer = newIndexer<Pod>({ transform: strip });
    indexer.replace(source.objects(), source.resourceVersion);
    expect((await checkCacheConsistency({ store: indexer, listerWatcher: source, compare: 'deep' })).consistent).toBe(
      false,
    );
    expect(
      (await checkCacheConsistency({ store: indexer, listerWatcher: source, compare: 'deep', transform: strip }))
        .consistent,
    ).toBe(true);
  });

  it('jsonEqual ignores key order and undefined members', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1, u: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(jsonEqual({ a: {} }, { a: [] })).toBe(false);
  });
});
