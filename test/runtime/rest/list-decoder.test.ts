// The streaming LIST decoder: equal to JSON.parse on any list at any chunking, and never accepts what it rejects.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultStreamAboveBytes, ListDecodeError, ListDecoder } from '../../../runtime/rest/list-decoder.js';
import { ResourceClient } from '../../../runtime/rest/resource-client.js';
import { ResponseDecodeError } from '../../../runtime/rest/response-decode-error.js';
import { RestClient } from '../../../runtime/rest/rest-client.js';
import { type LocalServer, startLocalServer } from './local-server.js';

let server: LocalServer | undefined;
let rest: RestClient | undefined;
afterEach(async () => {
  await rest?.close();
  await server?.close();
});

// streamAboveBytes 0: every body is scanned item by item (bodies up to 16 MiB are otherwise parsed whole).
function decode(body: Buffer, cuts: number[], streamAboveBytes = 0): unknown {
  const d = new ListDecoder({ streamAboveBytes });
  let from = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (body.length + 1)))].sort((a, b) => a - b)) {
    d.write(body.subarray(from, cut));
    from = cut;
  }
  d.write(body.subarray(from));
  return d.end();
}

// Strings that stress the scanner: quotes, backslashes, brackets and braces, multi-byte characters.
const nasty = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '"',
    '\\',
    '\\"',
    '"\\',
    '{',
    '}',
    '[',
    ']',
    '},{',
    '"items":[',
    'é',
    '日本',
    '😀',
    '\u2028',
    '\\u0022',
  ),
);
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    nasty,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nasty, tie('value'), { maxKeys: 4 }),
  ),
})).value;
const item = fc.dictionary(nasty, json, { maxKeys: 6 });
const list = fc.record({
  kind: fc.constant('PodList'),
  apiVersion: fc.constant('v1'),
  metadata: fc.record({ resourceVersion: fc.string(), continue: nasty }),
  items: fc.array(item, { maxLength: 8 }),
});
const cuts = fc.array(fc.nat(), { maxLength: 12 });

describe('ListDecoder', () => {
  it('decodes any list exactly as JSON.parse, however the body is cut into chunks', () => {
    fc.assert(
      fc.property(list, cuts, fc.boolean(), (l, c, pretty) => {
        const text = pretty ? JSON.stringify(l, null, 2) : JSON.stringify(l);
        expect(decode(Buffer.from(text), c)).toEqual(JSON.parse(text));
        // Switching from holding to scanning in the middle of the body changes nothing either.
        expect(decode(Buffer.from(text), c, text.length >> 1)).toEqual(JSON.parse(text));
      }),
      { numRuns: 400 },
    );
  });

  it('keys in any order, items anywhere, an empty or absent items array', () => {
    for (const text of [
      '{"items":[{"a":1}],"kind":"List","metadata":{"items":[1]}}',
      '{ "kind" : "List" , "items" : [ ] }',
      '{"kind":"List","metadata":{}}',
      '{"kind":"List","items":null}',
      '{"kind":"x\\"items","items":[{"b":"}]"},{"c":[{"d":{}}]}]}',
    ]) {
      expect(decode(Buffer.from(text), [3, 17, 30])).toEqual(JSON.parse(text));
    }
  });

  it('rejects everything JSON.parse rejects, and never returns a different value', () => {
    const valid = list.map((l) => JSON.stringify(l));
    fc.assert(
      fc.property(valid, fc.nat(), fc.integer({ min: 0, max: 255 }), cuts, (text, at, byte, c) => {
        const body = Buffer.from(text);
        body[at % body.length] = byte;
        let expected: unknown;
        let parses = true;
        try {
          expected = JSON.parse(body.toString('utf8'));
        } catch {
          parses = false;
        }
        let got: unknown;
        try {
          got = decode(body, c);
        } catch (err) {
          expect(err).toBeInstanceOf(ListDecodeError);
          return;
        }
        expect(parses).toBe(true);
        expect(got).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('names what is wrong with a malformed items array', () => {
    const cases: [string, RegExp][] = [
      ['{"items":[{"a":1} {"b":2}]}', /comma is missing/],
      ['{"items":[{"a":1},]}', /unexpected "]"/],
      ['{"items":[1,2]}', /items\[0\] is not an object/],
      ['{"items":[{"a":1}', /ended inside the items array/],
      ['{"items":[{"a":}]}', /items\[0\] is not valid JSON/],
      ['{"items":[]} trailing', /not valid JSON outside its items/],
      ['[1,2]', /not a JSON object/],
    ];
    for (const [text, message] of cases) {
      expect(() => decode(Buffer.from(text), [5])).toThrow(message);
    }
  });
});

describe('ResourceClient.list over HTTP', () => {
  async function listFrom(body: string[]): Promise<unknown> {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (const part of body) {
        res.write(part);
      }
      res.end();
    });
    rest = new RestClient({ host: server.url, qps: -1 });
    const pods = new ResourceClient({ rest, gvr: { group: '', version: 'v1', resource: 'pods' }, namespaced: true });
    return pods.list({ limit: 500 });
  }

  it('decodes a list sent in pieces that cut items and strings apart', async () => {
    const list = {
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: { resourceVersion: '7', continue: 'tok"en' },
      items: Array.from({ length: 50 }, (_, i) => ({ metadata: { name: `p-${i}`, annotations: { a: '}"]\\' } } })),
    };
    const text = JSON.stringify(list);
    const parts = Array.from({ length: Math.ceil(text.length / 97) }, (_, i) => text.slice(i * 97, (i + 1) * 97));
    expect(await listFrom(parts)).toEqual(list);
  });

  it('decodes a list past the streaming bound (17 MB) item by item, the same as a small one', async () => {
    const pad = 'x'.repeat(1000);
    const list = {
      kind: 'ConfigMapList',
      apiVersion: 'v1',
      metadata: { resourceVersion: '9' },
      items: Array.from({ length: 17_000 }, (_, i) => ({ metadata: { name: `cm-${i}` }, data: { pad } })),
    };
    const text = JSON.stringify(list);
    expect(text.length).toBeGreaterThan(defaultStreamAboveBytes);
    const got = (await listFrom([text.slice(0, 5_000_001), text.slice(5_000_001)])) as typeof list;
    expect(got.items).toHaveLength(17_000);
    expect(got).toEqual(list);
  });

  it('rejects a malformed list with a ResponseDecodeError that says where, and no body text', async () => {
    const err = await listFrom(['{"kind":"PodList","items":[{"metadata":{"name":"secret-name"}} {"a":1}]}']).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ResponseDecodeError);
    expect((err as Error).message).toMatch(
      /GET \/api\/v1\/pods: the 200 response .* is not a valid list at offset \d+: the body is not valid JSON/,
    );
    expect((err as Error).message).not.toContain('secret-name');
  });
});
