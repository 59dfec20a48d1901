// loadCrds: CRDs from corpus files, directories and objects; sources without a CRD are an error.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnvtestError, loadCrds } from '../../../runtime/testing/index.js';

// The shared corpus sits next to the checkout.
const corpus = fileURLToPath(new URL('../../../../shared/corpus/crds', import.meta.url));
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kgen-crd-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const nameOf = (crd: Record<string, unknown>) => (crd.metadata as { name: string }).name;

describe('loadCrds', () => {
  it('reads a CRD file from the corpus', async () => {
    const crds = await loadCrds([join(corpus, 'sample-controller__Foo.yaml')]);
    expect(crds.map(nameOf)).toEqual(['foos.samplecontroller.k8s.io']);
  });

  it('reads every CRD of a directory, in file-name order, and passes objects through', async () => {
    const object = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'x.y' },
    };
    const crds = await loadCrds([corpus, object]);
    expect(crds.length).toBeGreaterThanOrEqual(20);
    expect(crds.at(-1)).toBe(object);
    expect(crds.map(nameOf)).toContain('certificates.cert-manager.io');
  });

  it('keeps only the CRDs of a multi-document file', async () => {
    const file = join(dir, 'mixed.yaml');
    await writeFile(
      file,
      [
        'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}',
        'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}',
      ].join('\n---\n'),
    );
    expect((await loadCrds([file])).map(nameOf)).toEqual(['widgets.example.com']);
  });

  it('rejects a file without any CRD', async () => {
    const file = join(dir, 'none.yaml');
    await writeFile(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    const err = await loadCrds([file]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvtestError);
    expect((err as EnvtestError).code).toBe('ENVTEST_CRD_FAILED');
    expect((err as Error).message).toContain(file);
  });
});
