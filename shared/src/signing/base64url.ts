/**
 * base64url without padding (RFC 4648 §5), the encoding of JWK members and bundle signatures. It is the
 * strict standard base64 of merkle/base64.ts with the URL alphabet and no padding, so decoding is just as
 * strict: only the canonical encoding of some bytes is accepted (no padding, no whitespace, zero trailing
 * bits), and one signature has exactly one text form.
 */
import { base64Decode, base64Encode } from "../merkle/base64.ts";

/** Thrown by {@link base64UrlDecode} for text that is not canonical unpadded base64url. */
export class Base64UrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Base64UrlError";
  }
}

/**
 * Encode bytes as unpadded base64url.
 *
 * @example
 * base64UrlEncode(new Uint8Array([251, 255])); // "-_8"
 */
export function base64UrlEncode(bytes: Uint8Array): string {
  return base64Encode(bytes).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

/**
 * Decode canonical unpadded base64url. Throws Base64UrlError otherwise.
 *
 * @example
 * base64UrlDecode("-_8"); // Uint8Array [251, 255]
 */
export function base64UrlDecode(text: string): Uint8Array {
  const bad = /[^A-Za-z0-9_-]/.exec(text);
  if (bad !== null) throw new Base64UrlError(`invalid base64url character at offset ${bad.index}`);
  const tail = text.length % 4;
  if (tail === 1) throw new Base64UrlError("invalid base64url length");
  const standard = text.replace(/-/g, "+").replace(/_/g, "/") + (tail === 0 ? "" : "=".repeat(4 - tail));
  try {
    return base64Decode(standard);
  } catch {
    throw new Base64UrlError("non-canonical base64url (trailing bits set)");
  }
}
