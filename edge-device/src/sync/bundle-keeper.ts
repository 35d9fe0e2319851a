/**
 * The device's policy: accepts a bundle only after core's verifyBundle (trusted key, signature, hash,
 * tenant, seq not below the highest ever accepted — rollback refused, even across restarts and even if
 * someone replaces bundle.json with an older signed bundle), persists it atomically as the
 * last-known-good (in canonical JSON: the form its signature covers), and compiles it once. On start it
 * re-verifies the file it finds: signature, content hash, tenant and rollback floor, every time; the file
 * being canonical, the policy's signed text is what `JSON.stringify` gives back (core's `parsedJson`), so
 * the check does not run the canonical writer over 1,000 rules (a file of an older build, not canonical,
 * is checked the slower way, with the same verdict). Its schema check (the zod parse of the policy, ~40 ms of a
 * start with 1,000 rules) is skipped only when this same build (src/build-id.ts) already validated a bundle
 * with that content hash on this device (recorded in the device database when it was accepted): the
 * signature then proves the bytes are the ones validated. From the TypeScript source there is no build id,
 * so it always validates.
 */
import type { DatabaseSync } from "node:sqlite";
import { BundleVerificationError, PolicyError, canonicalJson, loadPolicy, verifyBundle, verifyBundleWithKeySet, type LoadedPolicy, type PolicyBundle, type TrustedKeys } from "@nethical/core";
import type { KeySetSource } from "./key-set-keeper.ts";
import { buildId } from "../build-id.ts";
import { getMeta, setMeta } from "../log/device-db.ts";
import { readIfExists, writeFileAtomic } from "./bundle-file.ts";

/** Outcome of offering a bundle. */
export type AcceptResult =
  | { status: "accepted"; seq: number; hash: string }
  | { status: "unchanged"; seq: number }
  | { status: "refused"; code: string; message: string };

const MAX_SEQ_KEY = "max_bundle_seq";
/** `<build id>:<bundle hash>` of the last bundle whose policy this build schema-validated. */
const VALIDATED_KEY = "bundle_validated_by";

export class BundleKeeper {
  readonly #db: DatabaseSync;
  readonly #file: string;
  readonly #tenant: string;
  readonly #keys: TrustedKeys | KeySetSource;
  #loaded: LoadedPolicy | null = null;
  #lastRefusal: { code: string; message: string } | null = null;
  readonly #buildId: string | undefined;
  #skippedSchemaCheck = false;
  /** Hashes of the bundles this keeper verified since start (the runtime monitor's P3 trust root). */
  readonly #verified = new Set<string>();

  /**
   * @example
   * const keeper = new BundleKeeper(db, "/var/lib/nethical/bundle.json", "acme", keySets); // a KeySetKeeper, or plain trusted keys
   */
  constructor(db: DatabaseSync, file: string, tenant: string, trustedKeys: TrustedKeys | KeySetSource, build: string | undefined = buildId()) {
    this.#buildId = build;
    this.#db = db;
    this.#file = file;
    this.#tenant = tenant;
    this.#keys = trustedKeys;
  }

  /** The active compiled policy, or null before any verified bundle. */
  get current(): LoadedPolicy | null {
    return this.#loaded;
  }

  /**
   * Whether this keeper verified the bundle with `hash` (signature, hash, tenant, rollback floor) since start.
   *
   * @example
   * keeper.verified(keeper.current!.bundle.hash); // true
   */
  verified(hash: string): boolean {
    return this.#verified.has(hash);
  }

  /** Seq of the active bundle (0 = none). */
  get seq(): number {
    return this.#loaded?.bundle.seq ?? 0;
  }

  /** The last refusal (code and message), for status. */
  get lastRefusal(): { code: string; message: string } | null {
    return this.#lastRefusal;
  }

  /** Whether the active policy was loaded at start without its schema check (validated before by this build). */
  get skippedSchemaCheck(): boolean {
    return this.#skippedSchemaCheck;
  }

