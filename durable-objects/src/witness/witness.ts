/**
 * Witness Durable Object, one per tenant log (name: the tenant id, addressed through the residency seam):
 * cosigns the tenant's signed tree head with its own key only after checking (1) the head's signature with
 * the log's public key it is given, and (2) that the head is consistent — a Merkle consistency proof — with
 * the last head it cosigned for this log. Two different heads of one size, or a larger head that does not
 * extend the last one, are refused with a distinct code (`split_view`, `inconsistent_head`) and the refusal
 * is recorded with both heads (the evidence). So a split view needs the tree-head key and the witness key.
 */
import { DurableObject } from "cloudflare:workers";
import { checkWitnessable, cosignTreeHead, createVerifier, verifyTreeHead, type AuditPublicKey, type Cosignature, type TreeHead, type WitnessRefusal } from "@nethical/core";
import { DurableObjectError } from "../errors.ts";
import { loadWitnessKey, type WitnessKey } from "./witness-key.ts";

/** The answer to a cosign request. */
export type CosignAnswer =
  | { ok: true; cosignature: Cosignature; witness_public_key: AuditPublicKey; detail: string }
  | { ok: false; code: WitnessRefusal; detail: string; witness_public_key: AuditPublicKey };

/** A recorded refusal: when, why, the last cosigned head and the head offered. */
export interface WitnessRefusalRecord {
  at: number;
  code: WitnessRefusal;
  detail: string;
  last_head: TreeHead | null;
  offered_head: TreeHead;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS witness_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS witness_refusals (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, code TEXT NOT NULL, detail TEXT NOT NULL, last_head TEXT, offered_head TEXT NOT NULL);
`;

export class Witness extends DurableObject<Env> {
  #key: Promise<WitnessKey> | null = null;

  /**
   * The last head this witness cosigned for `logId` (what the AuditLog proves consistency from), or null.
   *
   * @example
   * const last = await stub.lastCosigned("acme"); // { tree_size: 120, … } | null
   */
  lastCosigned(logId: string): TreeHead | null {
    this.#bind(logId);
    const row = this.ctx.storage.sql.exec<{ value: string }>("SELECT value FROM witness_state WHERE key = 'last_head'").toArray()[0];
    return row === undefined ? null : (JSON.parse(row.value) as TreeHead);
  }

  /**
   * Cosign `head` if it is validly signed by `logKey` and consistent with the last cosigned head
   * (`proof`: the consistency proof from that head's size to `head.tree_size`; empty for the first head).
   *
   * @example
   * const answer = await stub.cosign("acme", head, publicKey, proof, Date.now());
   * if (!answer.ok) answer.code; // "split_view"
   */
  async cosign(logId: string, head: TreeHead, logKey: AuditPublicKey, proof: readonly string[], now: number = Date.now()): Promise<CosignAnswer> {
    const last = this.lastCosigned(logId);
    const key = await this.#witnessKey();
    const refuse = (code: WitnessRefusal, detail: string): CosignAnswer => {
      this.ctx.storage.sql.exec(
        "INSERT INTO witness_refusals (at, code, detail, last_head, offered_head) VALUES (?, ?, ?, ?, ?)",
        now,
        code,
        detail,
        last === null ? null : JSON.stringify(last),
        JSON.stringify(head),
      );
      console.error(JSON.stringify({ level: "warn", msg: "witness refused a tree head", tenant: logId, code, tree_size: head.tree_size }));
      return { ok: false, code, detail, witness_public_key: key.publicKey };
    };
    if (head.log_id !== logId) return refuse("wrong_log", `the head is of log "${head.log_id}", not "${logId}"`);
    let signed = false;
    try {
      signed = head.key_id === logKey.key_id && (await verifyTreeHead(head, [createVerifier(logKey.key_id, logKey.jwk)])).ok;
    } catch {
      signed = false;
    }
    if (!signed) return refuse("bad_signature", `the head's signature does not verify with key "${logKey.key_id}"`);
    const verdict = checkWitnessable(last, head, proof);
    if (!verdict.ok) return refuse(verdict.code, verdict.detail);
    const cosignature = await cosignTreeHead(head, key.signer, now);
    if (!verdict.same) this.ctx.storage.sql.exec("INSERT OR REPLACE INTO witness_state (key, value) VALUES ('last_head', ?)", JSON.stringify(head));
    return { ok: true, cosignature, witness_public_key: key.publicKey, detail: verdict.detail };
  }

  /**
   * The witness's public key (what an auditor pins with `nethical audit verify --witness-key`).
   *
   * @example
   * (await stub.publicKey("acme")).key_id; // "witness-9c04…"
   */
  async publicKey(logId: string): Promise<AuditPublicKey & { origin: WitnessKey["origin"] }> {
    this.#bind(logId);
    const key = await this.#witnessKey();
    return { ...key.publicKey, origin: key.origin };
  }

  /**
   * Recorded refusals, newest first (split views and inconsistent heads offered to this witness).
   *
   * @example
   * (await stub.refusals("acme", 20))[0]?.code; // "split_view"
   */
  refusals(logId: string, limit = 50): WitnessRefusalRecord[] {
    this.#bind(logId);
    return this.ctx.storage.sql
      .exec<{ at: number; code: string; detail: string; last_head: string | null; offered_head: string }>("SELECT at, code, detail, last_head, offered_head FROM witness_refusals ORDER BY id DESC LIMIT ?", Math.min(Math.max(1, limit), 500))
      .toArray()
      .map((r) => ({ at: Number(r.at), code: r.code as WitnessRefusal, detail: r.detail, last_head: r.last_head === null ? null : (JSON.parse(r.last_head) as TreeHead), offered_head: JSON.parse(r.offered_head) as TreeHead }));
  }

  #witnessKey(): Promise<WitnessKey> {
    this.#key ??= loadWitnessKey(this.env, this.ctx.storage.sql).catch((error: unknown) => {
      this.#key = null;
      throw error;
    });
    return this.#key;
  }

  /** Bind this object to one log on first use; refuse any other afterwards. */
  #bind(logId: string): void {
    this.ctx.storage.sql.exec(SCHEMA);
    const row = this.ctx.storage.sql.exec<{ value: string }>("SELECT value FROM witness_state WHERE key = 'log_id'").toArray()[0];
    if (row === undefined) this.ctx.storage.sql.exec("INSERT INTO witness_state (key, value) VALUES ('log_id', ?)", logId);
    else if (row.value !== logId) throw new DurableObjectError("wrong_object", "Witness called for another tenant's log");
  }
}
