/**
 * When the server last confirmed that the device's bundle is current: set when a bundle is accepted,
 * when the server says `ready` with our seq, and on heartbeats while connected. Persisted (at most every
 * `persistEveryMs`) so a restart cannot reset the staleness clock.
 */
import type { DatabaseSync } from "node:sqlite";
import { getMeta, setMeta } from "./log/device-db.ts";

const KEY = "confirmed_at";

export class Freshness {
  readonly #db: DatabaseSync;
  readonly #persistEveryMs: number;
  #confirmedAt: number;
  #persistedAt = 0;

  /**
   * @example
   * const freshness = new Freshness(db);
   */
  constructor(db: DatabaseSync, persistEveryMs: number = 30_000) {
    this.#db = db;
    this.#persistEveryMs = persistEveryMs;
    this.#confirmedAt = Number(getMeta(db, KEY) ?? 0);
    this.#persistedAt = this.#confirmedAt;
  }

  /** ms since the epoch of the last confirmation (0 = never). */
  get confirmedAt(): number {
    return this.#confirmedAt;
  }

  /**
   * The server confirmed the active bundle at `now`. `force` persists at once (bundle accepted).
   *
   * @example
   * freshness.confirm(Date.now(), true);
   */
  confirm(now: number, force: boolean = false): void {
    if (now <= this.#confirmedAt) return;
    this.#confirmedAt = now;
    if (force || now - this.#persistedAt >= this.#persistEveryMs) {
      setMeta(this.#db, KEY, String(now));
      this.#persistedAt = now;
    }
  }
}
