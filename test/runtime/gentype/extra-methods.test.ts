// withExtraMethods: each verb's signature maps onto the SubresourceCall client-gen's method would send.
import { describe, expect, it } from 'vitest';
import type { SubresourceCall } from '../../../runtime/api/subresource-call.js';
import { type SubresourceCaller, withExtraMethods } from '../../../runtime/gentype/extra-methods.js';

class Recorder implements SubresourceCaller {
  readonly calls: { call: SubresourceCall; signal: AbortSignal | undefined }[] = [];
  get(): string {
    return 'own method';
  }
  async callSubresource<R>(call: SubresourceCall, signal?: AbortSignal): Promise<R> {
    this.calls.push({ call, signal });
    return call as R;
  }
}

interface Extras {
  createToken(name: string, body: unknown, opts?: object, signal?: AbortSignal): Promise<unknown>;
  updateApproval(name: string, body: unknown, opts?: object, signal?: AbortSignal): Promise<unknown>;
  getResize(name: string, opts?: object, signal?: AbortSignal): Promise<unknown>;
  listSummaries(opts?: object, signal?: AbortSignal): Promise<unknown>;
  patchResize(name: string, type: 'merge', body: unknown, opts?: object, signal?: AbortSignal): Promise<unknown>;
  applyScale(name: string, config: unknown, opts: { fieldManager: string }, signal?: AbortSignal): Promise<unknown>;
  createPlain(body: unknown, opts?: object, signal?: AbortSignal): Promise<unknown>;
}

describe('withExtraMethods', () => {
  it('sends each extra method as its verb on its subresource, with the signal last', async () => {
    const ac = new AbortController();
    const c = withExtraMethods<Recorder, Extras>(new Recorder(), {
      createToken: { verb: 'create', subresource: 'token' },
      updateApproval: { verb: 'update', subresource: 'approval' },
      getResize: { verb: 'get', subresource: 'resize' },
      listSummaries: { verb: 'list' },
      patchResize: { verb: 'patch', subresource: 'resize' },
      applyScale: { verb: 'apply', subresource: 'scale' },
      createPlain: { verb: 'create' },
    });
    await c.createToken('sa', { kind: 'TokenRequest' }, { dryRun: ['All'] }, ac.signal);
    await c.updateApproval('csr', { kind: 'CertificateSigningRequest' });
    await c.getResize('p', { resourceVersion: '3' });
    await c.listSummaries({ limit: 2 });
    await c.patchResize('p', 'merge', { spec: {} });
    await c.applyScale('d', { spec: { replicas: 2 } }, { fieldManager: 'm' });
    await c.createPlain({ metadata: { name: 'x' } });
    expect(c.calls.map((x) => x.call)).toEqual([
      {
        verb: 'create',
        name: 'sa',
        subresource: 'token',
        body: { kind: 'TokenRequest' },
        options: { dryRun: ['All'] },
      },
      { verb: 'update', name: 'csr', subresource: 'approval', body: { kind: 'CertificateSigningRequest' } },
      { verb: 'get', name: 'p', subresource: 'resize', options: { resourceVersion: '3' } },
      { verb: 'list', options: { limit: 2 } },
      { verb: 'patch', name: 'p', subresource: 'resize', patchType: 'merge', body: { spec: {} } },
      {
        verb: 'apply',
        name: 'd',
        subresource: 'scale',
        body: { spec: { replicas: 2 } },
        options: { fieldManager: 'm' },
      },
      { verb: 'create', body: { metadata: { name: 'x' } } },
    ]);
    expect(c.calls[0]?.signal).toBe(ac.signal);
    expect(c.get()).toBe('own method');
    expect(Object.keys(c)).not.toContain('createToken');
  });
});
