// The campaign's writer: creates, updates and deletes objects of one resource directly (not through the fault proxy).
import type { KubernetesObject } from '../../../runtime/api/meta.js';
import { isAlreadyExists, isNotFound, isServiceUnavailable } from '../../../runtime/errors/api-error.js';
import { classifyNetworkError } from '../../../runtime/errors/network-error.js';
import type { ResourceClient } from '../../../runtime/rest/resource-client.js';
import { sleep } from '../../../runtime/util/abort.js';
import type { SeededRandom } from './campaign-random.js';

/** How to build objects of the written resource. */
export interface WriterShape<T extends KubernetesObject> {
  /** A new object named `name`. */
  create(name: string, serial: number): T;
  /** A merge patch that changes an object. */
  update(serial: number): unknown;
}

/** Options of {@link CampaignWriter}. */
export interface CampaignWriterOptions<T extends KubernetesObject> {
  readonly client: ResourceClient<T>;
  readonly namespace: string;
  readonly shape: WriterShape<T>;
  readonly random: SeededRandom;
  /** Name prefix, so the writers of two resources never share names. */
  readonly prefix: string;
  /** The writer keeps about this many objects alive. @default 40 */
  readonly target?: number;
  /** Pause between two writes while running. @default 40 */
  readonly intervalMs?: number;
}

/**
 * Writes one change at a time. Names are never reused, so each deletion it makes is a key whose delivery can be
 * checked on its own.
 */
export class CampaignWriter<T extends KubernetesObject> {
  readonly alive: string[] = [];
  /** Keys (`namespace/name`) this writer deleted. */
  readonly deleted = new Set<string>();
  creates = 0;
  updates = 0;
  deletes = 0;
  /** Writes retried after a transient failure. */
  retries = 0;
  private serial = 0;
  private readonly target: number;
  private readonly intervalMs: number;

  constructor(private readonly options: CampaignWriterOptions<T>) {
    this.target = options.target ?? 40;
    this.intervalMs = options.intervalMs ?? 40;
  }

  /** Makes one write, chosen by the seeded random source (creates dominate below the target, deletes above). */
  async step(signal?: AbortSignal): Promise<void> {
    const { client, shape, random, prefix, namespace } = this.options;
    const n = this.alive.length;
    const op: 'create' | 'update' | 'delete' =
      n === 0
        ? 'create'
        : random.weighted({ create: n < this.target ? 3 : 1, update: 4, delete: n > this.target / 2 ? 3 : 1 });
    const serial = this.serial++;
    if (op === 'create') {
      const name = `${prefix}-${String(serial).padStart(6, '0')}`;
      await this.retrying(() => client.create(shape.create(name, serial), {}, signal), isAlreadyExists);
      this.alive.push(name);
      this.creates++;
      return;
    }
    const at = random.int(0, n - 1);
    const name = this.alive[at] as string;
    if (op === 'update') {
      await this.retrying(
        () => client.patch(name, 'merge', shape.update(serial), {}, signal),
        () => false,
      );
      this.updates++;
      return;
    }
    this.alive.splice(at, 1);
    await this.retrying(() => client.delete(name, {}, signal), isNotFound);
    this.deleted.add(`${namespace}/${name}`);
    this.deletes++;
  }

  /**
   * Runs a write, retrying it while the API server is unreachable or starting (after a restart the client's pooled
   * connections are dead). A retried create or delete may find its first attempt applied: `appliedBefore` says so.
   */
  private async retrying(write: () => Promise<unknown>, appliedBefore: (err: unknown) => boolean): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await write();
        return;
      } catch (err) {
        if (attempt > 0 && appliedBefore(err)) {
          return;
        }
        const transient = classifyNetworkError(err) !== undefined || isServiceUnavailable(err);
        if (!transient || attempt >= 20) {
          throw err;
        }
        this.retries++;
        await sleep(500);
      }
    }
  }

  /** Makes `count` writes back to back. */
  async burst(count: number, signal?: AbortSignal): Promise<void> {
    for (let i = 0; i < count; i++) {
      await this.step(signal);
    }
  }

  /**
   * Writes until `signal` aborts, pausing `intervalMs` between writes; resolves once the write in flight is done
   * (an abort never leaves a write whose outcome is unknown).
   */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.step();
      try {
        await sleep(this.intervalMs, signal);
      } catch {
        return;
      }
    }
  }
}
