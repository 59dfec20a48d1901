// `npm run example:cnat` as a user runs it: flags, /readyz once synced, /metrics, and a clean exit on SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, installCrds, loadCrds } from '../../runtime/testing/index.js';
import { testEnv, uniqueNamespace } from './support/env.js';
import { pollUntil } from './support/poll-until.js';

const repo = join(import.meta.dirname, '..', '..');
let child: ChildProcess | undefined;

afterEach(() => {
  if (child?.pid !== undefined && child.exitCode === null) {
    process.kill(child.pid, 'SIGKILL');
  }
  child = undefined;
});

function exited(p: ChildProcess): Promise<number | null> {
  return p.exitCode !== null ? Promise.resolve(p.exitCode) : new Promise((r) => p.once('exit', (code) => r(code)));
}

describe.each([
  { example: 'cnat', crd: 'examples/cnat/crds/at.yaml', queue: 'Ats' },
  { example: 'sample-controller', crd: 'examples/sample-controller/crds/foo.yaml', queue: 'Foos' },
])('npm run example:$example', ({ example, crd, queue }) => {
  it('serves /readyz after the caches sync, exports metrics, takes the lease and exits 0 on SIGTERM', async () => {
    const env = testEnv();
    await installCrds({ server: env.server, caPem: env.caPem, token: env.token }, await loadCrds([join(repo, crd)]));
    const namespace = await uniqueNamespace(example);
    const port = await freePort();
    let output = '';
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repo, 'examples', example, 'src', 'main.ts'),
        '--kubeconfig',
        env.kubeconfigPath,
        '--namespace',
        namespace,
        '--workers',
        '3',
        '--leader-elect',
        '--leader-elect-namespace',
        namespace,
        '--metrics-port',
        String(port),
        '--metrics-host',
        '127.0.0.1',
      ],
      { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (b: Buffer) => {
      output += b.toString();
    });
    child.stderr?.on('data', (b: Buffer) => {
      output += b.toString();
    });
    const p = child;
    const ready = await pollUntil(
      `/readyz of ${example}`,
      async () => {
        if (p.exitCode !== null) {
          throw new Error(`exited ${p.exitCode}: ${output}`);
        }
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        return res.status === 200 ? res.text() : undefined;
      },
      60_000,
    );
    expect(ready).toBe('ok');
    // Queue gauges are refreshed by the queue's periodic unfinished-work update (every 500 ms), so poll for them.
    const metrics = await pollUntil(`workqueue metrics of ${queue}`, async () => {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      return text.includes(`workqueue_unfinished_work_seconds{name="${queue}"}`) ? text : undefined;
    });
    expect(metrics).toMatch(/rest_client_requests_total\{code="200",method="GET",host="127\.0\.0\.1:\d+"\} \d+/);
    expect(metrics).toMatch(/kgen_informer_synced\{informer="\w+"\} 1/);
    p.kill('SIGTERM');
    expect(await exited(p), output).toBe(0);
  });
});
