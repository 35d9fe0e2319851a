/**
 * The Merkle leaf of an audit event (decision or admin) and the request hash it carries. The leaf is the UTF-8 of
 * `canonicalJson(event)` (sorted keys, no whitespace), hashed per RFC 6962 as SHA-256(0x00 ‖ leaf), so
 * anyone holding the event can recompute its leaf hash without trusting the log.
 */
import { hashLeaf } from "../merkle/hasher.ts";
import { canonicalJson } from "../util/canonical-json.ts";
import { sha256Hex } from "../util/sha256.ts";
import type { LogEvent } from "./log-event.ts";

const encoder = new TextEncoder();

/**
 * The bytes appended to the Merkle log for `event`.
 *
 * @example
 * new TextDecoder().decode(auditLeafBytes(event)); // '{"agent_id":"robot-7","decision":"ALLOW",…}'
 */
export function auditLeafBytes(event: LogEvent): Uint8Array {
  return encoder.encode(canonicalJson(event));
}

/**
 * The RFC 6962 leaf hash of `event`: SHA-256(0x00 ‖ canonicalJson(event)).
 *
 * @example
 * verifyInclusion({ leafIndex, treeSize, leafHash: auditLeafHash(event), proof, rootHash });
 */
export function auditLeafHash(event: LogEvent): Uint8Array {
  return hashLeaf(auditLeafBytes(event));
}

/**
 * SHA-256 (hex) of the canonical JSON of a request: what an audit event keeps instead of the request.
 * The same request gives the same hash whatever its key order.
 *
 * @example
 * await requestHash({ agent_id: "a", action: "x", action_type: "query" }); // "3b7f…" (64 hex)
 */
export function requestHash(request: unknown): Promise<string> {
  return sha256Hex(canonicalJson(request));
}
