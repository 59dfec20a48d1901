// resolveEnvtestBinaries: env overrides, the versioned cache dir, and a helpful error when a binary is missing.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENVTEST_KUBE_VERSION, EnvtestError, resolveEnvtestBinaries } from '../../../runtime/testing/index.js';

let dir: string;

async function fakeBinary(path: string, mode = 0o755): Promise<string> {
  await writeFile(path, '#!/bin/sh\n');
  await chmod(path, mode);
  return path;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kgen-binaries-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolveEnvtestBinaries', () => {
  it('finds both binaries in <KGEN_ENVTEST_DIR>/<version>/bin', async () => {
    const bin = join(dir, ENVTEST_KUBE_VERSION, 'bin');
    await mkdir(bin, { recursive: true });
    await fakeBinary(join(bin, 'kube-apiserver'));
    await fakeBinary(join(bin, 'etcd'));
    expect(resolveEnvtestBinaries({ env: { KGEN_ENVTEST_DIR: dir } })).toEqual({
      kubeApiServer: join(bin, 'kube-apiserver'),
      etcd: join(bin, 'etcd'),
    });
  });

  it('prefers KGEN_KUBE_APISERVER and KGEN_ETCD, and honours another version', async () => {
    const api = await fakeBinary(join(dir, 'my-apiserver'));
    const bin = join(dir, '1.34.0', 'bin');
    await mkdir(bin, { recursive: true });
    const etcd = await fakeBinary(join(bin, 'etcd'));
    expect(
      resolveEnvtestBinaries({ env: { KGEN_ENVTEST_DIR: dir, KGEN_KUBE_APISERVER: api }, version: '1.34.0' }),
    ).toEqual({ kubeApiServer: api, etcd });
  });

  it('tells the user to run hack/setup-envtest.sh when a binary is missing or not executable', async () => {
    const bin = join(dir, ENVTEST_KUBE_VERSION, 'bin');
    await mkdir(bin, { recursive: true });
    await fakeBinary(join(bin, 'kube-apiserver'), 0o644);
    const err = (() => {
      try {
        resolveEnvtestBinaries({ env: { KGEN_ENVTEST_DIR: dir } });
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(EnvtestError);
    expect((err as EnvtestError).code).toBe('ENVTEST_BINARY_MISSING');
    expect((err as Error).message).toContain('hack/setup-envtest.sh');
    expect((err as Error).message).toContain(join(bin, 'kube-apiserver'));
    expect((err as Error).message).toContain(join(bin, 'etcd'));
  });
});
