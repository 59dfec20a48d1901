// Issue 9: a seeded fault campaign. Informers on a namespaced CRD (Foo) and on ConfigMaps sit behind the fault
// proxy while writers change objects; after every round the caches equal a fresh LIST and every deletion arrived.
// KGEN_CAMPAIGN_SEED replays a run, KGEN_CAMPAIGN_FAULTS sets its length (`npm run test:campaign -- --faults 1000`).
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubernetesObject } from '../../runtime/api/meta.js';
import { checkCacheConsistency } from '../../runtime/cache/consistency-checker.js';
import type { RestClient } from '../../runtime/rest/rest-client.js';
import { type Envtest, startEnvtest } from '../../runtime/testing/index.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { injectNetworkFault, watchesEstablished } from './support/campaign-faults.js';
import {
  type CampaignFigures,
  formatFigures,
  type InformerFigures,
  recordFigures,
} from './support/campaign-figures.js';
import { campaignSettings, faultsByKind, planCampaign, type Round } from './support/campaign-plan.js';
import type { ProbeListerWatcher } from './support/campaign-probe.js';
import { SeededRandom } from './support/campaign-random.js';
import { CampaignTarget, type ResourceSpec } from './support/campaign-target.js';
import { type ConfigMap, pollUntil, restClientFor } from './support/configmaps.js';

interface Foo extends KubernetesObject {
  spec?: { deploymentName?: string; replicas?: number };
}

const fooCrd = fileURLToPath(new URL('../../examples/sample-controller/crds/foo.yaml', import.meta.url));

const configMapSpec: ResourceSpec<ConfigMap> = {
  name: 'configmaps',
  gvr: { group: '', version: 'v1', resource: 'configmaps' },
  kind: 'ConfigMap',
  shape: {
    create: (name, serial) => ({ metadata: { name }, data: { v: String(serial) } }),
    update: (serial) => ({ data: { v: String(serial) } }),
  },
};

const fooSpec: ResourceSpec<Foo> = {
  name: 'foos',
  gvr: { group: 'samplecontroller.k8s.io', version: 'v1alpha1', resource: 'foos' },
  kind: 'Foo',
  shape: {
    create: (name) => ({
      apiVersion: 'samplecontroller.k8s.io/v1alpha1',
      kind: 'Foo',
      metadata: { name },
      spec: { deploymentName: name, replicas: 1 },
    }),
    update: (serial) => ({ spec: { replicas: 1 + (serial % 10) } }),
  },
};

const settings = campaignSettings();
const plan = planCampaign(settings);
// Writes each writer makes while the informers are cut off (restart and compaction rounds).
const OFFLINE_WRITES = 15;
// Bounds of a reflector backoff delay: 0.8 s at first, a 30 s cap, and jitter 1.0 (so up to twice the delay).
const BACKOFF_MIN_MS = 800;
const BACKOFF_MAX_MS = 60_000;
// Slack for the event loop on a loaded machine on top of the idle timeout when a stall is detected.
const DETECTION_SLACK_MS = 5_000;

