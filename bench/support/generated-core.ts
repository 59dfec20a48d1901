// Generates kgen's core/v1 types and deepcopy from the Kubernetes v1.35 OpenAPI v3 document into a temp dir.
//
// The built-in clientset is not committed yet, so benchmarks that need the real Pod deepCopy generate it at start
// with the generator API. The temp dir gets a node_modules/kgen link to this repo so `kgen/runtime` resolves.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig, updateCodegen } from '../../generator/index.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/** A generated tree and how to remove it. */
export interface GeneratedCore {
  /** Root of the generated output (`apis/core/v1/deepcopy.ts` is under it). */
  dir: string;
  dispose(): void;
}

/** Runs the generator on api__v1_openapi.json (which also emits meta/v1 and the other referenced groups). */
export async function generateCoreV1(): Promise<GeneratedCore> {
  const root = mkdtempSync(join(tmpdir(), 'kgen-bench-core-'));
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(repo, join(root, 'node_modules', 'kgen'), 'dir');
  const out = join(root, 'out');
  const config = resolveConfig({
    config: { inputs: ['openapi/v3/api__v1_openapi.json'], outputDir: out },
    baseDir: join(repo, '../shared/corpus'),
    file: undefined,
  });
  await updateCodegen(config);
  return { dir: out, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
