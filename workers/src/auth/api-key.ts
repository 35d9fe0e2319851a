/**
 * API key format: `nk_<tenant>.<key_id>.<secret>`. The tenant and key id are not secret; they let the
 * Worker find the key record with one tenant-scoped KV read (`t:<tenant>:key:<key_id>`) and no global
 * index. The 256-bit secret is shown once, when issued; only SHA-256 of the whole key is stored.
 */
import { isTenantId } from "@nethical/durable-objects/storage-keys";

const KEY_ID = /^[0-9a-f]{16}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** Tenant and key id read from a presented key (not yet verified). */
export interface ApiKeyParts {
  tenant: string;
  keyId: string;
}

/**
 * Make a new key for `tenant`: a random 64-bit key id and a 256-bit secret.
 *
 * @example
 * const { keyId, token } = generateApiKey("acme"); // token "nk_acme.<16 hex>.<43 base64url>"
 */
export function generateApiKey(tenant: string): { keyId: string; token: string } {
  const keyId = hex(crypto.getRandomValues(new Uint8Array(8)));
  const secret = base64url(crypto.getRandomValues(new Uint8Array(32)));
  return { keyId, token: `nk_${tenant}.${keyId}.${secret}` };
}

/**
 * Split a presented key into tenant and key id, or null when it is not in the key format.
 *
 * @example
 * parseApiKey("nk_acme.0123456789abcdef." + "A".repeat(43)); // { tenant: "acme", keyId: "0123456789abcdef" }
 * parseApiKey("hello"); // null
 */
export function parseApiKey(token: string): ApiKeyParts | null {
  if (!token.startsWith("nk_") || token.length > 200) return null;
  const parts = token.slice(3).split(".");
  if (parts.length !== 3) return null;
  const [tenant = "", keyId = "", secret = ""] = parts;
  if (!isTenantId(tenant) || !KEY_ID.test(keyId) || !SECRET.test(secret)) return null;
  return { tenant, keyId };
}

/**
 * SHA-256 of a key, lower-case hex: what the key record stores instead of the key.
 *
 * @example
 * await hashApiKey("nk_acme.…"); // "9f86d0…" (64 hex chars)
 */
export async function hashApiKey(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return hex(new Uint8Array(digest));
}

/**
 * Compare two strings in constant time (for their lengths' hashes): hashes both with SHA-256 and
 * compares the digests with `crypto.subtle.timingSafeEqual`, so neither length nor content leaks.
 *
 * @example
 * await constantTimeEqual(presented, env.BOOTSTRAP_ADMIN_KEY); // true / false
 */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [da, db] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(a)),
    crypto.subtle.digest("SHA-256", encoder.encode(b)),
  ]);
  return crypto.subtle.timingSafeEqual(da, db);
}

function hex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
