// The reflector's LIST rules (page size, resourceVersion, expiry fallbacks), from client-go's reflector_test.go (cases 15-21).
import { describe, expect, it } from 'vitest';
import type { KubernetesList } from '../../../runtime/api/meta.js';
import type { ListOptions } from '../../../runtime/api/options.js';
import { newStore, Reflector } from '../../../runtime/cache/index.js';
import { resourceExpired, timeoutError } from '../../support/api-status-errors.js';
import { captureLogs } from '../../support/capture-logger.js';
import { FakeWatcher } from '../../support/fake-watcher.js';
import { makePod, type Pod, podList } from '../../support/pods.js';

captureLogs();

const pods = (n: number): Pod[] => Array.from({ length: n }, (_, i) => makePod(`pod-${i}`, String(i)));

/** A reflector whose watch aborts the run at once: these tests are about the list only. */
function listOnlyReflector(list: (o: ListOptions) => Promise<KubernetesList<Pod>>, pageSize = 0) {
  const store = newStore<Pod>();
  let ac = new AbortController();
  const r = new Reflector<Pod>({
    listerWatcher: {
      list,
      watch: async () => {
        ac.abort();
        return new FakeWatcher<Pod>();
      },
    },
    store,
    useWatchList: false,
    pageSize,
  });
  const listAndWatch = async (): Promise<void> => {
    ac = new AbortController();
    await r.listAndWatch(ac.signal);
  };
  return { r, store, listAndWatch };
}

describe('Reflector LIST', () => {
  it('TestReflectorWatchListPageSize: page size 4 with continue tokens, even at RV 10', async () => {
    const all = pods(10);
    const seen: ListOptions[] = [];
    const { r, store, listAndWatch } = listOnlyReflector(async (o) => {
      seen.push(o);
      expect(o.limit).toBe(4);
      switch (o.continue ?? '') {
        case '':
          return podList('10', all.slice(0, 4), 'C1');
        case 'C1':
          return podList('10', all.slice(4, 8), 'C2');
        case 'C2':
          return podList('10', all.slice(8, 10));
        default:
          throw new Error(`unrecognized continue ${o.continue}`);
      }
    }, 4);
    r.setLastSyncResourceVersion('10');
    await listAndWatch();
    expect(store.size).toBe(10);
    expect(seen).toEqual([
      { resourceVersion: '10', limit: 4 },
      { limit: 4, continue: 'C1' },
      { limit: 4, continue: 'C2' },
    ]);
  });

  it('TestReflectorNotPaginatingNotConsistentReads: a relist at RV 10 has no limit (served by the watch cache)', async () => {
    const { r, store, listAndWatch } = listOnlyReflector(async (o) => {
      expect(o.resourceVersion).toBe('10');
      expect(o.limit ?? 0).toBe(0);
      return podList('10', pods(10));
    });
    r.setLastSyncResourceVersion('10');
    await listAndWatch();
    expect(store.size).toBe(10);
  });

  it('TestReflectorPaginatingNonConsistentReadsIfWatchCacheDisabled: a paginated RV "0" list keeps later lists at limit 500', async () => {
    const all = pods(10);
    const seen: ListOptions[] = [];
    const { store, listAndWatch } = listOnlyReflector(async (o) => {
      seen.push(o);
      expect(o.limit).toBe(500);
      switch (o.continue ?? '') {
        case '':
          return podList('10', all.slice(0, 4), 'C1');
        case 'C1':
          return podList('10', all.slice(4, 8), 'C2');
        default:
          return podList('10', all.slice(8, 10));
      }
    });
    await listAndWatch();
    expect(store.size).toBe(10);
    await listAndWatch();
    expect(store.size).toBe(10);
    expect(seen.filter((o) => o.continue === undefined).map((o) => o.resourceVersion)).toEqual(['0', '10']);
  });

  it('TestReflectorResyncWithResourceVersion: list RVs ["0", "10"]', async () => {
    const rvs: string[] = [];
    const { store, listAndWatch } = listOnlyReflector(async (o) => {
      rvs.push(o.resourceVersion ?? '');
      if (o.resourceVersion === '0') {
        return podList('10', pods(8).slice(0, 4));
      }
      if (o.resourceVersion === '10') {
        return podList('11', pods(8));
      }
      throw new Error(`unrecognized resourceVersion ${o.resourceVersion}`);
    });
    await listAndWatch();
    expect(store.size).toBe(4);
    await listAndWatch();
    expect(store.size).toBe(8);
    expect(rvs).toEqual(['0', '10']);
  });

  it('TestReflectorExpiredExactResourceVersion: list RVs ["0", "10", ""]', async () => {
    const rvs: string[] = [];
    const { store, listAndWatch } = listOnlyReflector(async (o) => {
      rvs.push(o.resourceVersion ?? '');
      switch (o.resourceVersion) {
        case '0':
          return podList('10', pods(8).slice(0, 4));
        case '10':
          throw resourceExpired('The resourceVersion for the provided watch is too old.');
        case '':
          return podList('11', pods(8));
        default:
          throw new Error(`unrecognized resourceVersion ${o.resourceVersion}`);
      }
    });
    await listAndWatch();
    expect(store.size).toBe(4);
    await listAndWatch();
    expect(store.size).toBe(8);
    expect(rvs).toEqual(['0', '10', '']);
  });

  it('TestReflectorFullListIfExpired: RVs ["0", "10", "", "10"], the last one with limit 0', async () => {
    const calls: { rv: string; cont: string; limit: number }[] = [];
    const all = pods(8);
    const { store, listAndWatch } = listOnlyReflector(async (o) => {
      const c = { rv: o.resourceVersion ?? '', cont: o.continue ?? '', limit: o.limit ?? 0 };
      calls.push(c);
      const k = `${c.rv}|${c.cont}|${c.limit}`;
      switch (k) {
        case '0||4':
          return podList('10', all.slice(0, 4));
        case '10||4':
          return podList('11', all.slice(0, 4), 'C1');
        case '|C1|4':
          throw resourceExpired('The resourceVersion for the provided watch is too old.');
        case '10||0':
          return podList('11', all);
        default:
          throw new Error(`unexpected list options ${k}`);
      }
    }, 4);
    await listAndWatch();
    expect(store.size).toBe(4);
    await listAndWatch();
    expect(store.size).toBe(8);
    expect(calls.map((c) => c.rv)).toEqual(['0', '10', '', '10']);
    expect(calls[3]?.limit).toBe(0);
  });

  it('TestReflectorFullListIfTooLarge: three error encodings each relist with RV ""', async () => {
    const rvs: string[] = [];
    let version = 30;
    const { listAndWatch } = listOnlyReflector(async (o) => {
      rvs.push(o.resourceVersion ?? '');
      switch (o.resourceVersion) {
        case '0':
          return podList('20');
        case '20':
          throw timeoutError('too large resource version', [{ reason: 'ResourceVersionTooLarge' }]);
        case '30':
          throw timeoutError('too large resource version', [{ message: 'Too large resource version' }]);
        case '40':
          throw timeoutError('Too large resource version');
        case '': {
          const rv = String(version);
          version += 10;
          return podList(rv);
        }
        default:
          throw new Error(`unexpected List call: ${o.resourceVersion}`);
      }
    });
    await listAndWatch();
    for (let i = 0; i < 3; i++) {
      await listAndWatch();
    }
    expect(rvs).toEqual(['0', '20', '', '30', '', '40', '']);
  });
});
