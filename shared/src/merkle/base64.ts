/**
 * Standard padded base64 (RFC 4648 §4), the encoding of hashes in tree heads, proofs and the RFC 6962
 * test vectors. Decoding is strict — only the canonical encoding is accepted (padding required, no
 * whitespace, zero trailing bits) — so a hash has exactly one text form and tampering cannot hide in it.
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/**
 * Encode bytes as padded base64.
 *
 * @example
 * base64Encode(new Uint8Array([251, 255])); // "+/8="
 */
export function base64Encode(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("base64Encode: bytes must be a Uint8Array");
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += `${ALPHABET[n >>> 18]!}${ALPHABET[(n >>> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += `${ALPHABET[n >>> 18]!}${ALPHABET[(n >>> 12) & 63]!}${ALPHABET[(n >>> 6) & 63]!}=`;
  }
  return out;
}

function sextet(text: string, index: number): number {
  const code = text.charCodeAt(index);
  const value = code < 128 ? LOOKUP[code]! : -1;
  if (value < 0) throw new SyntaxError(`invalid base64 character at offset ${index}`);
  return value;
}

/**
 * Decode canonical padded base64 ("" decodes to no bytes). Throws SyntaxError for anything else.
 *
 * @example
 * base64Decode("+/8="); // Uint8Array [251, 255]
 */
export function base64Decode(text: string): Uint8Array {
  if (typeof text !== "string") throw new TypeError("base64Decode: text must be a string");
  if (text.length % 4 !== 0) throw new SyntaxError("base64 length must be a multiple of 4");
  const pad = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  const full = pad === 0 ? text.length : text.length - 4;
  let o = 0;
  for (let i = 0; i < full; i += 4) {
    const n = (sextet(text, i) << 18) | (sextet(text, i + 1) << 12) | (sextet(text, i + 2) << 6) | sextet(text, i + 3);
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 255;
    out[o++] = n & 255;
  }
  if (pad === 2) {
    const n = (sextet(text, full) << 18) | (sextet(text, full + 1) << 12);
    if ((n & 0xffff) !== 0) throw new SyntaxError("non-canonical base64 (trailing bits set)");
    out[o] = n >>> 16;
  } else if (pad === 1) {
    const n = (sextet(text, full) << 18) | (sextet(text, full + 1) << 12) | (sextet(text, full + 2) << 6);
    if ((n & 0xff) !== 0) throw new SyntaxError("non-canonical base64 (trailing bits set)");
    out[o++] = n >>> 16;
    out[o] = (n >>> 8) & 255;
  }
  return out;
}
