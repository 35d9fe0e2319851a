/**
 * A request's fairness cohort: the value of the context field the tenant names, turned into a keyed
 * pseudonym so no audit record, export or Postgres row holds the value itself. The pseudonym is
 * HMAC-SHA256(salt, field ‖ 0x00 ‖ canonical JSON of the value), first 128 bits in hex; the salt is the
 * tenant's (random, kept with its fairness setting), so a log reader without it cannot test guesses of
 * a low-cardinality value. Values the tenant declares get their label back in reports (the server
 * computes their pseudonyms); others stay pseudonyms. Only strings, numbers and booleans form cohorts.
 */
import { canonicalJson } from "../util/canonical-json.ts";
import { bytesToHex } from "../util/sha256.ts";

const encoder = new TextEncoder();

/**
 * The value at a dotted path of the request's context, if it is a string, number or boolean.
 *
 * @example
 * contextValue({ applicant: { group: "B" } }, "applicant.group"); // "B"
 */
export function contextValue(context: Record<string, unknown> | undefined, path: string): string | number | boolean | undefined {
  let value: unknown = context;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object" || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : undefined;
}

/**
 * An HMAC key for cohort pseudonyms, from the tenant's salt (bytes).
 *
 * @example
 * const key = await cohortKey(salt); // HMAC-SHA-256 key for the cohort pseudonyms of one tenant
 */
export function cohortKey(salt: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", salt as Uint8Array<ArrayBuffer>, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

/**
 * The pseudonym (32 hex characters) of `value` in `field` under `key`.
 *
 * @example
 * await cohortId(await cohortKey(salt), "group", "B"); // "9f2c…" (32 hex)
 */
export async function cohortId(key: CryptoKey, field: string, value: string | number | boolean): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`${field}\u0000${canonicalJson(value)}`));
  return bytesToHex(new Uint8Array(mac).subarray(0, 16));
}