  /** Highest seq ever accepted on this device (persisted). */
  get maxSeq(): number {
    return Number(getMeta(this.#db, MAX_SEQ_KEY) ?? 0);
  }

  /**
   * Load and re-verify the persisted bundle. Returns false (and stays without a policy) when there is
   * none or it fails verification.
   *
   * @example
   * await keeper.loadPersisted(); // true after a restart with a good bundle.json
   */
  async loadPersisted(): Promise<boolean> {
    const text = readIfExists(this.#file);
    if (text === undefined) return false;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.#lastRefusal = { code: "malformed", message: "persisted bundle is not JSON" };
      return false;
    }
    const hash = (json as { hash?: unknown } | null)?.hash;
    const vouched = this.#buildId !== undefined && typeof hash === "string" && getMeta(this.#db, VALIDATED_KEY) === `${this.#buildId}:${hash}`;
    const result = await this.#verify(json, this.maxSeq, false, vouched, true);
    if (result === null) return false;
    this.#loaded = result;
    this.#verified.add(result.bundle.hash);
    this.#skippedSchemaCheck = vouched;
    return true;
  }

  /**
   * Offer a bundle received from the server: verified, persisted atomically, then made active.
   *
   * @example
   * const r = await keeper.offer(message.bundle); // { status: "accepted", seq: 4, hash }
   */
  async offer(bundle: unknown): Promise<AcceptResult> {
    const current = this.#loaded?.bundle;
    const b = bundle as { seq?: unknown; hash?: unknown } | null;
    if (current !== undefined && b !== null && typeof b === "object" && b.seq === current.seq && b.hash === current.hash) {
      return { status: "unchanged", seq: current.seq };
    }
    const floor = Math.max(this.maxSeq, this.seq);
    const loaded = await this.#verify(bundle, floor, floor > 0);
    if (loaded === null) {
      const refusal = this.#lastRefusal ?? { code: "malformed", message: "refused" };
      return { status: "refused", ...refusal };
    }
    writeFileAtomic(this.#file, canonicalJson(loaded.bundle));
    setMeta(this.#db, MAX_SEQ_KEY, String(Math.max(floor, loaded.bundle.seq)));
    this.#loaded = loaded;
    this.#verified.add(loaded.bundle.hash);
    this.#skippedSchemaCheck = false;
    return { status: "accepted", seq: loaded.bundle.seq, hash: loaded.bundle.hash };
  }

  async #verify(bundle: unknown, minSeq: number, rejectEqual: boolean, validated: boolean = false, parsedJson: boolean = false): Promise<LoadedPolicy | null> {
    try {
      const options = { tenant: this.#tenant, minSeq, rejectEqualSeq: rejectEqual, parsedJson };
      const keys = this.#keys;
      // With a key set: the signing key must also be unrevoked and inside its window (revoked_key, expired_key, key_not_yet_valid).
      const verified = isKeySetSource(keys) ? await verifyBundleWithKeySet(bundle as never, keys.current, { ...options, now: keys.now() }) : await verifyBundle(bundle as never, keys, options);
      // loadPolicy validates the policy against its schema while compiling it (once: no separate parse),
      // unless this build validated exactly this content before (`validated`, decided by the caller).
      let loaded: LoadedPolicy;
      try {
        loaded = loadPolicy(verified as PolicyBundle, { validated });
      } catch (error) {
        if (error instanceof PolicyError) throw new BundleVerificationError("malformed", "bundle policy does not match the policy schema");
        throw error;
      }
      if (!validated && this.#buildId !== undefined) setMeta(this.#db, VALIDATED_KEY, `${this.#buildId}:${loaded.bundle.hash}`);
      this.#lastRefusal = null;
      return loaded;
    } catch (error) {
      const code = error instanceof BundleVerificationError ? error.code : "invalid_policy";
      this.#lastRefusal = { code, message: (error as Error).message.slice(0, 300) };
      return null;
    }
  }
}

function isKeySetSource(keys: TrustedKeys | KeySetSource): keys is KeySetSource {
  return typeof (keys as KeySetSource).now === "function" && typeof (keys as KeySetSource).current === "object";
}
