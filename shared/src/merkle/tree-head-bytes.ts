/**
 * The signed bytes of a tree head and the Ed25519 check over them, without a schema library: what
 * `tree-head.ts` uses after its zod validation, and what a client that must stay small (the TypeScript
 * client bundles this module, not zod) uses after its own shape check, {@link treeHeadShapeProblem}.
 *
 * The bytes (UTF-8, every line ending in "\n", decimal integers, hashes in padded base64):
 *
 * ```
 * nethical/tree-head/v1
 * log_id <log_id>
 * tree_size <tree_size>
 * root_hash <root_hash>
 * timestamp <timestamp>
 * key_id <key_id>
 * ```
 */
import { KEY_ID_PATTERN, type Verifier } from "../signing/keys.ts";
import { base64Decode } from "./base64.ts";
import { rejected, verified, type Verification } from "./verification.ts";

/** First line of the signed bytes (domain separation and format version). */
export const TREE_HEAD_HEADER = "nethical/tree-head/v1";
/** Log ids (the tenant): 1–256 characters, no control characters (they would break the line format). */
export const LOG_ID_PATTERN = /^[^\u0000-\u001f\u007f]{1,256}$/u;

/** The fields a signature covers. */
export interface TreeHeadFields {
  readonly log_id: string;
  readonly tree_size: number;
  readonly root_hash: string;
  readonly timestamp: number;
  readonly key_id: string;
}

/** A tree head with its signature (padded base64 of 64 bytes). */
export interface SignedTreeHeadFields extends TreeHeadFields {
  readonly signature: string;
}

function isBase64OfLength(text: unknown, bytes: number): boolean {
  if (typeof text !== "string") return false;
  try {
    return base64Decode(text).length === bytes;
  } catch {
    return false;
  }
}

function isCount(n: unknown): boolean {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}

/**
 * The first problem with an untrusted signed tree head's shape, or undefined when it is well formed (the
 * same rules as `TreeHeadSchema`, minus its refusal of extra fields).
 *
 * @example
 * treeHeadShapeProblem({ log_id: "acme", tree_size: -1, … }); // "tree_size must be a non-negative safe integer"
 */
export function treeHeadShapeProblem(head: unknown): string | undefined {
  if (head === null || typeof head !== "object") return "tree head is not an object";
  const h = head as Record<string, unknown>;
  if (typeof h.log_id !== "string" || !LOG_ID_PATTERN.test(h.log_id)) return "log_id must be 1–256 characters without control characters";
  if (!isCount(h.tree_size)) return "tree_size must be a non-negative safe integer";
  if (!isBase64OfLength(h.root_hash, 32)) return "root_hash must be a 32-byte hash in padded base64";
  if (!isCount(h.timestamp)) return "timestamp must be a non-negative safe integer";
  if (typeof h.key_id !== "string" || !KEY_ID_PATTERN.test(h.key_id)) return "key_id must be 1–128 characters of [A-Za-z0-9._:-]";
  if (!isBase64OfLength(h.signature, 64)) return "signature must be a 64-byte Ed25519 signature in padded base64";
  return undefined;
}

/**
 * The exact bytes a tree head signature covers. The fields must already be valid (see
 * {@link treeHeadShapeProblem}); nothing is checked here.
 *
 * @example
 * new TextDecoder().decode(treeHeadBytes(head)); // "nethical/tree-head/v1\nlog_id acme\n…key_id audit-2026\n"
 */
export function treeHeadBytes(head: TreeHeadFields): Uint8Array {
  const text = `${TREE_HEAD_HEADER}\nlog_id ${head.log_id}\ntree_size ${head.tree_size}\nroot_hash ${head.root_hash}\ntimestamp ${head.timestamp}\nkey_id ${head.key_id}\n`;
  return new TextEncoder().encode(text);
}

/**
 * Check the Ed25519 signature of a well-formed tree head with the verifier of its `key_id`. Never throws.
 *
 * @example
 * await verifyTreeHeadSignature(head, [verifier]); // { ok: true }
 */
export async function verifyTreeHeadSignature(head: SignedTreeHeadFields, verifiers: Verifier | readonly Verifier[]): Promise<Verification> {
  const list: readonly Verifier[] = Array.isArray(verifiers) ? verifiers : [verifiers as Verifier];
  const verifier = list.find((v) => v.keyId === head.key_id);
  if (verifier === undefined) return rejected(`tree head is signed by unknown key "${head.key_id}"`);
  try {
    const ok = await verifier.verify(treeHeadBytes(head), base64Decode(head.signature));
    return ok ? verified() : rejected(`tree head signature does not verify with key "${head.key_id}"`);
  } catch (error) {
    return rejected(`tree head signature could not be checked: ${error instanceof Error ? error.message : String(error)}`);
  }
}
