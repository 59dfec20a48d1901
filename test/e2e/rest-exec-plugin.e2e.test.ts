// A kubeconfig user whose exec credential plugin prints envtest's token: requests authenticate through the plugin.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUnauthorized } from '../../runtime/errors/api-error.js';
import { loadKubeconfig } from '../../runtime/rest/kubeconfig.js';
import { ResourceClient } from '../../runtime/rest/resource-client.js';
import { RestClient } from '../../runtime/rest/rest-client.js';
import { testEnv, uniqueNamespace } from './support/env.js';

// The plugin prints the token stored in TOKEN_FILE (or the client certificate and key in CERT_FILE and KEY_FILE)
// and counts its runs in RUNS_FILE.
const plugin = `#!/usr/bin/env node
const fs = require('node:fs');
const e = process.env;
fs.appendFileSync(e.RUNS_FILE, 'run\\n');
const info = JSON.parse(e.KUBERNETES_EXEC_INFO);
const status = e.CERT_FILE
  ? { clientCertificateData: fs.readFileSync(e.CERT_FILE, 'utf8'), clientKeyData: fs.readFileSync(e.KEY_FILE, 'utf8') }
  : { token: fs.readFileSync(e.TOKEN_FILE, 'utf8').trim() };
process.stdout.write(JSON.stringify({ kind: 'ExecCredential', apiVersion: info.apiVersion, status }));
`;

describe('an exec credential plugin against envtest', () => {
  it('authenticates requests with the token it prints, and re-runs it after a 401', async () => {
    const env = testEnv();
    const dir = mkdtempSync(join(tmpdir(), 'kgen-exec-e2e-'));
    const runs = join(dir, 'runs');
    const tokenFile = join(dir, 'token');
    writeFileSync(join(dir, 'plugin.cjs'), plugin);
    chmodSync(join(dir, 'plugin.cjs'), 0o755);
    // The first run prints a token the server rejects: the 401 makes the client run the plugin again.
    writeFileSync(tokenFile, 'not-a-valid-token');
    writeFileSync(join(dir, 'ca.crt'), env.caPem);
    const kubeconfig = join(dir, 'config');
    writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'exec',
        clusters: [{ name: 'envtest', cluster: { server: env.server, 'certificate-authority': 'ca.crt' } }],
        users: [
          {
            name: 'exec-user',
            user: {
              exec: {
                apiVersion: 'client.authentication.k8s.io/v1',
                command: './plugin.cjs',
                env: [
                  { name: 'TOKEN_FILE', value: tokenFile },
                  { name: 'RUNS_FILE', value: runs },
                ],
                interactiveMode: 'Never',
                provideClusterInfo: true,
              },
            },
          },
        ],
        contexts: [{ name: 'exec', context: { cluster: 'envtest', user: 'exec-user' } }],
      }),
    );
    const rest = new RestClient({ ...loadKubeconfig({ kubeconfig }).config, qps: -1 });
    const runCount = () => readFileSync(runs, 'utf8').split('\n').filter(Boolean).length;
    try {
      const ns = await uniqueNamespace('exec');
      const cms = new ResourceClient<{ metadata?: { name?: string } }>({
        rest,
        gvr: { group: '', version: 'v1', resource: 'configmaps' },
        namespaced: true,
        namespace: ns,
      });
      // Both runs print the bad token: one refresh, then the 401 is the caller's.
      await expect(cms.list()).rejects.toSatisfy(isUnauthorized);
      expect(runCount()).toBe(2);

      writeFileSync(tokenFile, env.token);
      await cms.create({ metadata: { name: 'via-exec' } });
      expect(runCount()).toBe(3);
      expect((await cms.get('via-exec')).metadata?.name).toBe('via-exec');
      const watch = await cms.watch({ resourceVersion: '0' });
      for await (const ev of watch) {
        expect(ev.object.metadata?.name).toBe('via-exec');
        break;
      }
      expect(runCount()).toBe(3);
    } finally {
      await rest.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('authenticates with a client certificate and key the plugin returns', async () => {
    const env = testEnv();
    const dir = mkdtempSync(join(tmpdir(), 'kgen-exec-cert-e2e-'));
    const command = join(dir, 'plugin.cjs');
    writeFileSync(command, plugin);
    chmodSync(command, 0o755);
    writeFileSync(join(dir, 'cert.pem'), env.clientCertPem);
    writeFileSync(join(dir, 'key.pem'), env.clientKeyPem);
    const rest = new RestClient({
      host: env.server,
      tls: { caData: env.caPem },
      qps: -1,
      auth: {
        exec: {
          command,
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          env: [
            { name: 'CERT_FILE', value: join(dir, 'cert.pem') },
            { name: 'KEY_FILE', value: join(dir, 'key.pem') },
            { name: 'RUNS_FILE', value: join(dir, 'runs') },
          ],
        },
      },
    });
    try {
      const review = await rest.request<{ status: { userInfo: { username: string; groups: string[] } } }>({
        method: 'POST',
        path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      });
      // The certificate identity (CN=kgen-admin, O=system:masters), not the token user.
      expect(review.status.userInfo.username).toBe('kgen-admin');
      expect(review.status.userInfo.groups).toContain('system:masters');
    } finally {
      await rest.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
