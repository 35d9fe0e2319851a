/**
 * base64url without padding (RFC 4648 §5), the encoding of JWK members and bundle signatures. Decoding is
 * strict: only the canonical encoding of some bytes is accepted (no padding, no whitespace, zero trailing
 * bits), so one signature has exactly one text form.
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

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
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]!;
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]!;
  }
  return out;
}

function sextet(text: string, index: number): number {
  const code = text.charCodeAt(index);
  const value = code < 128 ? (LOOKUP[code] as number) : -1;
  if (value < 0) throw new Base64UrlError(`invalid base64url character at offset ${index}`);
  return value;
}

/**
 * Decode canonical unpadded base64url. Throws Base64UrlError otherwise.
 *
 * @example
 * base64UrlDecode("-_8"); // Uint8Array [251, 255]
 */
export function base64UrlDecode(text: string): Uint8Array {
  const tail = text.length % 4;
  if (tail === 1) throw new Base64UrlError("invalid base64url length");
  const out = new Uint8Array(Math.floor(text.length / 4) * 3 + (tail === 0 ? 0 : tail - 1));
  let o = 0;
  let i = 0;
  for (; i + 3 < text.length; i += 4) {
    const n = (sextet(text, i) << 18) | (sextet(text, i + 1) << 12) | (sextet(text, i + 2) << 6) | sextet(text, i + 3);
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 255;
    out[o++] = n & 255;
  }
  if (tail === 2) {
    const n = (sextet(text, i) << 18) | (sextet(text, i + 1) << 12);
    if ((n & 0xffff) !== 0) throw new Base64UrlError("non-canonical base64url (trailing bits set)");
    out[o] = n >>> 16;
  } else if (tail === 3) {
    const n = (sextet(text, i) << 18) | (sextet(text, i + 1) << 12) | (sextet(text, i + 2) << 6);
    if ((n & 0xff) !== 0) throw new Base64UrlError("non-canonical base64url (trailing bits set)");
    out[o++] = n >>> 16;
    out[o] = (n >>> 8) & 255;
  }
  return out;
}
