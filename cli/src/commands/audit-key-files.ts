/**
 * Reading the key files `nethical audit verify` pins: a public key (`--public-key`, `--witness-key`) and the
 * log's key list (`--keys`).
 */
import { readFile } from "node:fs/promises";
import { AuditKeyConfigSchema, AuditKeyListSchema, AuditPublicKeySchema, createVerifier, type AuditKeyConfig, type Verifier } from "@nethical/core";

/**
 * Read a pinned public key: `{ "key_id", "jwk" }` (as in a segment or `GET /v2/audit/tree-head`), or that
 * wrapped as `{ "public_key": … }`.
 *
 * @example
 * const verifier = await readPinnedKey("audit-key.json");
 */
export async function readPinnedKey(file: string): Promise<Verifier> {
  const value = JSON.parse(await readFile(file, "utf8")) as { public_key?: unknown };
  const parsed = AuditPublicKeySchema.safeParse(value.public_key ?? value);
  if (!parsed.success) throw new Error(`${file} is not an audit public key ({"key_id", "jwk": {"kty":"OKP","crv":"Ed25519","x"}})`);
  return createVerifier(parsed.data.key_id, parsed.data.jwk);
}

/**
 * Read the log's key list: the body of `GET /v2/audit/keys` (`{ "log_id", "current_key_id", "keys" }`), or a
 * bare array of keys as in `AUDIT_PUBLIC_KEYS`.
 *
 * @example
 * const keyList = await readKeyList("audit-keys.json");
 */
export async function readKeyList(file: string): Promise<AuditKeyConfig[]> {
  const value: unknown = JSON.parse(await readFile(file, "utf8"));
  const list = Array.isArray(value) ? AuditKeyConfigSchema.array().min(1).safeParse(value) : AuditKeyListSchema.safeParse(value);
  if (!list.success) throw new Error(`${file} is not an audit key list (the body of GET /v2/audit/keys): ${list.error.issues[0]?.message ?? "invalid"}`);
  return Array.isArray(list.data) ? list.data : list.data.keys;
}
