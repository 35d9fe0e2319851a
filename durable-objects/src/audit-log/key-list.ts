/**
 * Every tree-head key of the AuditLog (`GET /v2/audit/keys`): the current signer's public key and the
 * configured `AUDIT_PUBLIC_KEYS` — a JSON array of public keys with windows and revocation
 * (`[{"key_id","jwk":{"kty":"OKP","crv":"Ed25519","x"},"not_before"?,"not_after"?,"revoked_at"?,"revocation_reason"?}]`,
 * a plain variable: it holds no secret). Earlier keys' private halves are gone from the Worker; their
 * public halves stay listed so heads and exports they signed keep verifying after a rotation.
 *
 * The current key may be listed too (to give it a `not_before`); if the list says it is revoked, or
 * outside its window now, or gives another public key under its id, nothing is signed (`misconfigured`).
 */
import { AuditKeyConfigSchema, MAX_AUDIT_KEYS, withStatus, type AuditKeyConfig, type AuditKeyEntry, type AuditPublicKey } from "@nethical/core";
import { DurableObjectError } from "../errors.ts";

/** The configuration the list comes from. */
export interface AuditKeyListEnv {
  readonly AUDIT_PUBLIC_KEYS?: string;
}

/**
 * Parse `AUDIT_PUBLIC_KEYS` (absent or empty: no earlier keys).
 *
 * @example
 * configuredAuditKeys({ AUDIT_PUBLIC_KEYS: '[{"key_id":"audit-2026","jwk":{…},"not_after":"2026-12-31T23:59:59Z"}]' });
 */
export function configuredAuditKeys(env: AuditKeyListEnv): AuditKeyConfig[] {
  const raw = env.AUDIT_PUBLIC_KEYS;
  if (raw === undefined || raw.trim() === "") return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new DurableObjectError("misconfigured", "AUDIT_PUBLIC_KEYS is not JSON: it must be an array of public tree-head keys");
  }
  const parsed = AuditKeyConfigSchema.array().max(MAX_AUDIT_KEYS - 1).safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DurableObjectError("misconfigured", `AUDIT_PUBLIC_KEYS is not a list of public tree-head keys: ${issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid"}`);
  }
  const ids = new Set<string>();
  for (const key of parsed.data) {
    if (ids.has(key.key_id)) throw new DurableObjectError("misconfigured", `AUDIT_PUBLIC_KEYS lists key "${key.key_id}" twice`);
    ids.add(key.key_id);
  }
  return parsed.data;
}

/**
 * The key list with statuses, the current key last. Refuses (`misconfigured`) a current key that the list
 * revokes, places outside its window at `now`, or lists with another public key.
 *
 * @example
 * auditKeyList(env, key.publicKey, Date.now()); // [{ key_id: "audit-2026…", status: "retired" }, { …, status: "current" }]
 */
export function auditKeyList(env: AuditKeyListEnv, current: AuditPublicKey, now: number): AuditKeyEntry[] {
  const configured = configuredAuditKeys(env);
  const listed = configured.find((k) => k.key_id === current.key_id);
  if (listed !== undefined) {
    if (listed.jwk.x !== current.jwk.x) throw new DurableObjectError("misconfigured", `AUDIT_PUBLIC_KEYS lists "${current.key_id}" with another public key than the signer's`);
    if (listed.revoked_at !== undefined) throw new DurableObjectError("misconfigured", `the tree-head key "${current.key_id}" is revoked in AUDIT_PUBLIC_KEYS: refusing to sign with it`);
    const from = listed.not_before === undefined ? -Infinity : Date.parse(listed.not_before);
    const to = listed.not_after === undefined ? Infinity : Date.parse(listed.not_after);
    if (now < from || now > to) throw new DurableObjectError("misconfigured", `the tree-head key "${current.key_id}" is outside its window (${listed.not_before ?? "…"} to ${listed.not_after ?? "…"}) in AUDIT_PUBLIC_KEYS`);
  }
  const others = configured.filter((k) => k.key_id !== current.key_id);
  return withStatus([...others, listed ?? { key_id: current.key_id, jwk: current.jwk }], current.key_id);
}
