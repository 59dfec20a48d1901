// ImportTracker: imported names never shadow local declarations or each other; import lines are sorted and stable.
import { describe, expect, test } from 'vitest';
import { relativeModule } from '../../generator/emit/generated-file.js';
import { ImportTracker } from '../../generator/emit/import-tracker.js';

describe('ImportTracker', () => {
  test('aliases names that are taken, keeps the rest, and prints sorted imports', () => {
    const t = new ImportTracker(['ObjectMeta', 'Container']);
    expect(t.type('kgen/runtime', 'ObjectMeta', 'Kgen')).toBe('KgenObjectMeta');
    expect(t.type('kgen/runtime', 'ListMeta', 'Kgen')).toBe('ListMeta');
    expect(t.type('../../core/v1/types.js', 'Container', 'CoreV1')).toBe('CoreV1Container');
    expect(t.type('../../other/v1/types.js', 'Container', 'CoreV1')).toBe('CoreV1Container2');
    expect(t.type('kgen/runtime', 'ListMeta', 'Kgen')).toBe('ListMeta');
    expect(t.value('kgen/runtime', 'deepCopyJson', 'Kgen')).toBe('deepCopyJson');
    expect(t.render()).toBe(
      [
        "import { type ListMeta, type ObjectMeta as KgenObjectMeta, deepCopyJson } from 'kgen/runtime';",
        "import type { Container as CoreV1Container } from '../../core/v1/types.js';",
        "import type { Container as CoreV1Container2 } from '../../other/v1/types.js';",
      ].join('\n'),
    );
  });

  test('long import lists wrap one name per line', () => {
    const t = new ImportTracker([]);
    for (const n of [
      'AVeryLongTypeNameNumberOne',
      'AVeryLongTypeNameNumberTwo',
      'AVeryLongTypeNameNumberThree',
      'AVeryLongTypeNameNumberFour',
    ]) {
      t.type('./types.js', n, '');
    }
    expect(t.render().split('\n')).toEqual([
      'import type {',
      '  AVeryLongTypeNameNumberFour,',
      '  AVeryLongTypeNameNumberOne,',
      '  AVeryLongTypeNameNumberThree,',
      '  AVeryLongTypeNameNumberTwo,',
      "} from './types.js';",
    ]);
  });
});

describe('relativeModule', () => {
  test.each([
    ['apis/apps/v1/types.ts', 'apis/core/v1/types.ts', '../../core/v1/types.js'],
    ['apis/apps/v1/deepcopy.ts', 'apis/apps/v1/types.ts', './types.js'],
    ['apis/apps/v1/types.ts', 'apis/apps/v2/types.ts', '../v2/types.js'],
    ['index.ts', 'apis/a/v1/index.ts', './apis/a/v1/index.js'],
  ])('%s → %s', (from, to, want) => {
    expect(relativeModule(from, to)).toBe(want);
  });
});