describe(`a seeded fault campaign (seed ${settings.seed}, ${settings.faults} faults)`, () => {
  let env: Envtest;
  let proxy: FaultProxy;
  let direct: RestClient;
  const viaProxy: RestClient[] = [];
  const targets: CampaignTarget<KubernetesObject>[] = [];

  beforeAll(async () => {
    console.log(`[fault campaign] seed ${settings.seed}, ${settings.faults} faults, ${plan.length} rounds`);
    // Without the watch cache every watch is served by etcd, so a compaction expires old resourceVersions at once.
    env = await startEnvtest({ crds: [fooCrd], apiServerFlags: { 'watch-cache': 'false' } });
    proxy = await FaultProxy.start({ targetPort: Number(new URL(env.server).port) });
    direct = restClientFor(env.kubeconfigPath);
    const namespace = 'campaign';
    await direct.request({
      method: 'POST',
      path: '/api/v1/namespaces',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    });
    const specs = [configMapSpec, fooSpec] as ResourceSpec<KubernetesObject>[];
    for (const [i, spec] of specs.entries()) {
      // One client per informer: a short idle timeout so stalls are noticed fast, and a request timeout so a LIST
      // sent down a dead connection fails instead of hanging.
      const rest = restClientFor(env.kubeconfigPath, {
        host: proxy.proxiedUrl(env.server),
        watchIdleTimeoutMs: settings.idleTimeoutMs,
        timeoutMs: 20_000,
      });
      viaProxy.push(rest);
      targets.push(
        await CampaignTarget.start({
          spec,
          namespace,
          viaProxy: rest,
          direct,
          random: new SeededRandom(settings.seed + i + 1),
        }),
      );
    }
  });

  afterAll(async () => {
    for (const t of targets) {
      await t.stop();
    }
    for (const r of viaProxy) {
      await r.close();
    }
    await direct?.close();
    await proxy?.close();
    await env?.stop();
  });

  it(
    'converges after every round, delivers every deletion, and relists only when history was lost',
    async () => {
      const probes = targets.map((t) => t.probe as ProbeListerWatcher<unknown>);
      const startedAt = performance.now();
      const relistsAfterDisconnects = targets.map(() => 0);
      const divergences: string[] = [];
      const detections: number[] = [];
      let quietChecks = 0;
      let effective = 0;
      let longest = { ms: 0, kind: 'none' };
      const recovered = (kind: string, ms: number): void => {
        if (ms > longest.ms) {
          longest = { ms, kind };
        }
      };

      /** Waits for every cache and handler to equal a fresh LIST and every deletion to have been delivered. */
      async function quietCheck(round: number): Promise<void> {
        quietChecks++;
        const listed = await Promise.all(targets.map((t) => t.listed()));
        const problems = (): string[] =>
          targets.flatMap((t, i) => {
            const l = listed[i] as Map<string, string>;
            return [
              ...t.storeDiffers(l).map((d) => `${t.name} cache ${d}`),
              ...t.recorder.differsFrom(l).map((d) => `${t.name} handler ${d}`),
              ...t.undeliveredDeletions().map((k) => `${t.name} deletion of ${k} not delivered`),
            ];
          });
        try {
          await pollUntil(() => problems().length === 0, `round ${round} to converge`, 240_000);
        } catch {
          divergences.push(`round ${round}: ${problems().slice(0, 10).join('; ')}`);
          console.log(`[fault campaign] DIVERGENCE ${divergences.at(-1)}`);
          return;
        }
        for (const t of targets) {
          const report = await checkCacheConsistency({ store: t.informer.getStore(), listerWatcher: t.direct });
          const bad = [...report.missing, ...report.extra, ...report.differing];
          if (bad.length > 0) {
            divergences.push(`round ${round}: ${t.name} consistency check: ${bad.slice(0, 10).join(', ')}`);
          }
        }
      }

      async function networkRound(round: Extract<Round, { kind: 'network' }>): Promise<void> {
        const stopWriting = new AbortController();
        const writing = targets.map((t) => t.writer.run(stopWriting.signal));
        try {
          let liftedAt = performance.now();
          for (const fault of round.faults) {
            await watchesEstablished(probes, liftedAt);
            const stalledAt = performance.now();
            const outcome = await injectNetworkFault(fault, { proxy, probes, idleTimeoutMs: settings.idleTimeoutMs });
            liftedAt = performance.now();
            effective += outcome.effective ? 1 : 0;
            if (outcome.detectionMs !== undefined) {
              detections.push(outcome.detectionMs);
            }
            const from = fault.kind === 'stall' ? stalledAt : liftedAt;
            recovered(fault.kind, (await watchesEstablished(probes, liftedAt)) + (liftedAt - from));
          }
        } finally {
          stopWriting.abort();
          await Promise.all(writing);
          proxy.heal();
        }
      }

      for (const [index, round] of plan.entries()) {
        const before = targets.map((t) => t.informer.health());
        const expiredBefore = targets.map((t) => t.probe.failures.expired ?? 0);
        if (round.kind === 'network') {
          await networkRound(round);
          await quietCheck(index);
          targets.forEach((t, i) => {
            relistsAfterDisconnects[i] =
              (relistsAfterDisconnects[i] ?? 0) + t.informer.health().relists - (before[i]?.relists ?? 0);
          });
          continue;
        }
        if (round.kind === 'restart') {
          const t0 = performance.now();
          await env.restartApiServer({ kill: round.kill });
          for (const t of targets) {
            await t.writer.burst(OFFLINE_WRITES);
          }
          await quietCheck(index);
          effective++;
          recovered(round.kill ? 'restart (kill -9)' : 'restart (SIGTERM)', performance.now() - t0);
          targets.forEach((t, i) => {
            expect(t.informer.health().watchRestarts, t.name).toBeGreaterThan(before[i]?.watchRestarts ?? 0);
          });
          continue;
        }
        // Compaction: cut the informers off, change and delete objects, compact etcd past their resourceVersion,
        // then let them back: the re-watch gets 410, they relist, and missed deletions arrive as tombstones.
        await proxy.stopListening();
        proxy.resetAll();
        const deletedBefore = targets.map((t) => new Set(t.writer.deleted));
        for (const t of targets) {
          await t.writer.burst(OFFLINE_WRITES);
        }
        await env.compactEtcd();
        const t0 = performance.now();
        await proxy.resumeListening();
        await quietCheck(index);
        effective++;
        recovered('compaction', performance.now() - t0);
        targets.forEach((t, i) => {
          expect(t.informer.health().relists, `${t.name} relists after compaction`).toBeGreaterThan(
            before[i]?.relists ?? 0,
          );
          expect(t.probe.failures.expired ?? 0, `${t.name} 410s`).toBeGreaterThan(expiredBefore[i] ?? 0);
          const missed = [...t.writer.deleted].filter((k) => !deletedBefore[i]?.has(k));
          expect(missed.filter((k) => t.seen.has(k) && t.recorder.deleted.get(k) === undefined)).toEqual([]);
        });
      }

      const informers: InformerFigures[] = targets.map((t, i) => {
        const h = t.informer.health();
        const b = t.probe.backoffs;
        return {
          name: t.name,
          relists: h.relists,
          relistsAfterDisconnects: relistsAfterDisconnects[i] ?? 0,
          watchRestarts: h.watchRestarts,
          failures: { ...t.probe.failures },
          backoffs: {
            count: b.length,
            minMs: b.length > 0 ? Math.round(Math.min(...b)) : null,
            maxMs: b.length > 0 ? Math.round(Math.max(...b)) : null,
          },
          deletionsMade: t.writer.deleted.size,
          deletionsOfSeen: [...t.writer.deleted].filter((k) => t.seen.has(k)).length,
          deletionsUndelivered: t.undeliveredDeletions().length,
          deletes: t.recorder.deletes,
          tombstones: t.recorder.tombstones,
          writes: t.writer.creates + t.writer.updates + t.writer.deletes,
        };
      });
      const figures: CampaignFigures = {
        seed: settings.seed,
        faults: settings.faults,
        faultsByKind: faultsByKind(plan),
        effectiveFaults: effective,
        rounds: plan.length,
        quietChecks,
        divergences: divergences.length,
        idleTimeoutMs: settings.idleTimeoutMs,
        stallDetectionMaxMs: detections.length > 0 ? Math.round(Math.max(...detections)) : null,
        longestRecoveryMs: Math.round(longest.ms),
        longestRecoveryKind: longest.kind,
        durationMs: Math.round(performance.now() - startedAt),
        informers,
      };
      for (const line of formatFigures(figures)) {
        console.log(line);
      }
      recordFigures('fault-campaign', figures);

      // No divergence: every quiet check found caches, handlers and deletions equal to a fresh LIST.
      expect(divergences).toEqual([]);
      for (const i of informers) {
        // A plain disconnect inside the compaction window is a re-watch from the last resourceVersion, never a relist.
        expect(i.relistsAfterDisconnects, `${i.name} relists after plain disconnects`).toBe(0);
        // Every deletion of an object the handler knew arrived, as a delete or a tombstone.
        expect(i.deletionsUndelivered, `${i.name} deletions not delivered`).toBe(0);
        // Every wait after a failed request is a backoff delay in [0.8 s, 30 s × (1 + jitter)).
        for (const b of targets.find((t) => t.name === i.name)?.probe.backoffs ?? []) {
          expect(b, `${i.name} backoff`).toBeGreaterThanOrEqual(BACKOFF_MIN_MS - 10);
          expect(b, `${i.name} backoff`).toBeLessThan(BACKOFF_MAX_MS + DETECTION_SLACK_MS);
        }
      }
      const kinds = figures.faultsByKind;
      if ((kinds.refuse ?? 0) + (kinds.restart ?? 0) + (kinds.compaction ?? 0) > 0) {
        expect(
          informers.reduce((s, i) => s + i.backoffs.count, 0),
          'backoffs measured',
        ).toBeGreaterThan(0);
      }
      // A stalled (half-open) watch is noticed by the idle watchdog within its timeout.
      expect(detections).toHaveLength(kinds.stall ?? 0);
      for (const d of detections) {
        expect(d).toBeLessThanOrEqual(settings.idleTimeoutMs + DETECTION_SLACK_MS);
      }
    },
    600_000 + settings.faults * 5_000,
  );
});
