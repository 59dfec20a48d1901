// Vitest projects: `unit` needs no API server; `e2e` runs against one envtest (real kube-apiserver + etcd).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'examples/**/test/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'test/e2e/**', 'examples/**/test/e2e/**'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts', 'examples/**/test/e2e/**/*.e2e.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          // One API server is shared by the suite; files run one at a time so that tests which start their
          // own API server (restarts, compaction, tiny max-requests-inflight) do not starve each other on 2 cores.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
