// The fake clientset's extra-method calls: recorded as client-go's actions, served as client-go's fake serves them.
import { describe, expect, it } from 'vitest';
import { isNotFound } from '../../../runtime/errors/index.js';
import { type Action, newFakeProvider } from '../../../runtime/fake/index.js';
import { FakeClock } from '../../../runtime/testing/fake-clock.js';
import { configMaps, seededRandom, type Widget, widget, widgets } from './fixtures.js';

function provider() {
  return newFakeProvider([widgets, configMaps], {
    clock: new FakeClock(),
    random: seededRandom(),
    objects: [widget('w', 'default', { color: 'red' })],
  });
}

const summary = (a: Action) => `${a.verb} ${a.resource.resource}/${a.subresource} ${a.namespace}`;

describe('callSubresource on the fake provider', () => {
  it('returns a body of another kind as sent, stores nothing, and records a create on the subresource', async () => {
    const p = provider();
    const c = p.resource<Widget>(widgets, 'default');
    const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'w' } };
    const out = await c.callSubresource({ verb: 'create', name: 'w', subresource: 'eviction', body: eviction });
    expect(out).toEqual(eviction);
    expect((await c.get('w')).spec?.color).toBe('red');
    expect(p.actions().map(summary)).toEqual(['create widgets/eviction default', 'get widgets/ default']);
    const create = p.actions()[0];
    expect(create?.verb === 'create' ? create.name : undefined).toBe('w');
  });

  it('answers NotFound when the parent does not exist', async () => {
    const c = provider().resource<Widget>(widgets, 'default');
    const err = await c
      .callSubresource({ verb: 'create', name: 'missing', subresource: 'token', body: { kind: 'TokenRequest' } })
      .catch((e: unknown) => e);
    expect(isNotFound(err)).toBe(true);
  });

  it('updates the parent when the body is of its kind (UpdateApproval)', async () => {
    const p = provider();
    const c = p.resource<Widget>(widgets, 'default');
    const current = await c.get('w');
    const out = await c.callSubresource<Widget>({
      verb: 'update',
      subresource: 'approval',
      body: { ...current, spec: { color: 'green' } },
    });
    expect(out.spec?.color).toBe('green');
    expect((await c.get('w')).spec?.color).toBe('green');
    expect(p.actions().map(summary)).toContain('update widgets/approval default');
  });

  it('lets a reactor answer a subresource call first', async () => {
    const p = provider();
    p.prependReactor('create', 'widgets/eviction', () => ({ handled: true, ret: { kind: 'Status', code: 201 } }));
    const c = p.resource<Widget>(widgets, 'default');
    const out = await c.callSubresource({ verb: 'create', name: 'w', subresource: 'eviction', body: {} });
    expect(out).toEqual({ kind: 'Status', code: 201 });
  });
});
