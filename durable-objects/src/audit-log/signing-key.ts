/**
 * The AuditLog's tree-head signer, one of three, chosen by configuration (the same for every tenant's log):
 *
 * - **remote** — `AUDIT_SIGNER_URL` set: a cloud KMS or signing service over HTTP (`@nethical/hsm/remote-signer`,
 *   fetch only, no native code), key `AUDIT_SIGNER_KEY_ID`, public key pinned by `AUDIT_SIGNER_PUBLIC_KEY`
 *   (a public Ed25519 JWK as JSON; without it the service is asked once), bearer token the secret
 *   `AUDIT_SIGNER_TOKEN`. A failing service is the failure `signer_unavailable`: no head is signed, and
 *   there is never a fallback to a software key.
 * - **secret** — `AUDIT_SIGNING_KEY`, a private Ed25519 JWK (`{"kty":"OKP","crv":"Ed25519","x":…,"d":…}`).
 * - **development** — neither set and `ENVIRONMENT = "development"`: each AuditLog generates a key on first
 *   use and keeps it in its own storage (`meta` table). Outside development there is no such fallback (a
 *   `misconfigured` error), and a development key kept from earlier is never used.
 *
 * Setting both `AUDIT_SIGNER_URL` and `AUDIT_SIGNING_KEY` is `misconfigured` (which one signs must not be a
 * guess). A value that is set but unusable is an error, never a silent fallback.
 *
 * The key list (key-list.ts) adds the public keys of earlier (and revoked) tree-head keys from
 * `AUDIT_PUBLIC_KEYS`; a current key that the list marks revoked or out of its window does not sign.
 */
import { generateSoftwareSigner, publicJwkOf, sha256Hex, softwareSignerFromJwk, type Signer } from "@nethical/core";
import type { AuditKeyEntry, AuditPublicKey } from "@nethical/core";
import { httpSigningClient, remoteSigner, RemoteSignerError } from "@nethical/hsm/remote-signer";
import { DurableObjectError } from "../errors.ts";
import { auditKeyList, type AuditKeyListEnv } from "./key-list.ts";

const META_SCHEMA = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)";
const DEV_KEY = "dev_signing_key";
/** Per remote signing call. */
export const REMOTE_SIGNER_TIMEOUT_MS = 5_000;

/** The configuration the tree-head key comes from (all optional in `Env`). */
export interface AuditKeyEnv extends AuditKeyListEnv {
  readonly AUDIT_SIGNING_KEY?: string;
  readonly AUDIT_SIGNER_URL?: string;
  readonly AUDIT_SIGNER_KEY_ID?: string;
  readonly AUDIT_SIGNER_PUBLIC_KEY?: string;
  readonly AUDIT_SIGNER_TOKEN?: string;
  readonly ENVIRONMENT?: string;
}

