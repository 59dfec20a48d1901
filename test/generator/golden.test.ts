// Golden files: each fixtures/cases/<name>/ holds inputs, kgen.config.yaml and expected/; generation must match exactly.
//
// Update with `npm run test:update` (vitest -u) or KGEN_UPDATE_GOLDEN=1; never in CI. Review the diff before committing.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadConfigFile, resolveConfig } from '../../generator/config/load-config.js';
import { loadInputs } from '../../generator/load/load-inputs.js';
import { generate } from '../../generator/pipeline.js';
import { readTree } from '../../generator/write/read-tree.js';
import { writeTree } from '../../generator/write/write-tree.js';
import { typecheckGenerated } from './support/typecheck.js';

const casesDir = fileURLToPath(new URL('../../fixtures/cases/', import.meta.url));
const cases = readdirSync(casesDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

function updating(): boolean {
  const state = expect.getState().snapshotState as unknown as { _updateSnapshot?: string } | undefined;
  const wanted = process.env.KGEN_UPDATE_GOLDEN === '1' || state?._updateSnapshot === 'all';
  if (wanted && process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') {
    throw new Error('golden files are never updated in CI');
  }
  return wanted;
}

describe('golden cases', () => {
  test('there are cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });

  test.each(cases)('%s', async (name) => {
    const dir = join(casesDir, name);
    const config = resolveConfig(await loadConfigFile(dir));
    expect(config.outputDir).toBe(join(dir, 'expected'));
    const inputs = await loadInputs(config, { displayBase: dir });
    const { files } = generate(inputs, { model: config.model, emit: config.emit });
    const again = generate(inputs, { model: config.model, emit: config.emit });
    expect(again.files).toEqual(files);
    if (updating()) {
      await writeTree(config.outputDir, files);
      return;
    }
    const onDisk = await readTree(config.outputDir);
    expect([...onDisk.generated.keys()].sort(), `generated files of ${name}`).toEqual(files.map((f) => f.path).sort());
    for (const f of files) {
      expect(f.content, `${name}/expected/${f.path}`).toBe(onDisk.generated.get(f.path));
    }
  });
});

test('every expected tree and the committed example type-check under the strict settings (tsconfig.generated.json)', async () => {
  const trees: Record<string, { path: string; content: string }[]> = {};
  for (const name of cases) {
    trees[name] = [...(await readTree(join(casesDir, name, 'expected'))).generated].map(([path, content]) => ({
      path,
      content,
    }));
  }
  const example = fileURLToPath(new URL('../../fixtures/example/generated/', import.meta.url));
  trees.example = [...(await readTree(example)).generated].map(([path, content]) => ({ path, content }));
  const result = typecheckGenerated(trees);
  expect(result.files).toBeGreaterThan(40);
  expect(result.diagnostics).toEqual([]);
  expect(result.anyCount).toBe(0);
}, 60_000);
