/**
 * Synchronous SHA-256 (FIPS 180-4) in plain JavaScript, zero dependencies, for the places where an `await`
 * is unwelcome: a Durable Object's critical section appending to the audit log, and offline proof
 * verification. Same bits as WebCrypto (checked against it on random inputs in the tests); the async
 * WebCrypto wrappers live in `webcrypto-hash.ts`.
 *
 * The engine keeps its state in module-level typed arrays and never yields, so concurrent use is
 * impossible in a single-threaded isolate; a digest allocates only its 32-byte result.
 */

/** Bytes in a SHA-256 digest. */
export const SHA256_SIZE = 32;

// First 32 bits of the fractional parts of the cube roots of the first 64 primes (FIPS 180-4 §4.2.2).
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
// Initial hash value (FIPS 180-4 §5.3.3).
const IV = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

const H = new Int32Array(8);
const W = new Int32Array(64);
const BLOCK = new Uint8Array(64);
let blockLength = 0;
let totalLength = 0;

/** Compress the 64-byte block of `src` starting at `offset` into H. */
function compress(src: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++, offset += 4) {
    W[i] = (src[offset]! << 24) | (src[offset + 1]! << 16) | (src[offset + 2]! << 8) | src[offset + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const w15 = W[i - 15]!;
    const w2 = W[i - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = H[0]!, b = H[1]!, c = H[2]!, d = H[3]!, e = H[4]!, f = H[5]!, g = H[6]!, h = H[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  H[0] = (H[0]! + a) | 0;
  H[1] = (H[1]! + b) | 0;
  H[2] = (H[2]! + c) | 0;
  H[3] = (H[3]! + d) | 0;
  H[4] = (H[4]! + e) | 0;
  H[5] = (H[5]! + f) | 0;
  H[6] = (H[6]! + g) | 0;
  H[7] = (H[7]! + h) | 0;
}

/**
 * Start a new digest (the streaming engine behind the RFC 6962 hasher; not re-exported from the package).
 *
 * @example
 * sha256Begin(); sha256UpdateByte(0x00); sha256Update(leaf); const leafHash = sha256Finish();
 */
export function sha256Begin(): void {
  H.set(IV);
  blockLength = 0;
  totalLength = 0;
}

/**
 * Feed bytes into the digest started by {@link sha256Begin}.
 *
 * @example
 * sha256Begin(); sha256Update(part1); sha256Update(part2); sha256Finish(); // SHA-256(part1 ‖ part2)
 */
export function sha256Update(data: Uint8Array): void {
  const n = data.length;
  let i = 0;
  totalLength += n;
  if (blockLength > 0) {
    while (i < n && blockLength < 64) BLOCK[blockLength++] = data[i++]!;
    if (blockLength < 64) return;
    compress(BLOCK, 0);
    blockLength = 0;
  }
  for (; n - i >= 64; i += 64) compress(data, i);
  while (i < n) BLOCK[blockLength++] = data[i++]!;
}

/**
 * Feed one byte (the RFC 6962 domain-separation prefix) without allocating.
 *
 * @example
 * sha256Begin(); sha256UpdateByte(0x01); sha256Update(left); sha256Update(right); sha256Finish(); // node hash
 */
export function sha256UpdateByte(byte: number): void {
  totalLength += 1;
  BLOCK[blockLength++] = byte;
  if (blockLength === 64) {
    compress(BLOCK, 0);
    blockLength = 0;
  }
}

/**
 * Pad, finish and return the 32-byte digest of everything fed since {@link sha256Begin}.
 *
 * @example
 * sha256Begin(); sha256Finish(); // SHA-256("") = e3b0c442…b855
 */
export function sha256Finish(): Uint8Array {
  const bits = totalLength * 8;
  BLOCK[blockLength++] = 0x80;
  if (blockLength > 56) {
    BLOCK.fill(0, blockLength);
    compress(BLOCK, 0);
    blockLength = 0;
  }
  BLOCK.fill(0, blockLength, 56);
  const hi = Math.floor(bits / 0x100000000);
  const lo = bits >>> 0;
  BLOCK[56] = hi >>> 24;
  BLOCK[57] = hi >>> 16;
  BLOCK[58] = hi >>> 8;
  BLOCK[59] = hi;
  BLOCK[60] = lo >>> 24;
  BLOCK[61] = lo >>> 16;
  BLOCK[62] = lo >>> 8;
  BLOCK[63] = lo;
  compress(BLOCK, 0);
  blockLength = 0;
  const out = new Uint8Array(SHA256_SIZE);
  for (let i = 0, o = 0; i < 8; i++, o += 4) {
    const word = H[i]!;
    out[o] = word >>> 24;
    out[o + 1] = word >>> 16;
    out[o + 2] = word >>> 8;
    out[o + 3] = word;
  }
  return out;
}

/**
 * SHA-256 of bytes, synchronously, as a new 32-byte array.
 *
 * @example
 * sha256Sync(new TextEncoder().encode("abc")); // Uint8Array [0xba, 0x78, 0x16, 0xbf, …, 0xad]
 */
export function sha256Sync(data: Uint8Array): Uint8Array {
  if (!(data instanceof Uint8Array)) throw new TypeError("sha256Sync: data must be a Uint8Array");
  sha256Begin();
  sha256Update(data);
  return sha256Finish();
}

/**
 * SHA-256 of the concatenation of several byte arrays, without concatenating them.
 *
 * @example
 * sha256SyncParts([new Uint8Array([0x61]), new Uint8Array([0x62, 0x63])]); // same as sha256Sync("abc" bytes)
 */
export function sha256SyncParts(parts: readonly Uint8Array[]): Uint8Array {
  for (const part of parts) {
    if (!(part instanceof Uint8Array)) throw new TypeError("sha256SyncParts: every part must be a Uint8Array");
  }
  sha256Begin();
  for (const part of parts) sha256Update(part);
  return sha256Finish();
}
