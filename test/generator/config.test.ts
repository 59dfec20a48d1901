// kgen.config: finding the file, validating it with located errors, and merging it with command-line options.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parsePluralExceptions } from '../../generator/config/config.js';
import { loadConfigFile, resolveConfig } from '../../generator/config/load-config.js';
import { GeneratorError } from '../../generator/errors.js';
import { tempDir, writeFiles } from './support/temp-dir.js';

async function rejection(p: Promise<unknown>): Promise<GeneratorError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof GeneratorError) {
      return err;
    }
    throw err;
  }
  throw new Error('expected a GeneratorError');
}

describe('loadConfigFile', () => {
  test('finds kgen.config.yaml and validates it', async () => {
    const root = await tempDir();
    await writeFiles(root, {
      'kgen.config.yaml': [
        'inputs: [crds]',
        'outputDir: out',
        'withWatch: true',
        'pluralExceptions: Endpoints:Endpoints',
        'kinds:',
        '  example.com/Foo:',
        '    nonNamespaced: true',
        '    onlyVerbs: [get, list]',
        '    methods:',
        '      - {name: getScale, verb: get, subresource: scale, result: autoscaling/v1.Scale}',
        'groups:',
        '  example.com: {goName: Example}',
      ].join('\n'),
    });
    const loaded = await loadConfigFile(root);
    expect(loaded.file).toBe('kgen.config.yaml');
    expect(loaded.baseDir).toBe(root);
    expect(loaded.config).toEqual({
      inputs: ['crds'],
      outputDir: 'out',
      withWatch: true,
      pluralExceptions: { Endpoints: 'Endpoints' },
      kinds: {
        'example.com/Foo': {
          nonNamespaced: true,
          onlyVerbs: ['get', 'list'],
          methods: [{ name: 'getScale', verb: 'get', subresource: 'scale', result: 'autoscaling/v1.Scale' }],
        },
      },
      groups: { 'example.com': { goName: 'Example' } },
    });
  });

  test('falls back to package.json#kgen, then to an empty config', async () => {
    const root = await tempDir();
    expect(await loadConfigFile(root)).toEqual({ config: {}, baseDir: root, file: undefined });
    await writeFiles(root, { 'package.json': JSON.stringify({ name: 'x', kgen: { inputs: ['a.yaml'] } }) });
    expect((await loadConfigFile(root)).config).toEqual({ inputs: ['a.yaml'] });
  });

  test('errors name the file, line and pointer', async () => {
    const root = await tempDir();
    await writeFiles(root, { 'kgen.config.yaml': 'inputs: [a]\nkinds:\n  Foo:\n    onlyVerbs: [get, fly]\n' });
    const err = await rejection(loadConfigFile(root));
    expect(err).toMatchObject({
      code: 'KGEN_CONFIG_INVALID',
      file: 'kgen.config.yaml',
      pointer: '/kinds/Foo/onlyVerbs/1',
      line: 4,
    });
    expect(err.message).toContain('unknown verb "fly"');
    await writeFiles(root, { 'kgen.config.yaml': 'inputz: [a]\n' });
    expect((await rejection(loadConfigFile(root))).message).toContain('unknown option "inputz"');
    await writeFiles(root, { 'kgen.config.yaml': 'withWatch: yes please\n' });
    expect(await rejection(loadConfigFile(root))).toMatchObject({ pointer: '/withWatch', line: 1 });
  });

  test('extra methods: Go-style names become TypeScript ones; bad fields, names, subresources and types are named', async () => {
    const root = await tempDir();
    const config = (method: string) => `kinds:\n  Foo:\n    methods:\n      - ${method}\n`;
    await writeFiles(root, {
      'kgen.config.yaml': config(
        '{name: CreateToken, verb: create, subresource: token, input: authentication.k8s.io/v1.TokenRequest}',
      ),
    });
    expect((await loadConfigFile(root)).config.kinds?.Foo?.methods).toEqual([
      { name: 'createToken', verb: 'create', subresource: 'token', input: 'authentication.k8s.io/v1.TokenRequest' },
    ]);
    const cases: [string, string, string][] = [
      ['{name: x, verb: get, resutl: v1.Pod}', '/kinds/Foo/methods/0/resutl', 'unknown method field "resutl"'],
      ['{name: get-logs, verb: get}', '/kinds/Foo/methods/0/name', 'is not an identifier'],
      ['{name: UpdateStatus, verb: update}', '/kinds/Foo/methods/0/name', 'already has updateStatus'],
      ['{name: getScale, verb: get, subresource: status}', '/kinds/Foo/methods/0/name', 'already has getScale'],
      ['{name: x, verb: get, subresource: Log}', '/kinds/Foo/methods/0/subresource', 'is not a resource name'],
      ['{name: x, verb: create, input: TokenRequest}', '/kinds/Foo/methods/0/input', 'is not a type reference'],
      [
        '{name: x, verb: list, subresource: log}',
        '/kinds/Foo/methods/0/subresource',
        'a list method takes no subresource',
      ],
    ];
    for (const [method, pointer, problem] of cases) {
      await writeFiles(root, { 'kgen.config.yaml': config(method) });
      const err = await rejection(loadConfigFile(root));
      expect(err, method).toMatchObject({ code: 'KGEN_CONFIG_INVALID', file: 'kgen.config.yaml', pointer, line: 4 });
      expect(err.message, method).toContain(problem);
    }
  });

  test('an explicitly named config must exist', async () => {
    const root = await tempDir();
    expect(await rejection(loadConfigFile(root, 'nope.yaml'))).toMatchObject({ code: 'KGEN_CONFIG_NOT_FOUND' });
  });
});

describe('resolveConfig', () => {
  test('paths are relative to the config; flags win and their paths are relative to the working directory', () => {
    const loaded = {
      config: { inputs: ['crds'], outputDir: 'gen', boilerplate: 'b.txt', oneInputApi: 'example.com/v1' },
      baseDir: '/cfg',
      file: 'kgen.config.yaml',
    };
    const fromFile = resolveConfig(loaded, {}, '/cwd');
    expect(fromFile).toMatchObject({
      baseDir: '/cfg',
      inputs: ['crds'],
      outputDir: '/cfg/gen',
      boilerplatePath: '/cfg/b.txt',
    });
    expect(fromFile.model.select).toEqual([{ group: 'example.com', version: 'v1' }]);
    expect(fromFile.emit).toMatchObject({
      runtimeImport: 'kgen/runtime',
      // Listers and informers are generated unless a config or flag says withWatch: false.
      withWatch: true,
      clientsetName: 'clientset',
    });
    const withFlags = resolveConfig(
      loaded,
      { inputs: ['x.yaml'], outputDir: 'out', withWatch: false, fromCluster: true, kubeconfig: 'kc' },
      '/cwd',
    );
    expect(withFlags).toMatchObject({
      baseDir: '/cwd',
      inputs: ['x.yaml'],
      outputDir: join('/cwd', 'out'),
      fromCluster: { kubeconfig: '/cwd/kc' },
    });
    expect(withFlags.emit.withWatch).toBe(false);
  });

  test('plural exceptions in kube_codegen syntax', () => {
    expect(parsePluralExceptions('Endpoints:Endpoints, Octopus:Octopi')).toEqual({
      Endpoints: 'Endpoints',
      Octopus: 'Octopi',
    });
    expect(() => parsePluralExceptions('Endpoints')).toThrow(GeneratorError);
  });
});