/** The signer, the public key to publish with tree heads and exports, and every tree-head key. */
export interface AuditSigningKey {
  signer: Signer;
  publicKey: AuditPublicKey;
  /** "remote" (AUDIT_SIGNER_URL), "secret" (AUDIT_SIGNING_KEY) or "development" (kept in the Durable Object). */
  origin: "remote" | "secret" | "development";
  /** The current key and those of AUDIT_PUBLIC_KEYS, with their status (GET /v2/audit/keys). */
  keys: AuditKeyEntry[];
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

function set(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== "";
}

function publicOf(keyId: string, jwk: JsonWebKey): AuditPublicKey {
  return { key_id: keyId, jwk: { kty: "OKP", crv: "Ed25519", x: String(publicJwkOf(jwk).x) } };
}

async function fromJwk(jwk: JsonWebKey): Promise<{ signer: Signer; publicKey: AuditPublicKey }> {
  const keyId = await auditKeyId(publicJwkOf(jwk));
  return { signer: await softwareSignerFromJwk(keyId, jwk), publicKey: publicOf(keyId, jwk) };
}

/** A remote signer whose failures are `signer_unavailable` (the remote code and message in the detail). */
function unavailableOnFailure(signer: Signer): Signer {
  return {
    ...signer,
    async sign(bytes) {
      try {
        return await signer.sign(bytes);
      } catch (error) {
        throw signerUnavailable(error);
      }
    },
  };
}

function signerUnavailable(error: unknown): DurableObjectError {
  const code = error instanceof RemoteSignerError ? error.code : "error";
  return new DurableObjectError("signer_unavailable", `the tree-head signing service failed [${code}]: ${(error as Error)?.message ?? String(error)}`);
}

/** The signing service's bearer credential (the secret AUDIT_SIGNER_TOKEN), when set; never logged. */
function bearerOf(env: AuditKeyEnv): { authToken?: string } {
  const value = env.AUDIT_SIGNER_TOKEN;
  return set(value) ? { authToken: value } : {};
}

async function fromRemote(env: AuditKeyEnv, fetcher: typeof fetch | undefined): Promise<{ signer: Signer; publicKey: AuditPublicKey }> {
  if (set(env.AUDIT_SIGNING_KEY)) throw new DurableObjectError("misconfigured", "both AUDIT_SIGNER_URL and AUDIT_SIGNING_KEY are set: choose one tree-head signer");
  if (!set(env.AUDIT_SIGNER_KEY_ID)) throw new DurableObjectError("misconfigured", "AUDIT_SIGNER_URL is set without AUDIT_SIGNER_KEY_ID");
  let pinned: JsonWebKey | undefined;
  if (set(env.AUDIT_SIGNER_PUBLIC_KEY)) {
    try {
      pinned = publicJwkOf(JSON.parse(env.AUDIT_SIGNER_PUBLIC_KEY) as JsonWebKey);
    } catch {
      throw new DurableObjectError("misconfigured", "AUDIT_SIGNER_PUBLIC_KEY is not a public Ed25519 JWK (JSON)");
    }
  }
  const client = httpSigningClient({
    url: env.AUDIT_SIGNER_URL as string,
    ...bearerOf(env),
    ...(fetcher !== undefined ? { fetch: fetcher } : {}),
  });
  let signer: Signer;
  try {
    signer = await remoteSigner({ keyId: env.AUDIT_SIGNER_KEY_ID, client, timeoutMs: REMOTE_SIGNER_TIMEOUT_MS, ...(pinned !== undefined ? { publicKeyJwk: pinned } : {}) });
  } catch (error) {
    if (error instanceof RemoteSignerError) throw signerUnavailable(error);
    throw new DurableObjectError("misconfigured", `the remote tree-head signer cannot be set up: ${(error as Error)?.message ?? String(error)}`);
  }
  return { signer: unavailableOnFailure(signer), publicKey: publicOf(signer.keyId, await signer.publicKey()) };
}

async function fromDevelopment(sql: SqlStorage): Promise<{ signer: Signer; publicKey: AuditPublicKey }> {
  sql.exec(META_SCHEMA);
  const stored = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", DEV_KEY).toArray()[0];
  if (stored !== undefined) return fromJwk(JSON.parse(stored.value) as JsonWebKey);
  const generated = await generateSoftwareSigner("audit-dev");
  sql.exec("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", DEV_KEY, JSON.stringify(generated.privateKeyJwk));
  const kept = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", DEV_KEY).one();
  return fromJwk(JSON.parse(kept.value) as JsonWebKey);
}

async function pickSigner(env: AuditKeyEnv, sql: SqlStorage, fetcher: typeof fetch | undefined): Promise<{ signer: Signer; publicKey: AuditPublicKey; origin: AuditSigningKey["origin"] }> {
  if (set(env.AUDIT_SIGNER_URL)) return { ...(await fromRemote(env, fetcher)), origin: "remote" };
  if (set(env.AUDIT_SIGNING_KEY)) {
    let jwk: JsonWebKey;
    try {
      jwk = JSON.parse(env.AUDIT_SIGNING_KEY) as JsonWebKey;
    } catch {
      throw new DurableObjectError("misconfigured", "AUDIT_SIGNING_KEY is not JSON: it must be a private Ed25519 JWK");
    }
    return { ...(await fromJwk(jwk)), origin: "secret" };
  }
  if (env.ENVIRONMENT !== "development") {
    throw new DurableObjectError("misconfigured", `AUDIT_SIGNING_KEY is not set: refusing to generate or use a development key outside development (ENVIRONMENT=${env.ENVIRONMENT ?? "unset"})`);
  }
  return { ...(await fromDevelopment(sql)), origin: "development" };
}

/**
 * The configuration a loaded key depends on, as one string (to reload when it differs; never logged).
 *
 * @example
 * if (cached.config !== auditKeyConfig(env)) cached = { config: auditKeyConfig(env), key: loadAuditSigningKey(env, sql) };
 */
export function auditKeyConfig(env: AuditKeyEnv): string {
  return JSON.stringify([env.ENVIRONMENT, env.AUDIT_SIGNING_KEY, env.AUDIT_SIGNER_URL, env.AUDIT_SIGNER_KEY_ID, env.AUDIT_SIGNER_PUBLIC_KEY, env.AUDIT_SIGNER_TOKEN, env.AUDIT_PUBLIC_KEYS]);
}

/**
 * Load the tree-head signer (see the module comment for the choice) and the key list around it. `fetcher`
 * replaces the global fetch for the remote signer (a service binding's fetch).
 *
 * @example
 * const key = await loadAuditSigningKey(env, ctx.storage.sql);
 * key.origin; // "remote" | "secret" | "development"
 */
export async function loadAuditSigningKey(env: AuditKeyEnv, sql: SqlStorage, fetcher?: typeof fetch, now: number = Date.now()): Promise<AuditSigningKey> {
  const picked = await pickSigner(env, sql, fetcher);
  return { ...picked, keys: auditKeyList(env, picked.publicKey, now) };
}
