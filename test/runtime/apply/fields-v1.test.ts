// FieldsV1 decoding: path elements, the member marker, leaves, and the text form conflict messages use.
import { describe, expect, test } from 'vitest';
import {
  fieldPaths,
  InvalidFieldsV1Error,
  isFieldSetLeaf,
  parseFieldsV1,
  parsePathElement,
} from '../../../runtime/apply/fields-v1.js';

describe('parsePathElement', () => {
  test.each([
    ['f:replicas', { kind: 'field', name: 'replicas' }],
    ['f:a.b/c', { kind: 'field', name: 'a.b/c' }],
    ['f:', { kind: 'field', name: '' }],
    [
      'k:{"protocol":"TCP","containerPort":80}',
      {
        kind: 'key',
        fields: [
          ['containerPort', 80],
          ['protocol', 'TCP'],
        ],
      },
    ],
    ['v:"example.com/finalizer"', { kind: 'value', value: 'example.com/finalizer' }],
    ['v:3', { kind: 'value', value: 3 }],
    ['i:12', { kind: 'index', index: 12 }],
  ])('%s', (encoded, want) => {
    expect(parsePathElement(encoded)).toEqual(want);
  });

  test.each([
    ['x:foo', /unknown path element/],
    ['replicas', /unknown path element/],
    ['k:["name"]', /not a JSON object/],
    ['k:{name}', /valid JSON/],
    ['v:nope', /valid JSON/],
    ['i:-1', /non-negative integer/],
    ['i:1.5', /non-negative integer/],
  ])('rejects %s', (encoded, message) => {
    let caught: unknown;
    try {
      parsePathElement(encoded);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidFieldsV1Error);
    expect((caught as InvalidFieldsV1Error).code).toBe('KUBE_INVALID_FIELDS_V1');
    expect((caught as Error).message).toMatch(message);
  });
});

describe('parseFieldsV1', () => {
  const set = parseFieldsV1({
    'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
    'f:spec': {
      'f:replicas': {},
      'f:ports': {
        'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:protocol': {}, 'f:name': {} },
      },
    },
    'f:finalizers': { '.': {}, 'v:"a/b"': {} },
  });

  test('an empty object is an owned leaf; "." marks an owned node that has children', () => {
    const metadata = set.children.get('f:metadata')!.node;
    expect(metadata.member).toBe(false);
    const labels = metadata.children.get('f:labels')!.node;
    expect(labels.member).toBe(true);
    expect(isFieldSetLeaf(labels)).toBe(false);
    expect(isFieldSetLeaf(labels.children.get('f:app')!.node)).toBe(true);
    expect(set.member).toBe(false);
  });

  test('fieldPaths prints every owned path in structured-merge-diff form', () => {
    expect(fieldPaths(set)).toEqual([
      '.metadata.labels',
      '.metadata.labels.app',
      '.spec.replicas',
      '.spec.ports[port=80,protocol="TCP"]',
      '.spec.ports[port=80,protocol="TCP"].port',
      '.spec.ports[port=80,protocol="TCP"].protocol',
      '.spec.ports[port=80,protocol="TCP"].name',
      '.finalizers',
      '.finalizers[="a/b"]',
    ]);
  });

  test('an empty document owns nothing', () => {
    expect(fieldPaths(parseFieldsV1({}))).toEqual([]);
  });

  test.each([[null], [[]], ['f:x'], [{ 'f:a': [] }], [{ 'f:a': { 'f:b': 1 } }]])('rejects %j', (doc) => {
    expect(() => parseFieldsV1(doc)).toThrow(InvalidFieldsV1Error);
  });
});
