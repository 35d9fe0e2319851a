/**
 * The AuditLog's side of witnessing: after it signs a head, it asks the tenant's Witness to cosign it,
 * sending the consistency proof from the last head the witness cosigned. Cosignatures are kept in the
 * `cosignatures` table and served with the head. A witness that is down, misconfigured or refusing leaves
 * the head uncosigned — visibly (`witness.status`) — and never holds up appends or decisions.
 */
import { base64Encode, type AuditPublicKey, type Cosignature, type MerkleLog, type TreeHead } from "@nethical/core";
import type { CosignAnswer } from "../witness/witness.ts";
import { durableObjectErrorOf } from "../errors.ts";

/** What the head's witnessing looks like to a reader of `GET /v2/audit/tree-head`. */
export interface WitnessView {
  status: "cosigned" | "uncosigned";
  /** Why it is uncosigned (the witness's refusal code, or `unavailable`/`misconfigured`). */
  code?: string;
  detail?: string;
  witness_public_key?: AuditPublicKey;
}

/** The witness as the AuditLog calls it (an RPC stub of the Witness Durable Object). */
export interface WitnessClient {
  lastCosigned(logId: string): Promise<TreeHead | null>;
  cosign(logId: string, head: TreeHead, logKey: AuditPublicKey, proof: string[], now?: number): Promise<CosignAnswer>;
}

/** How long the AuditLog waits for the witness (each call) before leaving the head uncosigned. */
export const WITNESS_TIMEOUT_MS = 3_000;

function withinTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("witness timeout")), WITNESS_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS cosignatures (tree_size INTEGER NOT NULL, root_hash TEXT NOT NULL, witness_key_id TEXT NOT NULL, cosignature TEXT NOT NULL, witness_public_key TEXT NOT NULL, PRIMARY KEY (tree_size, root_hash, witness_key_id));
CREATE TABLE IF NOT EXISTS witness_status (id INTEGER PRIMARY KEY CHECK (id = 1), tree_size INTEGER NOT NULL, code TEXT NOT NULL, detail TEXT NOT NULL);
`;

/**
 * Create the tables.
 *
 * @example
 * ensureCosignatureTables(ctx.storage.sql);
 */
export function ensureCosignatureTables(sql: SqlStorage): void {
  sql.exec(SCHEMA);
}

/**
 * The cosignatures kept for `head` (same size and root).
 *
 * @example
 * cosignaturesOf(sql, head).length; // 1 once the witness cosigned
 */
export function cosignaturesOf(sql: SqlStorage, head: Pick<TreeHead, "tree_size" | "root_hash">): { cosignature: Cosignature; witness_public_key: AuditPublicKey }[] {
  ensureCosignatureTables(sql);
  return sql
    .exec<{ cosignature: string; witness_public_key: string }>("SELECT cosignature, witness_public_key FROM cosignatures WHERE tree_size = ? AND root_hash = ?", head.tree_size, head.root_hash)
    .toArray()
    .map((r) => ({ cosignature: JSON.parse(r.cosignature) as Cosignature, witness_public_key: JSON.parse(r.witness_public_key) as AuditPublicKey }));
}

/**
 * The witness view of `head`: cosigned, or why not (the last attempt's outcome).
 *
 * @example
 * witnessView(sql, head); // { status: "uncosigned", code: "unavailable", detail: "…" }
 */
export function witnessView(sql: SqlStorage, head: TreeHead): WitnessView {
  const kept = cosignaturesOf(sql, head);
  if (kept.length > 0) return { status: "cosigned", ...(kept[0] ? { witness_public_key: kept[0].witness_public_key } : {}) };
  const row = sql.exec<{ tree_size: number; code: string; detail: string }>("SELECT tree_size, code, detail FROM witness_status WHERE id = 1").toArray()[0];
  return row !== undefined && Number(row.tree_size) === head.tree_size ? { status: "uncosigned", code: row.code, detail: row.detail } : { status: "uncosigned", code: "not_requested", detail: "no cosignature requested for this head yet" };
}

/**
 * Ask `witness` to cosign `head` (already signed and stored); keep the cosignature or the reason it is
 * missing. Never throws.
 *
 * @example
 * await requestCosignature({ sql, log, witness: witnessFor(env, tenant) }, head, key.publicKey);
 */
export async function requestCosignature(ctx: { sql: SqlStorage; log: MerkleLog; witness: WitnessClient }, head: TreeHead, logKey: AuditPublicKey, now: number = Date.now()): Promise<WitnessView> {
  ensureCosignatureTables(ctx.sql);
  if (cosignaturesOf(ctx.sql, head).length > 0) return witnessView(ctx.sql, head);
  const record = (code: string, detail: string): WitnessView => {
    ctx.sql.exec("INSERT OR REPLACE INTO witness_status (id, tree_size, code, detail) VALUES (1, ?, ?, ?)", head.tree_size, code, detail);
    return { status: "uncosigned", code, detail };
  };
  try {
    const last = await withinTimeout(ctx.witness.lastCosigned(head.log_id));
    const proof = last !== null && last.tree_size > 0 && last.tree_size < head.tree_size ? ctx.log.consistencyProof(last.tree_size, head.tree_size).map(base64Encode) : [];
    const answer = await withinTimeout(ctx.witness.cosign(head.log_id, head, logKey, proof, now));
    if (!answer.ok) return record(answer.code, answer.detail);
    ctx.sql.exec(
      "INSERT OR REPLACE INTO cosignatures (tree_size, root_hash, witness_key_id, cosignature, witness_public_key) VALUES (?, ?, ?, ?, ?)",
      head.tree_size,
      head.root_hash,
      answer.cosignature.witness_key_id,
      JSON.stringify(answer.cosignature),
      JSON.stringify(answer.witness_public_key),
    );
    return { status: "cosigned", witness_public_key: answer.witness_public_key };
  } catch (error) {
    const code = durableObjectErrorOf(error)?.code === "misconfigured" ? "misconfigured" : "unavailable";
    console.error(JSON.stringify({ level: "warn", msg: "tree head not cosigned", tenant: head.log_id, tree_size: head.tree_size, code }));
    return record(code, code === "misconfigured" ? "the witness is not configured (WITNESS_SIGNING_KEY)" : "the witness could not be reached; the head stays uncosigned");
  }
}
