/**
 * The device's trust store for policy signing keys: the platform key set (shared/src/signing/key-set.ts).
 * Version 0 is pinned from `trusted_keys` in device.json; every later version is accepted only through
 * verifyKeySetUpdate (the next version, signed by a key of the set the device holds that is unrevoked and
 * inside its window) and persisted in the device database, so a restart keeps the rotated set — and a later
 * edit of `trusted_keys` never overrides a set the device learned through signed updates. A refused update
 * installs nothing, is logged (code, version, signer — never key material) and kept for status.
 * BundleKeeper and ControlKeeper verify against {@link KeySetKeeper.current} at the device clock's time.
 */
import type { DatabaseSync } from "node:sqlite";
import { KEY_SET_DOMAIN, KeySetError, pinnedKeySet, SignedKeySetSchema, verifyKeySetUpdate, type KeySet } from "@nethical/core";
import { getMeta, setMeta } from "../log/device-db.ts";

/** Where the installed key set lives in the device database's meta table. */
const KEY_SET_META = "policy_keyset";

/** Outcome of offering a key set. */
export type KeySetOfferResult = { status: "installed"; version: number } | { status: "refused"; code: KeySetError["code"]; message: string };

/** Anything that can tell the key set to verify with now (BundleKeeper, ControlKeeper take one). */
export interface KeySetSource {
  readonly current: KeySet;
  /** The time keys are judged at (the device clock). */
  now(): Date;
}

function pinned(trusted: Readonly<Record<string, JsonWebKey>>): KeySet {
  // No pinned key: an empty set, so every bundle is refused `unknown_key` (as before key sets).
  if (Object.keys(trusted).length === 0) return { domain: KEY_SET_DOMAIN, version: 0, issued_at: "1970-01-01T00:00:00.000Z", keys: [] };
  return pinnedKeySet(trusted);
}

export class KeySetKeeper implements KeySetSource {
  readonly #db: DatabaseSync;
  readonly #clock: () => number;
  #current: KeySet;
  #lastRefusal: { code: string; message: string; version: number | null } | null = null;

  /**
   * @example
   * const keySets = new KeySetKeeper(db, config.trusted_keys);
   * keySets.version; // 0 until a signed update arrives
   */
  constructor(db: DatabaseSync, trustedKeys: Readonly<Record<string, JsonWebKey>>, clock: () => number = Date.now) {
    this.#db = db;
    this.#clock = clock;
    const stored = getMeta(db, KEY_SET_META);
    const parsed = stored === undefined ? null : SignedKeySetSchema.safeParse(JSON.parse(stored));
    this.#current = parsed?.success === true ? parsed.data : pinned(trustedKeys);
  }

  /** The key set verification uses now. */
  get current(): KeySet {
    return this.#current;
  }

  /** Its version (0 = the pinned set). */
  get version(): number {
    return this.#current.version;
  }

  /** The last refused update (code, message, version offered), for status. */
  get lastRefusal(): { code: string; message: string; version: number | null } | null {
    return this.#lastRefusal;
  }

  now(): Date {
    return new Date(this.#clock());
  }

  /**
   * Verify and install the next key set, or refuse it (nothing installed) with its code.
   *
   * @example
   * const r = await keySets.offer(message.keyset); // { status: "installed", version: 2 }
   */
  async offer(candidate: unknown): Promise<KeySetOfferResult> {
    try {
      const next = await verifyKeySetUpdate(this.#current, candidate, this.now());
      setMeta(this.#db, KEY_SET_META, JSON.stringify(next));
      this.#current = next;
      this.#lastRefusal = null;
      return { status: "installed", version: next.version };
    } catch (error) {
      const code = error instanceof KeySetError ? error.code : "malformed";
      const message = (error as Error).message.slice(0, 300);
      const c = candidate as { version?: unknown; key_id?: unknown } | null;
      const version = typeof c?.version === "number" ? c.version : null;
      this.#lastRefusal = { code, message, version };
      console.warn(JSON.stringify({ event: "policy_keyset_refused", code, offered_version: version, held_version: this.#current.version, signed_by: typeof c?.key_id === "string" ? c.key_id.slice(0, 128) : null }));
      return { status: "refused", code, message };
    }
  }
}
