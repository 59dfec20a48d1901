// An event handler that records object names, like client-go's testListener in shared_informer_test.go.
import type { ResourceEventHandler } from '../../runtime/cache/index.js';
import type { Pod } from './pods.js';
import { waitFor } from './wait-for.js';

/** Records the names of added and updated objects; deletions are ignored, as in client-go's test. */
export class TestListener implements ResourceEventHandler<Pod> {
  received: string[] = [];
  expected: Set<string>;

  constructor(
    readonly name: string,
    readonly resyncPeriodMs: number,
    ...expected: string[]
  ) {
    this.expected = new Set(expected);
  }

  onAdd(obj: Pod): void {
    this.received.push(obj.metadata.name ?? '');
  }

  onUpdate(_old: Pod, obj: Pod): void {
    this.received.push(obj.metadata.name ?? '');
  }

  satisfied(): boolean {
    const got = new Set(this.received);
    return got.size === this.expected.size && [...got].every((n) => this.expected.has(n));
  }

  /** Waits until the received names equal the expected set, then checks no straggler changes that. */
  async ok(): Promise<boolean> {
    try {
      await waitFor(() => this.satisfied(), `${this.name} expectations`, 2000);
    } catch {
      return false;
    }
    for (let i = 0; i < 50; i++) {
      await new Promise<void>((r) => setImmediate(r));
    }
    return this.satisfied();
  }

  reset(): void {
    this.received = [];
  }
}
