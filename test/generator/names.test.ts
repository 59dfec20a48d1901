// The naming module: package names, plurals, identifiers, string literals and collision handling.
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import {
  defaultGroupGoName,
  groupGoNameOf,
  groupPackageName,
  isIdentifier,
  kindCodeName,
  kindConstName,
  lowerIdentifier,
  NameAllocator,
  nestedTypeName,
  packageCodeName,
  pluralize,
  pluralNameOf,
  propertyAccess,
  propertyKey,
  tsString,
} from '../../generator/model/names.js';

/** Parses `const x = <literal>;` with TypeScript and returns the literal's value, or throws on a syntax error. */
function parseStringLiteral(literal: string): string {
  const sf = ts.createSourceFile('x.ts', `const x = ${literal};`, ts.ScriptTarget.ES2022, true);
  const diagnostics = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  if (diagnostics.length > 0) {
    throw new Error(`syntax error in ${literal}`);
  }
  const stmt = sf.statements[0] as ts.VariableStatement;
  const init = stmt.declarationList.declarations[0]?.initializer;
  if (init === undefined || !ts.isStringLiteral(init) || sf.statements.length !== 1) {
    throw new Error(`not a single string literal: ${literal}`);
  }
  return init.text;
}

describe('groupPackageName', () => {
  test.each([
    ['cnat.programming-kubernetes.info', 'cnat'],
    ['cert-manager.io', 'certmanager'],
    ['', 'core'],
    ['apps', 'apps'],
    ['rbac.authorization.k8s.io', 'rbac'],
    ['Upper.Example.com', 'upper'],
  ])('%s → %s', (group, want) => {
    expect(groupPackageName(group)).toBe(want);
  });

  test('code names follow the Go names', () => {
    expect(packageCodeName(defaultGroupGoName('cnat.programming-kubernetes.info'), 'v1alpha1')).toBe('cnatV1alpha1');
    expect(packageCodeName(defaultGroupGoName('cert-manager.io'), 'v1')).toBe('certmanagerV1');
    expect(packageCodeName(defaultGroupGoName(''), 'v1')).toBe('coreV1');
    expect(packageCodeName('CertManager', 'v1')).toBe('certManagerV1');
  });
});

describe('names in code from odd group, kind and plural names', () => {
  test.each([
    ['1group.example.com', 'Group1group', 'group1groupV1'],
    ['my-group.example.com', 'Mygroup', 'mygroupV1'],
    ['class.example.com', 'Class', 'classV1'],
    ['x', 'X', 'xV1'],
  ])('group %s → %s, accessor %s', (group, goName, accessor) => {
    expect(defaultGroupGoName(group)).toBe(goName);
    expect(packageCodeName(defaultGroupGoName(group), 'v1')).toBe(accessor);
  });

  test.each([
    ['Cert-Manager', 'CertManager'],
    ['certManager', 'CertManager'],
    ['9lives', 'Group9lives'],
    ['--', 'Group'],
  ])('group override %s → %s', (name, want) => {
    expect(groupGoNameOf(name)).toBe(want);
  });

  test.each([
    ['my-kind', 'my-kinds', 'MyKind', 'MyKinds'],
    ['Widget', 'widgets-3', 'Widget', 'Widgets3'],
    ['Gizmo', 'giz-mos', 'Gizmo', 'Gizmos'],
    ['Foo-Bar2', 'foo-bar2s', 'FooBar2', 'FooBar2s'],
    ['At', 'ats', 'At', 'Ats'],
    ['Endpoints', 'endpoints', 'Endpoints', 'Endpoints'],
  ])('kind %s / plural %s → %s / %s', (kind, plural, code, pluralName) => {
    expect(kindCodeName(kind)).toBe(code);
    expect(pluralNameOf(kind, plural, {})).toBe(pluralName);
  });

  test('any kind and plural the API server accepts give identifiers', () => {
    const label = fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/);
    fc.assert(
      fc.property(label, label, fc.boolean(), (kind, plural, upper) => {
        const k = upper ? kind[0]!.toUpperCase() + kind.slice(1) : kind;
        expect(isIdentifier(kindCodeName(k))).toBe(true);
        expect(isIdentifier(lowerIdentifier(pluralNameOf(k, plural, {})))).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?(\.[a-z0-9]{1,5})*$/), (group) => {
        expect(isIdentifier(packageCodeName(defaultGroupGoName(group), 'v1'))).toBe(true);
      }),
    );
  });
});

