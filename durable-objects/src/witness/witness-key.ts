/**
 * The witness's own Ed25519 key, separate from the tree-head key: `WITNESS_SIGNING_KEY` (secret, a private
 * Ed25519 JWK); unset and `ENVIRONMENT = "development"` → a key generated once and kept in the Witness's own
 * storage; unset anywhere else → `misconfigured` (no cosignature, heads stay visibly uncosigned).
 */
import { generateSoftwareSigner, publicJwkOf, sha256Hex, softwareSignerFromJwk, type AuditPublicKey, type Signer } from "@nethical/core";
import { DurableObjectError } from "../errors.ts";

/** The configuration the witness key comes from. */
export interface WitnessKeyEnv {
  readonly WITNESS_SIGNING_KEY?: string;
  readonly ENVIRONMENT?: string;
}

/** The witness signer, its public key, and where it came from. */
export interface WitnessKey {
  signer: Signer;
  publicKey: AuditPublicKey;
  origin: "secret" | "development";
}

const DEV_KEY = "dev_witness_key";

/**
 * The key id of a witness public key: `witness-` and the first 16 hex of SHA-256 of its `x`.
 *
 * @example
 * await witnessKeyId({ kty: "OKP", crv: "Ed25519", x }); // "witness-9c04…"
 */
export async function witnessKeyId(publicJwk: JsonWebKey): Promise<string> {
  return `witness-${(await sha256Hex(String(publicJwkOf(publicJwk).x))).slice(0, 16)}`;
}

async function fromJwk(jwk: JsonWebKey, origin: WitnessKey["origin"]): Promise<WitnessKey> {
  const keyId = await witnessKeyId(publicJwkOf(jwk));
  return { signer: await softwareSignerFromJwk(keyId, jwk), publicKey: { key_id: keyId, jwk: { kty: "OKP", crv: "Ed25519", x: String(publicJwkOf(jwk).x) } }, origin };
}

/**
 * Load the witness key (see the module comment).
 *
 * @example
 * const key = await loadWitnessKey(env, ctx.storage.sql); // key.origin: "secret" | "development"
 */
export async function loadWitnessKey(env: WitnessKeyEnv, sql: SqlStorage): Promise<WitnessKey> {
  const configured = env.WITNESS_SIGNING_KEY;
  if (configured !== undefined && configured.trim() !== "") {
    let jwk: JsonWebKey;
    try {
      jwk = JSON.parse(configured) as JsonWebKey;
    } catch {
      throw new DurableObjectError("misconfigured", "WITNESS_SIGNING_KEY is not JSON: it must be a private Ed25519 JWK");
    }
    return fromJwk(jwk, "secret");
  }
  if (env.ENVIRONMENT !== "development") {
    throw new DurableObjectError("misconfigured", `WITNESS_SIGNING_KEY is not set: no development witness key outside development (ENVIRONMENT=${env.ENVIRONMENT ?? "unset"})`);
  }
  sql.exec("CREATE TABLE IF NOT EXISTS witness_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  if (sql.exec("SELECT 1 FROM witness_meta WHERE key = ?", DEV_KEY).toArray().length === 0) {
    const generated = await generateSoftwareSigner("witness-dev");
    sql.exec("INSERT OR IGNORE INTO witness_meta (key, value) VALUES (?, ?)", DEV_KEY, JSON.stringify(generated.privateKeyJwk));
  }
  const kept = sql.exec<{ value: string }>("SELECT value FROM witness_meta WHERE key = ?", DEV_KEY).one();
  return fromJwk(JSON.parse(kept.value) as JsonWebKey, "development");
}
