// Kubeconfig user entries beyond tokens: exec plugins (validated, paths resolved), impersonation, auth-provider.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KubeconfigError, loadKubeconfig } from '../../../runtime/rest/kubeconfig.js';

function kubeconfig(user: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kgen-kubeconfig-users-'));
  const file = join(dir, 'config');
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
current-context: c
clusters:
- name: k
  cluster: { server: "https://k.example" }
contexts:
- name: c
  context: { cluster: k, user: u }
users:
- name: u
  user:
${user
  .trim()
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
`,
  );
  return file;
}

describe('kubeconfig users', () => {
  it('reads an exec block; a command with a path separator resolves against the file, a bare name stays on PATH', () => {
    const file = kubeconfig(`
exec:
  apiVersion: client.authentication.k8s.io/v1beta1
  command: bin/get-token
  args: [--region, eu]
  env: [{ name: A, value: b }]
  provideClusterInfo: true
  installHint: get it from example.com`);
    const exec = loadKubeconfig({ kubeconfig: file }).config.auth?.exec;
    expect(exec).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: join(file, '..', 'bin/get-token'),
      args: ['--region', 'eu'],
      env: [{ name: 'A', value: 'b' }],
      provideClusterInfo: true,
      installHint: 'get it from example.com',
    });
    const bare = kubeconfig(`
exec: { apiVersion: client.authentication.k8s.io/v1, command: aws, interactiveMode: Never }`);
    expect(loadKubeconfig({ kubeconfig: bare }).config.auth?.exec?.command).toBe('aws');
  });

  it.each([
    [
      'v1 without interactiveMode',
      'exec: { apiVersion: client.authentication.k8s.io/v1, command: x }',
      /interactiveMode must be set/,
    ],
    [
      'an unknown apiVersion',
      'exec: { apiVersion: client.authentication.k8s.io/v1alpha1, command: x }',
      /not supported/,
    ],
    ['no command', 'exec: { apiVersion: client.authentication.k8s.io/v1beta1 }', /exec has no command/],
    ['an auth-provider', 'auth-provider: { name: oidc }', /auth-provider plugin/],
  ])('rejects %s, naming the file and user', (_name, user, message) => {
    const file = kubeconfig(user);
    expect(() => loadKubeconfig({ kubeconfig: file })).toThrow(KubeconfigError);
    expect(() => loadKubeconfig({ kubeconfig: file })).toThrow(message);
    expect(() => loadKubeconfig({ kubeconfig: file })).toThrow(`${file}: user "u"`);
  });

  it('reads impersonation: as, as-uid, as-groups and as-user-extra', () => {
    const file = kubeconfig(`
token: t
as: jane
as-uid: "42"
as-groups: [dev, ops]
as-user-extra: { scopes: [view, edit] }`);
    expect(loadKubeconfig({ kubeconfig: file }).config.impersonate).toEqual({
      userName: 'jane',
      uid: '42',
      groups: ['dev', 'ops'],
      extra: { scopes: ['view', 'edit'] },
    });
  });

  it('lets a token win over an exec block, as client-go does', () => {
    const file = kubeconfig(`
token: t
exec: { apiVersion: client.authentication.k8s.io/v1, command: x, interactiveMode: Never }`);
    const { auth } = loadKubeconfig({ kubeconfig: file }).config;
    expect(auth?.bearerToken).toBe('t');
    expect(auth?.exec).toBeUndefined();
  });
});
