/**
 * A fast, synchronous, NON-cryptographic 128-bit hash: MurmurHash3 x86_128 (Austin Appleby, public
 * domain), written with 32-bit `Math.imul` arithmetic so it gives the same bits on every JavaScript engine.
 *
 * Use it for deterministic identifiers (decision ids) and cache keys only. It is NOT a security hash: an
 * adversary can find collisions. Use {@link sha256Hex} wherever integrity matters (policy bundles, audit).
 *
 * Strings are hashed as their UTF-16LE bytes (each code unit, low byte first) without materialising them,
 * so `fastHash128("é") === fastHash128(utf16le("é"))`. Output: 32 hex characters, the four 32-bit state
 * words h1‖h2‖h3‖h4 each written as 8 hex digits (the form of the published test vectors and murmurHash3.js).
 */

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Reads 32-bit little-endian word `w` (0-based) from the input, zero-padded past its end. */
type WordReader = (w: number) => number;

/** Mix the zero-padded tail words (exactly like the reference switch) and finalise. */
function finish(h1: number, h2: number, h3: number, h4: number, word: WordReader, byteLength: number): string {
  const tail = byteLength & 15;
  const w = (byteLength >>> 4) << 2;
  if (tail > 12) h4 ^= Math.imul(rotl(Math.imul(word(w + 3), C4), 18), C1);
  if (tail > 8) h3 ^= Math.imul(rotl(Math.imul(word(w + 2), C3), 17), C4);
  if (tail > 4) h2 ^= Math.imul(rotl(Math.imul(word(w + 1), C2), 16), C3);
  if (tail > 0) h1 ^= Math.imul(rotl(Math.imul(word(w), C1), 15), C2);

  h1 ^= byteLength;
  h2 ^= byteLength;
  h3 ^= byteLength;
  h4 ^= byteLength;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  return wordHex(h1) + wordHex(h2) + wordHex(h3) + wordHex(h4);
}

const BYTE_HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function wordHex(h: number): string {
  return (
    (BYTE_HEX[h >>> 24] as string) +
    (BYTE_HEX[(h >>> 16) & 0xff] as string) +
    (BYTE_HEX[(h >>> 8) & 0xff] as string) +
    (BYTE_HEX[h & 0xff] as string)
  );
}

/**
 * MurmurHash3 x86_128 of a string (as UTF-16LE) or of bytes, as 32 hex characters. Not a security hash.
 *
 * @example
 * fastHash128(new TextEncoder().encode("foo")); // "577c1b2560b6256560b6256560b62565"
 * fastHash128("decision input", 42).length;      // 32
 */
export function fastHash128(data: string | Uint8Array, seed = 0): string {
  return typeof data === "string" ? hashString(data, seed) : hashBytes(data, seed);
}

function hashString(s: string, seed: number): string {
  let h1 = seed | 0;
  let h2 = h1;
  let h3 = h1;
  let h4 = h1;
  // A 16-byte block is 8 UTF-16 code units; word w holds units 2w (low half) and 2w+1 (high half).
  const end = s.length & ~7;
  for (let i = 0; i < end; i += 8) {
    const k1 = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    const k2 = s.charCodeAt(i + 2) | (s.charCodeAt(i + 3) << 16);
    const k3 = s.charCodeAt(i + 4) | (s.charCodeAt(i + 5) << 16);
    const k4 = s.charCodeAt(i + 6) | (s.charCodeAt(i + 7) << 16);
    h1 ^= Math.imul(rotl(Math.imul(k1, C1), 15), C2);
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0;
    h2 ^= Math.imul(rotl(Math.imul(k2, C2), 16), C3);
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0;
    h3 ^= Math.imul(rotl(Math.imul(k3, C3), 17), C4);
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0;
    h4 ^= Math.imul(rotl(Math.imul(k4, C4), 18), C1);
    h4 = (Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0;
  }
  // Past the end charCodeAt is NaN, and NaN | 0 === 0: the zero padding the tail needs.
  const tail: WordReader = (w) => (s.charCodeAt(2 * w) | 0) | ((s.charCodeAt(2 * w + 1) | 0) << 16);
  return finish(h1, h2, h3, h4, tail, s.length * 2);
}

function hashBytes(bytes: Uint8Array, seed: number): string {
  const word: WordReader = (w) => {
    const i = w << 2;
    return (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16) | ((bytes[i + 3] ?? 0) << 24);
  };
  let h1 = seed | 0;
  let h2 = h1;
  let h3 = h1;
  let h4 = h1;
  const words = (bytes.length >>> 4) << 2;
  for (let w = 0; w < words; w += 4) {
    h1 ^= Math.imul(rotl(Math.imul(word(w), C1), 15), C2);
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0;
    h2 ^= Math.imul(rotl(Math.imul(word(w + 1), C2), 16), C3);
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0;
    h3 ^= Math.imul(rotl(Math.imul(word(w + 2), C3), 17), C4);
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0;
    h4 ^= Math.imul(rotl(Math.imul(word(w + 3), C4), 18), C1);
    h4 = (Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0;
  }
  return finish(h1, h2, h3, h4, word, bytes.length);
}
