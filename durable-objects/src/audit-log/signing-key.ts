/**
 * The AuditLog's tree-head signer. Production: the secret `AUDIT_SIGNING_KEY`, a private Ed25519 JWK
 * (`{"kty":"OKP","crv":"Ed25519","x":…,"d":…}`), the same for every tenant's log. Without it (local
 * development), each AuditLog generates a key on first use and keeps it in its own storage (`meta` table):
 * fine for `wrangler dev`, not for production — an operator with storage access could re-sign. Outside
 * `ENVIRONMENT = "development"` (staging, production, or ENVIRONMENT unset) there is no fallback: without
 * the secret nothing is signed (a `misconfigured` error), and a development key kept from earlier is never
 * used. A secret that is set but unusable is an error, never a silent fallback to a development key.
 */
import { generateSoftwareSigner, publicJwkOf, sha256Hex, softwareSignerFromJwk, type Signer } from "@nethical/core";
import type { AuditPublicKey } from "@nethical/core";
import { DurableObjectError } from "../errors.ts";

const META_SCHEMA = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)";
const DEV_KEY = "dev_signing_key";

/** The signer and the public key to publish with tree heads and exports. */
export interface AuditSigningKey {
  signer: Signer;
  publicKey: AuditPublicKey;
  /** "secret" (AUDIT_SIGNING_KEY) or "development" (generated and kept in the Durable Object). */
  origin: "secret" | "development";
}

/**
 * The key id of an Ed25519 public key: `audit-` and the first 16 hex of SHA-256 of its `x`.
 *
 * @example
 * await auditKeyId({ kty: "OKP", crv: "Ed25519", x }); // "audit-3b1f0c…"
 */
export async function auditKeyId(publicJwk: JsonWebKey): Promise<string> {
  return `audit-${(await sha256Hex(String(publicJwkOf(publicJwk).x))).slice(0, 16)}`;
}

async function fromJwk(jwk: JsonWebKey, origin: AuditSigningKey["origin"]): Promise<AuditSigningKey> {
  const pub = publicJwkOf(jwk);
  const keyId = await auditKeyId(pub);
  const signer = await softwareSignerFromJwk(keyId, jwk);
  return { signer, publicKey: { key_id: keyId, jwk: { kty: "OKP", crv: "Ed25519", x: String(pub.x) } }, origin };
}

/**
 * Load the signing key: from `secret` when set, else — in development only — the development key kept in
 * `sql` (made once). `environment` is `ENVIRONMENT`; anything but "development" refuses the fallback.
 *
 * @example
 * const key = await loadAuditSigningKey(env.AUDIT_SIGNING_KEY, ctx.storage.sql, env.ENVIRONMENT);
 */
export async function loadAuditSigningKey(secret: string | undefined, sql: SqlStorage, environment: string | undefined): Promise<AuditSigningKey> {
  if (secret !== undefined && secret.trim() !== "") {
    let jwk: JsonWebKey;
    try {
      jwk = JSON.parse(secret) as JsonWebKey;
    } catch {
      throw new DurableObjectError("misconfigured", "AUDIT_SIGNING_KEY is not JSON: it must be a private Ed25519 JWK");
    }
    return fromJwk(jwk, "secret");
  }
  if (environment !== "development") {
    throw new DurableObjectError("misconfigured", `AUDIT_SIGNING_KEY is not set: refusing to generate or use a development key outside development (ENVIRONMENT=${environment ?? "unset"})`);
  }
  sql.exec(META_SCHEMA);
  const stored = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", DEV_KEY).toArray()[0];
  if (stored !== undefined) return fromJwk(JSON.parse(stored.value) as JsonWebKey, "development");
  const generated = await generateSoftwareSigner("audit-dev");
  sql.exec("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", DEV_KEY, JSON.stringify(generated.privateKeyJwk));
  const kept = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", DEV_KEY).one();
  return fromJwk(JSON.parse(kept.value) as JsonWebKey, "development");
}
