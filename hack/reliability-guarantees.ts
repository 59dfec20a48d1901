// The guarantees docs/RELIABILITY.md states and the test files that back each one (read by reliability-report.ts).

export type Project = 'unit' | 'e2e';

export interface TestFile {
  readonly project: Project;
  readonly file: string;
  /** What the file shows, in a few words. */
  readonly shows: string;
}

export interface Guarantee {
  readonly title: string;
  /** The promise, in prose. */
  readonly promise: string;
  readonly files: readonly TestFile[];
}

// The guarantees and their evidence. The prose lives here so that the document is always regenerated whole.
export const guarantees: readonly Guarantee[] = [
  {
    title: 'Informers converge under network and server faults',
    promise:
      'An informer behind a network that resets, cuts streams mid-chunk, delays, throttles, stalls (half-open ' +
      'connections) and refuses connections, and across kube-apiserver restarts and etcd compactions, ends every ' +
      'quiet period with a cache and a handler view equal to a fresh LIST. A plain disconnect inside the ' +
      'compaction window is a re-watch from the last resourceVersion, never a relist; a stalled watch is noticed ' +
      'by the idle watchdog within its timeout (`RestConfig.watchIdleTimeoutMs`, 180 s by default; the campaign ' +
      'uses a few seconds); failed requests back off from 0.8 s, doubling to a 30 s cap with jitter 1.0 (so each ' +
      'wait lies in [0.8 s, 60 s)). The campaign draws its faults from a printed seed ' +
      '(`KGEN_CAMPAIGN_SEED` replays a run; `npm run test:campaign -- --faults 1000` is the long run).',
    files: [
      { project: 'e2e', file: 'test/e2e/fault-campaign.e2e.test.ts', shows: 'seeded campaign, CRD + ConfigMaps' },
      { project: 'e2e', file: 'test/e2e/fault-informer-proxy.e2e.test.ts', shows: 'resets, cuts, a stall' },
      {
        project: 'e2e',
        file: 'test/e2e/informer-recovery.e2e.test.ts',
        shows: '10,000 objects: restarts, compaction',
      },
      { project: 'unit', file: 'test/runtime/cache/reflector-backoff.test.ts', shows: 'backoff on a fake clock' },
      { project: 'e2e', file: 'test/e2e/rest-throttling.e2e.test.ts', shows: '429 storm (max-requests-inflight 1)' },
    ],
  },
  {
    title: 'Every deletion is delivered',
    promise:
      'A handler sees every deletion: as a delete event while the watch is up, or as a tombstone ' +
      '(DeletedFinalStateUnknown) when the object vanished while the informer was cut off and only a relist ' +
      'could tell. The campaign checks each key its writers deleted after every round.',
    files: [
      { project: 'e2e', file: 'test/e2e/fault-campaign.e2e.test.ts', shows: 'each deleted key, every round' },
      { project: 'e2e', file: 'test/e2e/informer-recovery.e2e.test.ts', shows: 'tombstones after a 410 relist' },
    ],
  },
  {
    title: 'A broken server never crashes a client',
    promise:
      'A server sending garbage, truncated JSON or a 100 MB line ends the watch with an error; the informer ' +
      'recovers and nothing crashes.',
    files: [
      { project: 'unit', file: 'test/runtime/bad-input/watch-malformed.test.ts', shows: 'malformed watch streams' },
      {
        project: 'unit',
        file: 'test/runtime/bad-input/watch-informer-recovery.test.ts',
        shows: 'informer recovery after them',
      },
    ],
  },
  {
    title: 'Never two leaders',
    promise:
      'A leader cut off from the API server stops leading (its renew deadline passes) before another candidate ' +
      'can acquire the Lease, so two leaders never act at once; failover follows a kill -9 or a release.',
    files: [
      { project: 'e2e', file: 'test/e2e/leaderelection-faults.e2e.test.ts', shows: "the leader's link cut" },
      { project: 'e2e', file: 'test/e2e/leaderelection-two-processes.e2e.test.ts', shows: 'two processes' },
    ],
  },
  {
    title: 'Bad input: a clear error or correct code, never a stack trace or partial output',
    promise:
      'Each hostile generator input (fixtures/bad: malformed YAML/JSON, wrong kinds, v1beta1 CRDs, cyclic $ref, ' +
      'deep nesting, reserved or non-ASCII names, `__proto__`, comment terminators in descriptions...) either ' +
      'generates code that compiles and deep-copies correctly, or fails with a message naming the file and the ' +
      'JSON pointer, writing nothing. Random schemas (fast-check) generate code that compiles. Malformed ' +
      'kubeconfigs fail naming the file and the entry.',
    files: [
      { project: 'unit', file: 'test/generator/bad-input.test.ts', shows: 'fixtures/bad cases' },
      { project: 'unit', file: 'test/generator/fuzz-schemas.test.ts', shows: 'random schemas compile' },
      { project: 'unit', file: 'test/runtime/bad-input/kubeconfig-malformed.test.ts', shows: 'malformed kubeconfigs' },
    ],
  },
  {
    title: 'Secure defaults',
    promise:
      'TLS verification is on unless explicitly disabled (then a warning is logged). Tokens, passwords, client ' +
      'keys and exec-plugin output never appear in logs, errors or thrown messages. `__proto__`, `constructor` ' +
      'and `prototype` keys never pollute prototypes (deepcopy, the fake tracker, apply merges, kubeconfig ' +
      'parsing). There is no `eval` or `new Function` anywhere, generated code included.',
    files: [
      { project: 'unit', file: 'test/security/tls-verification.test.ts', shows: 'TLS on by default' },
      { project: 'unit', file: 'test/security/secrets-in-logs.test.ts', shows: 'secrets never logged' },
      { project: 'unit', file: 'test/security/prototype-pollution.test.ts', shows: 'prototype pollution' },
      { project: 'unit', file: 'test/security/no-eval.test.ts', shows: 'no eval / new Function' },
    ],
  },
];
