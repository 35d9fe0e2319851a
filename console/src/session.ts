/**
 * The session: the API key lives in sessionStorage only (gone when the tab closes; never in localStorage,
 * never in a URL). The audit log's public key is pinned: from `/console/config.json` (`audit_public_key`)
 * when the deployment ships one, otherwise on first use per tenant in this browser (trust on first use,
 * kept in localStorage — it is public, not a secret) and compared on every later login.
 */

const KEY = "nethical.console.key";
const PIN_PREFIX = "nethical.console.audit-key.";

/** An audit public key (`public_key` of `GET /v2/audit/tree-head`). */
export interface PinnedKey {
  key_id: string;
  jwk: { kty: "OKP"; crv: "Ed25519"; x: string };
}

/** Where the pin came from. */
export type PinSource = "config" | "first-use";

/**
 * The stored API key, if any.
 *
 * @example
 * const key = storedKey(); // null before login
 */
export function storedKey(): string | null {
  return sessionStorage.getItem(KEY);
}

/**
 * Keep the API key for this tab's session.
 *
 * @example
 * storeKey(input.value);
 */
export function storeKey(key: string): void {
  sessionStorage.setItem(KEY, key);
}

/**
 * Forget the API key (log out).
 *
 * @example
 * forgetKey();
 */
export function forgetKey(): void {
  sessionStorage.removeItem(KEY);
}

/**
 * Whether a value looks like an audit public key.
 *
 * @example
 * if (isPinnedKey(JSON.parse(stored))) pinned = JSON.parse(stored);
 */
export function isPinnedKey(value: unknown): value is PinnedKey {
  const v = value as PinnedKey | null;
  return typeof v?.key_id === "string" && v.jwk?.kty === "OKP" && v.jwk.crv === "Ed25519" && typeof v.jwk.x === "string";
}

/**
 * The tenant's pin from an earlier login in this browser, if any.
 *
 * @example
 * firstUsePin("acme");
 */
export function firstUsePin(tenant: string): PinnedKey | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(PIN_PREFIX + tenant) ?? "null");
    return isPinnedKey(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Pin `key` for `tenant` in this browser (first use).
 *
 * @example
 * pinFirstUse("acme", head.public_key);
 */
export function pinFirstUse(tenant: string, key: PinnedKey): void {
  localStorage.setItem(PIN_PREFIX + tenant, JSON.stringify({ key_id: key.key_id, jwk: { kty: "OKP", crv: "Ed25519", x: key.jwk.x } }));
}
