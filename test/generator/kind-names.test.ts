// Per-package kind names: code names, accessors and file names stay valid and unique whatever the kinds are called.
import { describe, expect, test } from 'vitest';
import { buildModel } from '../../generator/model/build-model.js';
import { isIdentifier, lowerIdentifier } from '../../generator/model/names.js';
import { crdSources } from './support/sources.js';

function crd(kind: string, plural: string, group = 'example.com'): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${plural}.${group}}
spec:
  group: ${group}
  scope: Namespaced
  names: {kind: ${kind}, plural: ${plural}}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object}}
`;
}

function kindsOf(...docs: string[]): { kind: string; codeName: string; pluralName: string; fileName: string }[] {
  const { model } = buildModel({ crds: crdSources('crds.yaml', docs.join('---\n')), openapi: [] });
  return model.packages.flatMap((p) =>
    p.kinds.map((k) => ({ kind: k.kind, codeName: k.codeName, pluralName: k.pluralName, fileName: k.fileName })),
  );
}

describe('kind names in a package', () => {
  test('kinds that clean up to one identifier get numbered code names, in kind order', () => {
    expect(kindsOf(crd('foo-bar', 'foo-bars'), crd('FooBar', 'foobarz'), crd('Foo-Bar2', 'foo-bar2s'))).toEqual([
      { kind: 'Foo-Bar2', codeName: 'FooBar2', pluralName: 'FooBar2s', fileName: 'foo-bar2' },
      { kind: 'FooBar', codeName: 'FooBar', pluralName: 'FooBarz', fileName: 'foobar' },
      { kind: 'foo-bar', codeName: 'FooBar3', pluralName: 'FooBars', fileName: 'foo-bar' },
    ]);
  });

  test('kinds that differ only in case get different files', () => {
    const kinds = kindsOf(crd('FooBar', 'foobars'), crd('Foobar', 'foobarz'));
    expect(kinds.map((k) => k.fileName)).toEqual(['foobar', 'foobar2']);
    expect(kinds.map((k) => k.codeName)).toEqual(['FooBar', 'Foobar']);
  });

  test('accessors that differ only in case of their first word are numbered', () => {
    // Both plural names lower to the accessor `fooBars`.
    const kinds = kindsOf(crd('FooBar', 'foobars'), crd('foo-bar', 'foo-bars'));
    const accessors = kinds.map((k) => lowerIdentifier(k.pluralName));
    expect(new Set(accessors).size).toBe(2);
    expect(accessors.every(isIdentifier)).toBe(true);
  });

  test("kinds named like a folder's fixed files, and accessors no class member may take, are renamed", () => {
    const kinds = kindsOf(
      crd('Index', 'indices'),
      crd('Group-Client', 'group-clients'),
      crd('Interface', 'interfaces'),
      crd('Constructor', 'constructor'),
    );
    expect(kinds.map((k) => k.fileName).sort()).toEqual([
      'constructor',
      'group-client-kind',
      'index-kind',
      'interface-kind',
    ]);
    const ctor = kinds.find((k) => k.kind === 'Constructor')!;
    expect(lowerIdentifier(ctor.pluralName)).toBe('constructorResource');
  });

  test('a group that starts with a digit gets a valid accessor', () => {
    const { model } = buildModel({
      crds: crdSources('crds.yaml', crd('Widget', 'widgets', '1group.example.com')),
      openapi: [],
    });
    expect(model.packages.map((p) => [p.path, p.groupGoName, p.codeName])).toEqual([
      ['apis/group1group/v1', 'Group1group', 'group1groupV1'],
    ]);
  });
});
