// The default User-Agent carries the version of package.json, read once.
import { readFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

/** A fresh copy of the module, with package.json reads answered by `answer` and counted. */
async function withPackageJson(answer: () => string): Promise<{
  mod: typeof import('../../../runtime/rest/user-agent.js');
  reads: () => number;
}> {
  let reads = 0;
  vi.resetModules();
  vi.doMock('node:fs', async (importOriginal) => {
    const real = await importOriginal<typeof import('node:fs')>();
    const fake = (path: Parameters<typeof real.readFileSync>[0], options?: unknown): string | Buffer => {
      if (String(path).endsWith('/package.json')) {
        reads++;
        return answer();
      }
      return real.readFileSync(path, options as BufferEncoding);
    };
    return { ...real, readFileSync: fake, default: { ...real, readFileSync: fake } };
  });
  const mod = await import('../../../runtime/rest/user-agent.js');
  return { mod, reads: () => reads };
}

afterEach(() => {
  vi.doUnmock('node:fs');
  vi.resetModules();
});

describe('defaultUserAgent', () => {
  it('is kgen/<version of package.json> (<os>/<arch>)', async () => {
    const { defaultUserAgent, kgenVersion } = await import('../../../runtime/rest/user-agent.js');
    expect(kgenVersion()).toBe(pkg.version);
    expect(defaultUserAgent()).toBe(`kgen/${pkg.version} (${platform()}/${arch()})`);
  });

  it('follows package.json, which is read once', async () => {
    const { mod, reads } = await withPackageJson(() => JSON.stringify({ name: 'kgen', version: '9.8.7-test.1' }));
    expect(mod.defaultUserAgent()).toBe(`kgen/9.8.7-test.1 (${platform()}/${arch()})`);
    expect(mod.defaultUserAgent()).toBe(`kgen/9.8.7-test.1 (${platform()}/${arch()})`);
    expect(reads()).toBe(1);
  });

  it('says "unknown" when package.json cannot be read or has no version', async () => {
    const missing = await withPackageJson(() => {
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    });
    expect(missing.mod.kgenVersion()).toBe('unknown');
    const noVersion = await withPackageJson(() => '{"name":"kgen"}');
    expect(noVersion.mod.defaultUserAgent()).toBe(`kgen/unknown (${platform()}/${arch()})`);
  });
});
