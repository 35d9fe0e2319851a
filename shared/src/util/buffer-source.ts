/**
 * WebCrypto takes `BufferSource`, whose typed arrays must sit on an `ArrayBuffer` (not a
 * `SharedArrayBuffer`). Our byte arrays are typed `Uint8Array<ArrayBufferLike>`; this narrows them, copying
 * only in the rare case the bytes really live in shared memory.
 */

/**
 * `bytes` as a `Uint8Array` backed by an `ArrayBuffer`.
 *
 * @example
 * await crypto.subtle.digest("SHA-256", bufferSource(new TextEncoder().encode("abc")));
 */
export function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}
