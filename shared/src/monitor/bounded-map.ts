/**
 * A Map with at most `max` entries, least recently used evicted first: the monitors' per-agent memory is
 * bounded whatever the number of agents (an evicted agent is watched again from its next observation).
 */
export class BoundedMap<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #max: number;
  #evictions = 0;

  /**
   * @example
   * const m = new BoundedMap<string, number>(2); m.set("a", 1); m.set("b", 2); m.set("c", 3); m.get("a"); // undefined
   */
  constructor(max: number) {
    this.#max = Math.max(1, Math.floor(max));
  }

  /** The value (and marks it recently used). */
  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  /** Set the value, evicting the least recently used entry when full. */
  set(key: K, value: V): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) {
        this.#entries.delete(oldest.value);
        this.#evictions++;
      }
    }
    this.#entries.set(key, value);
  }

  get size(): number {
    return this.#entries.size;
  }

  get evictions(): number {
    return this.#evictions;
  }
}
