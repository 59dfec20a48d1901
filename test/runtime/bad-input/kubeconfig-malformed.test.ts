// Malformed kubeconfigs: each fails with a KubeconfigError naming the file and the entry, and no secret in the message.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { KubeconfigError, loadKubeconfig } from '../../../runtime/rest/kubeconfig.js';
import { RestClient } from '../../../runtime/rest/rest-client.js';

const dir = mkdtempSync(join(tmpdir(), 'kgen-bad-kubeconfig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A secret planted in every case: it must never appear in what the error says. */
const secret = 'sekret-token-7f3a9c';

interface BadCase {
  readonly name: string;
  readonly text: string;
  /** Substrings the message must hold besides the file name (the entry, the field). */
  readonly says: readonly string[];
}

function config(parts: { clusters?: string; users?: string; contexts?: string; current?: string }): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${parts.current ?? 'ctx'}`,
    `clusters:\n${parts.clusters ?? '- name: c1\n  cluster: {server: "https://127.0.0.1:6443"}'}`,
    `users:\n${parts.users ?? `- name: u1\n  user: {token: ${secret}}`}`,
    `contexts:\n${parts.contexts ?? '- name: ctx\n  context: {cluster: c1, user: u1}'}`,
    '',
  ].join('\n');
}

const notBase64 = '!!!not*base64***';
const notPem = Buffer.from('this is not a certificate').toString('base64');
const pemB64 = Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n').toString('base64');

const cases: BadCase[] = [
  { name: 'unclosed-quote', text: `users:\n- name: u1\n  user: {token: "${secret}}\n`, says: ['not valid YAML'] },
  { name: 'tab-indent', text: 'clusters:\n\t- name: c1\n', says: ['not valid YAML'] },
  { name: 'two-documents', text: `${config({})}---\n${config({})}`, says: ['not valid YAML'] },
  {
    name: 'alias-bomb',
    text: 'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n',
    says: [],
  },
  { name: 'root-list', text: '- a\n- b\n', says: ['must be a mapping'] },
  { name: 'root-scalar', text: 'hello\n', says: ['must be a mapping'] },
  { name: 'clusters-mapping', text: config({ clusters: '  c1: {server: x}' }), says: ['clusters must be a list'] },
  {
    name: 'users-string',
    text: config({ users: '  "u1"' }).replace('users:\n  "u1"', 'users: u1'),
    says: ['users must be a list'],
  },
  {
    name: 'contexts-number',
    text: config({}).replace(/contexts:\n[\s\S]*$/, 'contexts: 5\n'),
    says: ['contexts must be a list'],
  },
  {
    name: 'cluster-no-name',
    text: config({ clusters: '- cluster: {server: "https://x"}' }),
    says: ['clusters[0] has no name'],
  },
  {
    name: 'user-name-number',
    text: config({ users: `- name: u1\n  user: {token: ${secret}}\n- name: 7\n  user: {}` }),
    says: ['users[1] has no name'],
  },
  { name: 'context-is-string', text: config({ contexts: '- ctx' }), says: ['contexts[0] has no name'] },
  { name: 'empty-file', text: '', says: ['no current-context'] },
  { name: 'no-current-context', text: config({}).replace('current-context: ctx\n', ''), says: ['no current-context'] },
  { name: 'current-context-missing', text: config({ current: 'nope' }), says: ['context "nope" is not defined'] },
  {
    name: 'context-cluster-missing',
    text: config({ contexts: '- name: ctx\n  context: {cluster: nope, user: u1}' }),
    says: ['context "ctx"', 'cluster "nope"'],
  },
  {
    name: 'context-user-missing',
    text: config({ contexts: '- name: ctx\n  context: {cluster: c1, user: nope}' }),
    says: ['context "ctx"', 'user "nope"'],
  },
  { name: 'context-without-body', text: config({ contexts: '- name: ctx' }), says: ['context "ctx"'] },
  {
    name: 'cluster-no-server',
    text: config({ clusters: '- name: c1\n  cluster: {}' }),
    says: ['cluster "c1" has no server'],
  },
  {
    name: 'server-number',
    text: config({ clusters: '- name: c1\n  cluster: {server: 6443}' }),
    says: ['cluster "c1" has no server'],
  },
  {
    name: 'cluster-body-string',
    text: config({ clusters: '- name: c1\n  cluster: https://x' }),
    says: ['cluster "c1"'],
  },
  {
    name: 'token-and-basic',
    text: config({ users: `- name: u1\n  user: {token: ${secret}, username: bob, password: ${secret}}` }),
    says: ['user "u1"', 'token and basic auth'],
  },
  {
    name: 'auth-provider',
    text: config({ users: '- name: u1\n  user: {auth-provider: {name: gcp}}' }),
    says: ['user "u1"', 'auth-provider'],
  },
  {
    name: 'exec-not-mapping',
    text: config({ users: '- name: u1\n  user: {exec: "aws eks get-token"}' }),
    says: ['user "u1"', 'exec must be a mapping'],
  },
  {
    name: 'exec-no-command',
    text: config({ users: '- name: u1\n  user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1}}' }),
    says: ['user "u1"', 'no command'],
  },
  {
    name: 'exec-env-no-name',
    text: config({
      users: `- name: u1\n  user: {exec: {command: x, apiVersion: client.authentication.k8s.io/v1beta1, env: [{value: ${secret}}]}}`,
    }),
    says: ['user "u1"', 'env[0] has no name'],
  },
  {
    name: 'exec-bad-api-version',
    text: config({ users: '- name: u1\n  user: {exec: {command: x, apiVersion: v9}}' }),
    says: ['user "u1"', 'v9'],
  },
  {
    name: 'exec-bad-interactive-mode',
    text: config({
      users:
        '- name: u1\n  user: {exec: {command: x, apiVersion: client.authentication.k8s.io/v1beta1, interactiveMode: Sometimes}}',
    }),
    says: ['user "u1"', 'Sometimes'],
  },
  {
    name: 'exec-v1-without-mode',
    text: config({ users: '- name: u1\n  user: {exec: {command: x, apiVersion: client.authentication.k8s.io/v1}}' }),
    says: ['user "u1"', 'interactiveMode'],
  },
  { name: 'binary-garbage', text: '\u0000\u0001\u0002\u00ff{{{[[[', says: [] },
  // Caught at load (as clientcmd validates) rather than later, far from the file and entry that caused them.
  {
    name: 'server-not-url',
    text: config({ clusters: '- name: c1\n  cluster: {server: "not a url"}' }),
    says: ['cluster "c1"', 'server'],
  },
  {
    name: 'server-ftp',
    text: config({ clusters: '- name: c1\n  cluster: {server: "ftp://127.0.0.1"}' }),
    says: ['cluster "c1"', 'server'],
  },
  {
    name: 'ca-data-not-base64',
    text: config({
      clusters: `- name: c1\n  cluster: {server: "https://x", certificate-authority-data: "${notBase64}"}`,
    }),
    says: ['cluster "c1"', 'certificate-authority-data'],
  },
  {
    name: 'ca-data-not-pem',
    text: config({ clusters: `- name: c1\n  cluster: {server: "https://x", certificate-authority-data: ${notPem}}` }),
    says: ['cluster "c1"', 'certificate-authority-data'],
  },
  {
    name: 'ca-file-missing',
    text: config({
      clusters: '- name: c1\n  cluster: {server: "https://x", certificate-authority: /nonexistent/ca.crt}',
    }),
    says: ['cluster "c1"', 'certificate-authority'],
  },
  {
    name: 'cert-without-key',
    text: config({ users: `- name: u1\n  user: {client-certificate-data: ${notPem}}` }),
    says: ['user "u1"', 'client-key'],
  },
  {
    name: 'insecure-with-ca',
    text: config({
      clusters: `- name: c1\n  cluster: {server: "https://x", insecure-skip-tls-verify: true, certificate-authority-data: ${notPem}}`,
    }),
    says: ['cluster "c1"', 'insecure'],
  },
  {
    name: 'server-with-userinfo-not-url',
    text: config({ clusters: `- name: c1\n  cluster: {server: "https://u:${secret}@ x"}` }),
    says: ['cluster "c1"', 'server'],
  },
  {
    name: 'key-without-cert',
    text: config({ users: `- name: u1\n  user: {client-key-data: ${notPem}}` }),
    says: ['user "u1"', 'client-certificate'],
  },
  {
    name: 'cert-data-not-base64',
    text: config({
      users: `- name: u1\n  user: {client-certificate-data: "${notBase64}", client-key-data: ${notPem}}`,
    }),
    says: ['user "u1"', 'client-certificate-data', 'base64'],
  },
  {
    name: 'key-data-not-pem',
    text: config({
      users: `- name: u1\n  user: {client-certificate-data: ${pemB64}, client-key-data: ${notPem}}`,
    }),
    says: ['user "u1"', 'client-key-data', 'PEM'],
  },
  {
    name: 'client-key-file-missing',
    text: config({
      users: `- name: u1\n  user: {client-certificate-data: ${pemB64}, client-key: /nonexistent/client.key}`,
    }),
    says: ['user "u1"', 'client-key', 'does not exist'],
  },
  {
    name: 'insecure-with-ca-file',
    text: config({
      clusters:
        '- name: c1\n  cluster: {server: "https://x", insecure-skip-tls-verify: true, certificate-authority: ca.crt}',
    }),
    says: ['cluster "c1"', 'insecure-skip-tls-verify'],
  },
];

/** Loads the kubeconfig and builds a client from it, as a user's program would; returns what was thrown. */
async function failure(c: BadCase): Promise<{ file: string; err: unknown }> {
  const sub = join(dir, c.name);
  mkdirSync(sub, { recursive: true });
  const file = join(sub, 'config');
  writeFileSync(file, c.text);
  try {
    const { config } = loadKubeconfig({ kubeconfig: file, env: {} });
    const client = new RestClient(config);
    await client.close();
    return { file, err: undefined };
  } catch (err) {
    return { file, err };
  }
}

describe('malformed kubeconfigs', () => {
  it('there are at least 30 rejected cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const { file, err } = await failure(c);
    expect(err).toBeInstanceOf(KubeconfigError);
    const e = err as KubeconfigError;
    expect(e.code).toBe('KUBE_CONFIG_INVALID');
    expect(e.message).toContain(file);
    for (const s of c.says) {
      expect(e.message).toContain(s);
    }
    expect(inspect(e, { depth: 10 })).not.toContain(secret);
  });
});

describe('kubeconfig errors never carry secrets', () => {
  it('a YAML error near a token keeps the position but not the parser error (whose excerpt quotes the token)', async () => {
    const { err } = await failure({
      name: 'leak-cause',
      text: `users:\n- name: u1\n  user: {token: "${secret}}\n`,
      says: [],
    });
    expect(err).toBeInstanceOf(KubeconfigError);
    expect((err as Error).message).toMatch(/not valid YAML at line \d+, column \d+/);
    expect((err as Error).cause).toBeUndefined();
    expect(inspect(err, { depth: 10 })).not.toContain(secret);
  });
});

describe('a RestClient built from a valid kubeconfig', () => {
  it('names the CA file when it disappeared after loading, instead of a bare ENOENT', async () => {
    const sub = join(dir, 'ca-vanished');
    mkdirSync(sub, { recursive: true });
    const ca = join(sub, 'ca.crt');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    const file = join(sub, 'config');
    writeFileSync(
      file,
      config({ clusters: '- name: c1\n  cluster: {server: "https://x", certificate-authority: ca.crt}' }),
    );
    const { config: rest } = loadKubeconfig({ kubeconfig: file, env: {} });
    rmSync(ca);
    let err: unknown;
    try {
      await new RestClient(rest).close();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KubeconfigError);
    expect((err as Error).message).toContain(ca);
    expect((err as Error).message).toContain('certificate-authority');
  });
});
