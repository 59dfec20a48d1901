// Prototype pollution: `__proto__`, `constructor` and `prototype` keys in JSON/YAML input never reach Object.prototype or change lookups.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { labelSelectorAsSelector, parseSelector, selectorFromSet } from '../../runtime/labels/index.js';
import { loadKubeconfig } from '../../runtime/rest/kubeconfig.js';

const dir = mkdtempSync(join(tmpdir(), 'kgen-pollution-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function clean(): void {
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(probe.server).toBeUndefined();
  expect(probe.token).toBeUndefined();
  expect(Object.getPrototypeOf(Object.prototype)).toBeNull();
  expect(Object.keys(Object.prototype)).toEqual([]);
}
afterEach(clean);

describe('kubeconfig parsing', () => {
  test('__proto__ entries neither pollute nor supply fields', () => {
    const file = join(dir, 'proto');
    writeFileSync(
      file,
      `apiVersion: v1
kind: Config
current-context: ctx
__proto__: {polluted: yes}
clusters:
- name: c1
  cluster:
    __proto__: {server: "https://evil.example", insecure-skip-tls-verify: true}
    constructor: {prototype: {polluted: yes}}
- name: __proto__
  cluster: {server: "https://proto.example"}
users:
- name: u1
  user:
    __proto__: {token: stolen}
contexts:
- name: ctx
  context: {cluster: c1, user: u1}
- name: constructor
  context: {cluster: __proto__}
`,
    );
    expect(() => loadKubeconfig({ kubeconfig: file, env: {} })).toThrow(/cluster "c1" has no server/);
    // A context or cluster literally named __proto__ / constructor is an ordinary name.
    const { config } = loadKubeconfig({ kubeconfig: file, env: {}, context: 'constructor' });
    expect(config.host).toBe('https://proto.example');
    expect(config.tls?.insecure).toBeUndefined();
    expect(config.auth?.bearerToken).toBeUndefined();
  });

  test('as-user-extra with hostile keys stays an own-keyed map', () => {
    const file = join(dir, 'extra');
    writeFileSync(
      file,
      `current-context: ctx
clusters: [{name: c, cluster: {server: "https://x"}}]
users: [{name: u, user: {as: bob, as-user-extra: {__proto__: [polluted], constructor: [a]}}}]
contexts: [{name: ctx, context: {cluster: c, user: u}}]
`,
    );
    const { config } = loadKubeconfig({ kubeconfig: file, env: {} });
    const extra = config.impersonate?.extra ?? {};
    expect(Object.getPrototypeOf(extra)).toBe(Object.prototype);
    expect(Object.keys(extra).sort()).toEqual(['__proto__', 'constructor']);
  });
});

describe('label selectors', () => {
  test('selector strings with prototype keys match only real labels', () => {
    for (const text of ['__proto__=x', 'constructor', '!toString', 'hasOwnProperty in (a)', 'prototype!=y']) {
      let s: ReturnType<typeof parseSelector>;
      try {
        s = parseSelector(text);
      } catch {
        continue; // rejected as an invalid key: also fine
      }
      expect(s.matches({}), text).toBe(text.startsWith('!') || text.includes('!='));
    }
    expect(parseSelector('constructor').matches({})).toBe(false);
    expect(parseSelector('!constructor').matches({})).toBe(true);
    expect(parseSelector('toString=a').matches(JSON.parse('{"toString":"a"}') as Record<string, string>)).toBe(true);
  });

  test('matchLabels parsed from JSON with __proto__ is an ordinary requirement', () => {
    const ls = JSON.parse('{"matchLabels":{"__proto__":"x","app":"web"}}') as { matchLabels: Record<string, string> };
    let selector: ReturnType<typeof labelSelectorAsSelector> | undefined;
    try {
      selector = labelSelectorAsSelector(ls);
    } catch {
      selector = undefined; // "__proto__" is not a valid label key; rejecting it is fine
    }
    if (selector !== undefined) {
      expect(selector.matches({ app: 'web' })).toBe(false);
      expect(selector.matches(JSON.parse('{"__proto__":"x","app":"web"}') as Record<string, string>)).toBe(true);
    }
    expect(selectorFromSet({ app: 'web' }).matches(JSON.parse('{"__proto__":{"app":"web"}}'))).toBe(false);
  });
});
