/**
 * Witness cosignatures of signed tree heads: an independent witness (its own Ed25519 key, its own Durable
 * Object) signs "I saw log L at size N with root R, signed by key K at T, and it is consistent with every
 * head of L I cosigned before". A tenant holding a head with a valid cosignature knows that a split view
 * (two different logs shown to two parties) would need the witness key as well as the tree-head key.
 *
 * The cosignature covers these canonical bytes (UTF-8, every line ending in "\n"):
 *
 * ```
 * nethical/witness-cosignature/v1
 * log_id <log_id>
 * tree_size <tree_size>
 * root_hash <root_hash>
 * timestamp <head timestamp>
 * key_id <head key_id>
 * cosigned_at <ms>
 * witness_key_id <witness key id>
 * ```
 */
import * as z from "zod";
import { base64Decode } from "../merkle/base64.ts";
import type { TreeHead } from "../merkle/tree-head.ts";
import { KEY_ID_PATTERN, type Signer, type Verifier } from "../signing/keys.ts";
import { base64Encode } from "../merkle/base64.ts";

/** First line of the signed bytes. */
export const COSIGNATURE_HEADER = "nethical/witness-cosignature/v1";

/** A witness's cosignature of one signed tree head (the head itself travels beside it). */
export const CosignatureSchema = z.strictObject({
  witness_key_id: z.string().regex(KEY_ID_PATTERN),
  /** When the witness cosigned (ms since the epoch). */
  cosigned_at: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** Ed25519 signature over {@link cosignatureBytes}, padded base64. */
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, "a 64-byte Ed25519 signature in padded base64"),
});
export type Cosignature = z.infer<typeof CosignatureSchema>;

/**
 * The bytes a cosignature covers.
 *
 * @example
 * new TextDecoder().decode(cosignatureBytes(head, 1767225600000, "witness-3b1f…")).split("\n")[0]; // "nethical/witness-cosignature/v1"
 */
export function cosignatureBytes(head: Pick<TreeHead, "log_id" | "tree_size" | "root_hash" | "timestamp" | "key_id">, cosignedAt: number, witnessKeyId: string): Uint8Array {
  const lines = [
    COSIGNATURE_HEADER,
    `log_id ${head.log_id}`,
    `tree_size ${head.tree_size}`,
    `root_hash ${head.root_hash}`,
    `timestamp ${head.timestamp}`,
    `key_id ${head.key_id}`,
    `cosigned_at ${cosignedAt}`,
    `witness_key_id ${witnessKeyId}`,
  ];
  return new TextEncoder().encode(`${lines.join("\n")}\n`);
}

/**
 * Cosign `head` with the witness's signer (the caller has checked consistency first).
 *
 * @example
 * const cosig = await cosignTreeHead(head, witnessSigner, Date.now());
 */
export async function cosignTreeHead(head: TreeHead, signer: Signer, cosignedAt: number): Promise<Cosignature> {
  const signature = await signer.sign(cosignatureBytes(head, cosignedAt, signer.keyId));
  return { witness_key_id: signer.keyId, cosigned_at: cosignedAt, signature: base64Encode(signature) };
}

/**
 * Check a cosignature of `head` against pinned witness verifiers. Never throws.
 *
 * @example
 * await verifyCosignature(head, cosig, [createVerifier("witness-3b1f…", witnessJwk)]); // { ok: true, … }
 */
export async function verifyCosignature(head: TreeHead, cosignature: unknown, verifiers: readonly Verifier[]): Promise<{ ok: boolean; detail: string }> {
  // Extra fields (e.g. `witness_public_key` beside it in GET /v2/audit/tree-head) are not part of what is signed.
  const parsed = z.object(CosignatureSchema.shape).safeParse(cosignature);
  if (!parsed.success) return { ok: false, detail: `cosignature is malformed: ${parsed.error.issues[0]?.message ?? "invalid"}` };
  const c = parsed.data;
  const verifier = verifiers.find((v) => v.keyId === c.witness_key_id);
  if (verifier === undefined) return { ok: false, detail: `cosignature by witness key "${c.witness_key_id}", which is not a pinned witness key` };
  let ok = false;
  try {
    ok = await verifier.verify(cosignatureBytes(head, c.cosigned_at, c.witness_key_id), base64Decode(c.signature));
  } catch {
    ok = false;
  }
  return ok
    ? { ok: true, detail: `witness "${c.witness_key_id}" cosigned size ${head.tree_size} at ${new Date(c.cosigned_at).toISOString()}` }
    : { ok: false, detail: `witness "${c.witness_key_id}": the cosignature does not verify for this head` };
}
