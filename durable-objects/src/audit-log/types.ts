/**
 * What the AuditLog Durable Object answers over RPC.
 */
import type { AuditPublicKey, Cosignature, LogEvent, TreeHead } from "@nethical/core";
import type { WitnessView } from "./witness-cosign.ts";
import type { AuditSigningKey } from "./signing-key.ts";

/** What happened to one event given to `append`. */
export interface AppendResult {
  event_id: string;
  /** The leaf index (for duplicates and conflicts: the index of the event first stored under this id). */
  leaf_index: number | null;
  status: "appended" | "duplicate" | "conflict" | "invalid";
  reason?: string;
}

/** A signed head with the key that signed it. */
export interface SignedHead {
  tree_head: TreeHead;
  public_key: AuditPublicKey;
}

/** `GET /v2/audit/tree-head`: the head, its witness cosignatures, and whether it is cosigned (and why not). */
export interface WitnessedHead extends SignedHead {
  cosignatures: (Cosignature & { witness_public_key: AuditPublicKey })[];
  witness: WitnessView;
}

/** An event with its inclusion proof against the latest signed head. */
export interface EventProof extends SignedHead {
  event: LogEvent;
  leaf_index: number;
  inclusion_proof: string[];
}

/** A consistency proof between two signed heads. */
export interface ConsistencyResult {
  from_tree_head: TreeHead;
  to_tree_head: TreeHead;
  proof: string[];
  public_key: AuditPublicKey;
}

/** Log statistics (for /health-like views and tests). */
export interface AuditLogStats {
  tree_size: number;
  pending_db: number;
  /** Events Postgres refused for their content: kept, signed and provable, in the AuditLog only. */
  refused_db: number;
  database: "postgres" | "none";
  signing_key: AuditSigningKey["origin"];
  latest_tree_head: TreeHead | null;
}
