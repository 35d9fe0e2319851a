/**
 * The tree-head key list: every Ed25519 key that has signed (or signs) a tenant's audit tree heads, with its
 * validity window and revocation, as `GET /v2/audit/keys` publishes it and `nethical audit verify --keys`
 * reads it. One key is `current` (it signs new heads); `retired` keys signed heads in their window and
 * still verify them; a `revoked` key's heads stamped at or after `revoked_at` are refused (the key may be in
 * other hands from then on), with the code `key_revoked`, distinct from an unknown key or a head outside
 * the key's window. Times are ISO 8601 (UTC); tree heads carry their `timestamp` in ms, which is what is
 * compared. Pure: no clock; the caller passes heads and keys.
 *
 * A head stamped before `revoked_at` by a revoked key is accepted with a caveat in the detail: whoever holds
 * the key can back-date a head, so such a head is only as good as an earlier copy the auditor kept (a head
 * from Postgres `tree_heads`, or one checked before the revocation) — compare roots, or ask for a
 * consistency proof from a head signed by a key that is not revoked.
 */
import * as z from "zod";
import type { TreeHead } from "../merkle/tree-head.ts";
import { KEY_ID_PATTERN, type Verifier } from "../signing/keys.ts";
import { createVerifier } from "../signing/verifier.ts";
import { AuditPublicKeySchema } from "./segment.ts";

/** Most keys in one list. */
export const MAX_AUDIT_KEYS = 64;

const IsoTime = z.iso.datetime({ offset: true });

/** A key's state: signs now, signed in the past, or revoked. */
export const AUDIT_KEY_STATUSES = ["current", "retired", "revoked"] as const;
export type AuditKeyStatus = (typeof AUDIT_KEY_STATUSES)[number];

/** One key as configured (`AUDIT_PUBLIC_KEYS`): its public half, window and revocation. */
export const AuditKeyConfigSchema = z.strictObject({
  key_id: z.string().regex(KEY_ID_PATTERN),
  jwk: AuditPublicKeySchema.shape.jwk,
  /** The first head time the key may sign (inclusive); absent: from the beginning. */
  not_before: IsoTime.optional(),
  /** The last head time the key may sign (inclusive); absent: open (the current key). */
  not_after: IsoTime.optional(),
  /** From this time on, heads signed by the key are refused. */
  revoked_at: IsoTime.optional(),
  /** Why it was revoked (for the auditor; e.g. "compromised", "token lost"). */
  revocation_reason: z.string().min(1).max(200).optional(),
});
export type AuditKeyConfig = z.infer<typeof AuditKeyConfigSchema>;

/** A listed key: its configuration and its status. */
export const AuditKeyEntrySchema = AuditKeyConfigSchema.extend({ status: z.enum(AUDIT_KEY_STATUSES) });
export type AuditKeyEntry = z.infer<typeof AuditKeyEntrySchema>;

/** The list `GET /v2/audit/keys` answers. */
export const AuditKeyListSchema = z.strictObject({
  log_id: z.string().min(1).max(256),
  current_key_id: z.string().regex(KEY_ID_PATTERN),
  keys: z.array(AuditKeyEntrySchema).min(1).max(MAX_AUDIT_KEYS),
});
export type AuditKeyList = z.infer<typeof AuditKeyListSchema>;

/** Why a head's key is not acceptable. */
export type HeadKeyRefusal = "unknown_key" | "key_mismatch" | "key_revoked" | "outside_window";

/** What {@link checkHeadKey} decided. */
export type HeadKeyVerdict = { ok: true; key: AuditKeyEntry; verifier: Verifier; detail: string } | { ok: false; code: HeadKeyRefusal; detail: string };

function ms(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : Date.parse(iso);
}

/**
 * Is `head` signed by a key of `keys` that may sign a head of its time? The signature itself is checked by
 * `verifyTreeHead` with the returned verifier. `shippedKey` (the public key inside a segment or answer) must
 * be the listed key of that id when given (`key_mismatch` otherwise: a substituted key).
 *
 * @example
 * const verdict = checkHeadKey(segment.tree_head, list.keys, segment.public_key);
 * if (!verdict.ok) console.log(verdict.code); // "key_revoked"
 * else await verifyTreeHead(segment.tree_head, verdict.verifier);
 */
export function checkHeadKey(head: Pick<TreeHead, "key_id" | "timestamp">, keys: readonly AuditKeyConfig[], shippedKey?: { key_id: string; jwk: { x: string } }): HeadKeyVerdict {
  const key = keys.find((k) => k.key_id === head.key_id);
  const at = new Date(head.timestamp).toISOString();
  if (key === undefined) return { ok: false, code: "unknown_key", detail: `key "${head.key_id}" is not in the key list` };
  const entry: AuditKeyEntry = { ...key, status: "status" in key ? (key as AuditKeyEntry).status : key.revoked_at !== undefined ? "revoked" : "retired" };
  if (shippedKey !== undefined && shippedKey.key_id === key.key_id && shippedKey.jwk.x !== key.jwk.x) {
    return { ok: false, code: "key_mismatch", detail: `the public key shipped as "${key.key_id}" is not the listed key of that id` };
  }
  const revokedAt = ms(key.revoked_at);
  if (revokedAt !== undefined && head.timestamp >= revokedAt) {
    const why = key.revocation_reason !== undefined ? ` (${key.revocation_reason})` : "";
    return { ok: false, code: "key_revoked", detail: `REVOKED KEY: "${key.key_id}" was revoked at ${key.revoked_at}${why}; this head is stamped ${at}, after the revocation: refused` };
  }
  const from = ms(key.not_before);
  const to = ms(key.not_after);
  if ((from !== undefined && head.timestamp < from) || (to !== undefined && head.timestamp > to)) {
    return { ok: false, code: "outside_window", detail: `key "${key.key_id}" may sign heads from ${key.not_before ?? "the beginning"} to ${key.not_after ?? "now"}; this head is stamped ${at}` };
  }
  const caveat = revokedAt !== undefined ? `; the key was revoked later (${key.revoked_at}): trust this head only if it matches a copy kept before the revocation` : "";
  return { ok: true, key: entry, verifier: createVerifier(key.key_id, key.jwk), detail: `key "${key.key_id}" (${entry.status}) may sign heads stamped ${at}${caveat}` };
}

/**
 * The status of each configured key when `currentKeyId` signs: `current`, `revoked` (revoked_at set), or
 * `retired`.
 *
 * @example
 * withStatus(configured, "audit-2027"); // [{ key_id: "audit-2026", status: "retired", … }, { key_id: "audit-2027", status: "current", … }]
 */
export function withStatus(keys: readonly AuditKeyConfig[], currentKeyId: string): AuditKeyEntry[] {
  return keys.map((k) => ({ ...k, status: k.revoked_at !== undefined ? "revoked" : k.key_id === currentKeyId ? "current" : "retired" }));
}
