// A small least-recently-used map, as the correlator's caches need (client-go uses golang-lru, 4096 entries).

/** A Map bounded to `maxEntries`; reading or writing a key makes it the most recent. */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly maxEntries: number) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.maxEntries) {
      // Map iteration is insertion order, so the first key is the least recently used.
      const oldest = this.map.keys().next();
      if (!oldest.done) {
        this.map.delete(oldest.value);
      }
    }
  }

  get size(): number {
    return this.map.size;
  }
}