describe('pluralize (gengo rules)', () => {
  test.each([
    ['Pod', 'Pods'],
    ['Ingress', 'Ingresses'],
    ['Box', 'Boxes'],
    ['Quiz', 'Quizes'],
    ['Branch', 'Branches'],
    ['Mesh', 'Meshes'],
    ['Policy', 'Policies'],
    ['Gateway', 'Gateways'],
    ['Leaf', 'Leaves'],
    ['Knife', 'Knives'],
    ['Endpoints', 'Endpointses'],
  ])('%s → %s', (name, want) => {
    expect(pluralize(name)).toBe(want);
  });

  test('exceptions win', () => {
    expect(pluralize('Endpoints', { Endpoints: 'Endpoints' })).toBe('Endpoints');
  });
});

describe('lowerIdentifier', () => {
  test.each([
    ['APIService', 'apiService'],
    ['HTTPRoute', 'httpRoute'],
    ['URL', 'url'],
    ['Foo', 'foo'],
    ['IPAddress', 'ipAddress'],
    ['already', 'already'],
  ])('%s → %s', (name, want) => {
    expect(lowerIdentifier(name)).toBe(want);
  });

  test('register constants', () => {
    expect(kindConstName('APIService', 'GVK')).toBe('apiServiceGVK');
    expect(kindConstName('At', 'GVR')).toBe('atGVR');
  });
});

describe('nested names and collisions', () => {
  test('path words', () => {
    expect(nestedTypeName('CertificateSpecKeystores', 'jks')).toBe('CertificateSpecKeystoresJks');
    expect(nestedTypeName('At', 'spec')).toBe('AtSpec');
    expect(nestedTypeName('X', 'tls-config')).toBe('XTlsConfig');
    expect(nestedTypeName('X', '$ref')).toBe('XRef');
    expect(nestedTypeName('X', '---')).toBe('XField');
  });

  test('the first request keeps the name, later ones are numbered, reserved globals are avoided', () => {
    const a = new NameAllocator();
    a.reserve('Foo');
    expect(a.allocate('Foo')).toBe('Foo2');
    expect(a.allocate('Foo')).toBe('Foo3');
    expect(a.allocate('Bar')).toBe('Bar');
    expect(a.allocate('Record')).toBe('RecordType');
  });
});

describe('property keys', () => {
  test('bare when possible, quoted otherwise; __proto__ always quoted', () => {
    expect(propertyKey('name')).toBe('name');
    expect(propertyKey('x-kubernetes-a')).toBe("'x-kubernetes-a'");
    expect(propertyKey('123')).toBe("'123'");
    expect(propertyKey('__proto__')).toBe("'__proto__'");
    expect(propertyAccess('o', 'a-b')).toBe("o['a-b']");
    expect(propertyAccess('o', 'constructor')).toBe('o.constructor');
  });
});

describe('tsString', () => {
  test('escapes quotes, backslashes, line terminators and control characters', () => {
    expect(tsString("it's")).toBe("'it\\'s'");
    expect(tsString('a\\b')).toBe("'a\\\\b'");
    expect(tsString('a\u2028b')).toBe("'a\\u2028b'");
    expect(tsString('\u0001')).toBe("'\\u0001'");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax inside plain text is the input under test
    expect(tsString('${x}`')).toBe("'${x}`'");
  });

  test('round-trips any string through the TypeScript parser', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(parseStringLiteral(tsString(s))).toBe(s);
      }),
      { numRuns: 500 },
    );
  });
});
