/**
 * Client-side checks of what the audit API answers, against a public key the caller pinned (never the
 * key the server sends along): the Ed25519 signature of a signed tree head, an event's inclusion proof
 * (its leaf hash recomputed from the event itself), and a consistency proof between two signed heads.
 *
 * The RFC 6962 / 9162 algorithms, the tree head's signed bytes and the audit leaf are the core's own
 * (`@nethical/core`'s merkle/, signing/ and audit/leaf.ts), imported module by module so the client does
 * not pull in the engine or zod: one implementation, tested against the 196 transparency-dev vectors.
 */
import type { AuditPublicKey, LogEvent, TreeHead } from "@nethical/core";
import { auditLeafHash } from "@nethical/core/audit/leaf.ts";
import { base64Decode } from "@nethical/core/merkle/base64.ts";
import { treeHeadShapeProblem, verifyTreeHeadSignature } from "@nethical/core/merkle/tree-head-bytes.ts";
import type { Verification } from "@nethical/core/merkle/verification.ts";
import { verifyConsistency } from "@nethical/core/merkle/verify-consistency.ts";
import { verifyInclusion } from "@nethical/core/merkle/verify-inclusion.ts";
import { createVerifier } from "@nethical/core/signing/verifier.ts";
import type { Verifier } from "@nethical/core/signing/keys.ts";

export type { Verification };

/** The audit log's public key as `GET /v2/audit/tree-head` shows it under `public_key`: pin it once. */
export type PinnedKey = AuditPublicKey;

/** `GET /v2/audit/tree-head`. */
export interface SignedTreeHead {
  tree_head: TreeHead;
  public_key: AuditPublicKey;
}

/** `GET /v2/audit/{id}`: an event (a decision, or an admin change) with its inclusion proof against a signed head. */
export interface EventProof extends SignedTreeHead {
  event: LogEvent;
  leaf_index: number;
  inclusion_proof: string[];
}

/** `GET /v2/audit/consistency`: a consistency proof between two signed heads. */
export interface ConsistencyProof {
  from_tree_head: TreeHead;
  to_tree_head: TreeHead;
  proof: string[];
  public_key: AuditPublicKey;
}

/**
 * A verifier for the pinned key. Throws when the pinned key is not an Ed25519 JWK with a valid key id.
 *
 * @example
 * const verifier = pinnedVerifier({ key_id: "audit-dev-1a2b", jwk: { kty: "OKP", crv: "Ed25519", x } });
 */
export function pinnedVerifier(pinned: PinnedKey): Verifier {
  return createVerifier(pinned.key_id, pinned.jwk);
}

function decodeAll(nodes: unknown): Uint8Array[] | string {
  if (!Array.isArray(nodes)) return "the proof is not an array";
  try {
    return nodes.map((n) => {
      if (typeof n !== "string") throw new TypeError("not a string");
      return base64Decode(n);
    });
  } catch {
    return "a proof node is not base64";
  }
}

function rootOf(head: TreeHead): Uint8Array {
  return base64Decode(head.root_hash);
}

/**
 * Check a signed tree head's Ed25519 signature (and shape) with the pinned key.
 *
 * @example
 * await verifySignedTreeHead(head.tree_head, pinnedVerifier(pinned)); // { ok: true }
 */
export async function verifySignedTreeHead(head: unknown, verifier: Verifier): Promise<Verification> {
  const problem = treeHeadShapeProblem(head);
  if (problem !== undefined) return { ok: false, reason: `tree head is malformed: ${problem}` };
  return verifyTreeHeadSignature(head as TreeHead, verifier);
}

/**
 * Check an event's inclusion: the head is signed by the pinned key, the leaf hash recomputed from the
 * event sits at `leaf_index` in the tree of that head.
 *
 * @example
 * await verifyEventProof(await res.json(), pinnedVerifier(pinned)); // { ok: true } or { ok: false, reason }
 */
export async function verifyEventProof(proof: EventProof, verifier: Verifier): Promise<Verification> {
  const head = await verifySignedTreeHead(proof.tree_head, verifier);
  if (!head.ok) return head;
  const nodes = decodeAll(proof.inclusion_proof);
  if (typeof nodes === "string") return { ok: false, reason: nodes };
  let leafHash: Uint8Array;
  try {
    leafHash = auditLeafHash(proof.event);
  } catch (error) {
    return { ok: false, reason: `the event has no canonical form: ${error instanceof Error ? error.message : String(error)}` };
  }
  const included = verifyInclusion({ leafIndex: proof.leaf_index, treeSize: proof.tree_head.tree_size, leafHash, proof: nodes, rootHash: rootOf(proof.tree_head) });
  return included.ok ? included : { ok: false, reason: `inclusion: ${included.reason}` };
}

/**
 * Check that the log only grew between two heads: both signed by the pinned key, and the consistency
 * proof leads from the older root to the newer one.
 *
 * @example
 * await verifyConsistencyProof(await res.json(), pinnedVerifier(pinned)); // { ok: true }
 */
export async function verifyConsistencyProof(proof: ConsistencyProof, verifier: Verifier): Promise<Verification> {
  for (const [name, head] of [["from_tree_head", proof.from_tree_head], ["to_tree_head", proof.to_tree_head]] as const) {
    const checked = await verifySignedTreeHead(head, verifier);
    if (!checked.ok) return { ok: false, reason: `${name}: ${checked.reason}` };
  }
  if (proof.from_tree_head.log_id !== proof.to_tree_head.log_id) return { ok: false, reason: "the two heads belong to different logs" };
  const nodes = decodeAll(proof.proof);
  if (typeof nodes === "string") return { ok: false, reason: nodes };
  const consistent = verifyConsistency({
    size1: proof.from_tree_head.tree_size,
    size2: proof.to_tree_head.tree_size,
    root1: rootOf(proof.from_tree_head),
    root2: rootOf(proof.to_tree_head),
    proof: nodes,
  });
  return consistent.ok ? consistent : { ok: false, reason: `consistency: ${consistent.reason}` };
}
