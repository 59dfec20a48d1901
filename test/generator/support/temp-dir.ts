// Temporary directories for generator tests: created under the OS temp dir, removed after each test.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

const created: string[] = [];

afterEach(async () => {
  for (const d of created.splice(0)) {
    await rm(d, { recursive: true, force: true });
  }
});

/** A fresh directory, deleted after the current test. */
export async function tempDir(prefix = 'kgen-test-'): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), prefix));
  created.push(d);
  return d;
}

/** Writes `files` (relative path → text) under `root`, creating directories. */
export async function writeFiles(root: string, files: Readonly<Record<string, string>>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    const p = join(root, rel);
    await mkdir(dirname(p), { recursive: true });
    await writeFile(p, text);
  }
}

/** A minimal valid CRD as YAML. */
export function crdYaml(
  opts: { group?: string; kind?: string; plural?: string; scope?: string; version?: string; extra?: string } = {},
): string {
  const kind = opts.kind ?? 'Foo';
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${opts.plural ?? 'foos'}.${opts.group ?? 'example.com'}
spec:
  group: ${opts.group ?? 'example.com'}
  scope: ${opts.scope ?? 'Namespaced'}
  names:
    kind: ${kind}
    plural: ${opts.plural ?? 'foos'}
  versions:
    - name: ${opts.version ?? 'v1'}
      served: true
      storage: true
      subresources:
        status: {}
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size:
                  type: integer
${opts.extra ?? ''}`;
}
