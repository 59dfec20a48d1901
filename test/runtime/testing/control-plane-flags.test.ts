// Flag assembly for etcd and kube-apiserver: envtest's defaults, and how user flags replace or extend them.
import { describe, expect, it } from 'vitest';
import { apiServerArgs, etcdArgs, mergeFlags } from '../../../runtime/testing/index.js';

const inputs = {
  securePort: 6443,
  etcdUrl: 'http://127.0.0.1:2379',
  certDir: '/d',
  servingCertFile: '/d/apiserver.crt',
  servingKeyFile: '/d/apiserver.key',
  clientCaFile: '/d/ca.crt',
  tokenAuthFile: '/d/tokens.csv',
  serviceAccountKeyFile: '/d/sa.pub',
  serviceAccountSigningKeyFile: '/d/sa.key',
};

function flagMap(args: string[]): Map<string, string> {
  const names = args.map((a) => a.slice(2, a.indexOf('=')));
  expect(new Set(names).size).toBe(names.length);
  return new Map(args.map((a) => [a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
}

describe('apiServerArgs', () => {
  it('binds to loopback with RBAC, both identities, service accounts and no ServiceAccount admission', () => {
    const flags = flagMap(apiServerArgs(inputs));
    expect(flags.get('bind-address')).toBe('127.0.0.1');
    expect(flags.get('secure-port')).toBe('6443');
    expect(flags.get('etcd-servers')).toBe('http://127.0.0.1:2379');
    expect(flags.get('authorization-mode')).toBe('RBAC');
    expect(flags.get('token-auth-file')).toBe('/d/tokens.csv');
    expect(flags.get('client-ca-file')).toBe('/d/ca.crt');
    expect(flags.get('tls-cert-file')).toBe('/d/apiserver.crt');
    expect(flags.get('tls-private-key-file')).toBe('/d/apiserver.key');
    expect(flags.get('service-account-issuer')).toBe('https://127.0.0.1:6443');
    expect(flags.get('service-account-key-file')).toBe('/d/sa.pub');
    expect(flags.get('service-account-signing-key-file')).toBe('/d/sa.key');
    expect(flags.get('service-cluster-ip-range')).toBe('10.0.0.0/24');
    expect(flags.get('disable-admission-plugins')).toBe('ServiceAccount');
  });

  it('lets a map of extra flags replace defaults and add new ones, with or without dashes', () => {
    const flags = flagMap(
      apiServerArgs(inputs, { 'authorization-mode': 'Node,RBAC', '--max-requests-inflight': '1', v: '4' }),
    );
    expect(flags.get('authorization-mode')).toBe('Node,RBAC');
    expect(flags.get('max-requests-inflight')).toBe('1');
    expect(flags.get('v')).toBe('4');
    expect(flags.get('secure-port')).toBe('6443');
  });

  it('lets --name=value arguments replace defaults and appends arguments without a value', () => {
    const args = apiServerArgs(inputs, ['--disable-admission-plugins=', '--watch-cache=false', '--some-switch']);
    expect(args.at(-1)).toBe('--some-switch');
    const flags = flagMap(args.slice(0, -1));
    expect(flags.get('disable-admission-plugins')).toBe('');
    expect(flags.get('watch-cache')).toBe('false');
  });
});

describe('etcdArgs', () => {
  it('runs one member on loopback without fsync', () => {
    const flags = flagMap(etcdArgs({ clientPort: 1, peerPort: 2, dataDir: '/d/etcd' }));
    expect(flags.get('listen-client-urls')).toBe('http://127.0.0.1:1');
    expect(flags.get('advertise-client-urls')).toBe('http://127.0.0.1:1');
    expect(flags.get('listen-peer-urls')).toBe('http://127.0.0.1:2');
    expect(flags.get('initial-cluster')).toBe(`${flags.get('name')}=http://127.0.0.1:2`);
    expect(flags.get('data-dir')).toBe('/d/etcd');
    expect(flags.get('unsafe-no-fsync')).toBe('true');
  });
});

describe('mergeFlags', () => {
  it('keeps defaults first in their order, then new flags, then raw arguments', () => {
    const defaults = new Map([
      ['a', '1'],
      ['b', '2'],
    ]);
    expect(mergeFlags(defaults, ['-x', '--c=3', '--a=9'])).toEqual(['--a=9', '--b=2', '--c=3', '-x']);
    expect(mergeFlags(defaults, undefined)).toEqual(['--a=1', '--b=2']);
  });
});
