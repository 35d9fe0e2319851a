/**
 * Signed tree heads (STH): the log's commitment "tenant T's log had `tree_size` leaves with root
 * `root_hash` at `timestamp`", signed with Ed25519 through the `Signer` seam of `signing/`.
 *
 * The signature covers these canonical bytes (UTF-8, every line ending in "\n", decimal integers, hashes
 * in padded base64) — a fixed header line makes them useless as any other kind of signed message:
 *
 * ```
 * nethical/tree-head/v1
 * log_id <log_id>
 * tree_size <tree_size>
 * root_hash <root_hash>
 * timestamp <timestamp>
 * key_id <key_id>
 * ```
 *
 * `timestamp` is milliseconds since the Unix epoch, supplied by the caller (core has no clock).
 */
import * as z from "zod";
import { KEY_ID_PATTERN, type Signer, type Verifier } from "../signing/keys.ts";
import { base64Decode, base64Encode } from "./base64.ts";
import { assertHash } from "./hasher.ts";
import { LOG_ID_PATTERN, TREE_HEAD_HEADER, treeHeadBytes, verifyTreeHeadSignature } from "./tree-head-bytes.ts";
import { rejected, type Verification } from "./verification.ts";

export { LOG_ID_PATTERN, TREE_HEAD_HEADER };

function isBase64OfLength(text: string, bytes: number): boolean {
  try {
    return base64Decode(text).length === bytes;
  } catch {
    return false;
  }
}

const SafeCount = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** A tree head before signing. */
export const UnsignedTreeHeadSchema = z.strictObject({
  log_id: z.string().regex(LOG_ID_PATTERN, "log_id must be 1–256 characters without control characters"),
  tree_size: SafeCount,
  root_hash: z.string().refine((s) => isBase64OfLength(s, 32), "root_hash must be a 32-byte hash in padded base64"),
  timestamp: SafeCount,
});
export type UnsignedTreeHead = z.infer<typeof UnsignedTreeHeadSchema>;

/** A signed tree head as served by `GET /v2/audit/tree-head` and kept in exports. */
export const TreeHeadSchema = UnsignedTreeHeadSchema.extend({
  key_id: z.string().regex(KEY_ID_PATTERN, "key_id must be 1–128 characters of [A-Za-z0-9._:-]"),
  signature: z.string().refine((s) => isBase64OfLength(s, 64), "signature must be a 64-byte Ed25519 signature in padded base64"),
});
export type TreeHead = z.infer<typeof TreeHeadSchema>;

/**
 * The unsigned tree head for a root computed by `MerkleLog.root(size)`.
 *
 * @example
 * unsignedTreeHead("acme", log.size, log.root(), Date.UTC(2026, 0, 1));
 * // { log_id: "acme", tree_size: 8, root_hash: "XcnaeacG…Qyg=", timestamp: 1767225600000 }
 */
export function unsignedTreeHead(logId: string, treeSize: number, rootHash: Uint8Array, timestamp: number): UnsignedTreeHead {
  assertHash(rootHash, "unsignedTreeHead: rootHash");
  return UnsignedTreeHeadSchema.parse({ log_id: logId, tree_size: treeSize, root_hash: base64Encode(rootHash), timestamp });
}

/**
 * The exact bytes an STH signature covers (see the module comment). Throws a ZodError for invalid fields.
 *
 * @example
 * new TextDecoder().decode(treeHeadSigningBytes({ ...head, key_id: "audit-2026" }));
 * // "nethical/tree-head/v1\nlog_id acme\ntree_size 8\nroot_hash XcnaeacG…Qyg=\ntimestamp 1767225600000\nkey_id audit-2026\n"
 */
export function treeHeadSigningBytes(head: UnsignedTreeHead & { readonly key_id: string }): Uint8Array {
  const h = UnsignedTreeHeadSchema.parse({ log_id: head.log_id, tree_size: head.tree_size, root_hash: head.root_hash, timestamp: head.timestamp });
  const keyId = TreeHeadSchema.shape.key_id.parse(head.key_id);
  return treeHeadBytes({ ...h, key_id: keyId });
}

/**
 * Sign a tree head with `signer` (its `keyId` becomes `key_id`).
 *
 * @example
 * const sth = await signTreeHead(unsignedTreeHead("acme", log.size, log.root(), now), signer);
 */
export async function signTreeHead(head: UnsignedTreeHead, signer: Signer): Promise<TreeHead> {
  const bytes = treeHeadSigningBytes({ ...head, key_id: signer.keyId });
  const signature = await signer.sign(bytes);
  if (!(signature instanceof Uint8Array) || signature.length !== 64) throw new Error("signTreeHead: the signer did not return a 64-byte Ed25519 signature");
  const { log_id, tree_size, root_hash, timestamp } = head;
  return { log_id, tree_size, root_hash, timestamp, key_id: signer.keyId, signature: base64Encode(signature) };
}

/**
 * Check a tree head from untrusted input: its shape, that one of `verifiers` has its `key_id`, and the
 * Ed25519 signature. Never throws; the reason names the first problem found.
 *
 * @example
 * await verifyTreeHead(JSON.parse(body), [createVerifier("audit-2026", publicJwk)]); // { ok: true }
 */
export async function verifyTreeHead(head: unknown, verifiers: Verifier | readonly Verifier[]): Promise<Verification> {
  const parsed = TreeHeadSchema.safeParse(head);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return rejected(`tree head is malformed: ${issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid"}`);
  }
  return verifyTreeHeadSignature(parsed.data, verifiers);
}
