/**
 * The witness's rule, pure: may it cosign `offered`, given the last head it cosigned for the same log and a
 * consistency proof from that head's size to the offered size? A head of the same size with another root is
 * a split view (`split_view`); a larger head whose proof does not hold is `inconsistent_head`; a smaller one
 * is `stale_head` (the witness only moves forward); a head of another log is `wrong_log`.
 */
import { base64Decode } from "../merkle/base64.ts";
import type { TreeHead } from "../merkle/tree-head.ts";
import { verifyConsistency } from "../merkle/verify-consistency.ts";

/** Why a witness refuses to cosign. */
export const WITNESS_REFUSALS = ["split_view", "inconsistent_head", "stale_head", "wrong_log", "bad_signature"] as const;
export type WitnessRefusal = (typeof WITNESS_REFUSALS)[number];

/** The verdict. `same` says the offered head has the last head's size and root (cosign again, nothing new). */
export type WitnessVerdict = { ok: true; same: boolean; detail: string } | { ok: false; code: WitnessRefusal; detail: string };

/**
 * Decide whether `offered` extends `last` (null: the first head the witness sees for this log).
 *
 * @example
 * checkWitnessable(last, offered, proof); // { ok: false, code: "split_view", … } for two roots of one size
 */
export function checkWitnessable(last: Pick<TreeHead, "log_id" | "tree_size" | "root_hash"> | null, offered: Pick<TreeHead, "log_id" | "tree_size" | "root_hash">, proof: readonly string[]): WitnessVerdict {
  if (last === null) return { ok: true, same: false, detail: `first head of log "${offered.log_id}" (size ${offered.tree_size})` };
  if (last.log_id !== offered.log_id) return { ok: false, code: "wrong_log", detail: `the head is of log "${offered.log_id}", this witness watches "${last.log_id}"` };
  if (offered.tree_size === last.tree_size) {
    return offered.root_hash === last.root_hash
      ? { ok: true, same: true, detail: `size ${offered.tree_size}: the head already cosigned` }
      : { ok: false, code: "split_view", detail: `SPLIT VIEW: a second root for size ${offered.tree_size} (cosigned ${last.root_hash}, offered ${offered.root_hash})` };
  }
  if (offered.tree_size < last.tree_size) {
    return { ok: false, code: "stale_head", detail: `size ${offered.tree_size} is older than the last cosigned size ${last.tree_size}` };
  }
  if (last.tree_size === 0) return { ok: true, same: false, detail: `size 0 → ${offered.tree_size}` };
  let decoded: Uint8Array[];
  try {
    decoded = proof.map((p) => base64Decode(p));
  } catch {
    return { ok: false, code: "inconsistent_head", detail: "the consistency proof is not base64" };
  }
  const result = verifyConsistency({ size1: last.tree_size, size2: offered.tree_size, root1: base64Decode(last.root_hash), root2: base64Decode(offered.root_hash), proof: decoded });
  return result.ok
    ? { ok: true, same: false, detail: `size ${last.tree_size} → ${offered.tree_size}: consistent` }
    : { ok: false, code: "inconsistent_head", detail: `size ${offered.tree_size} does not extend the cosigned size ${last.tree_size}: ${result.reason}` };
}
