/**
 * SHA-256 through WebCrypto (`globalThis.crypto.subtle`), available in workerd and Node ≥ 20. Used for
 * policy bundle hashes; never on the evaluate hot path.
 */
import { bufferSource } from "./buffer-source.ts";

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * Lower-case hex of bytes.
 *
 * @example
 * bytesToHex(new Uint8Array([0, 255])); // "00ff"
 */
export function bytesToHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i] as number];
  return out;
}

/**
 * SHA-256 of a string (UTF-8 encoded) or bytes, as 64 lower-case hex characters.
 *
 * @example
 * await sha256Hex("abc"); // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  if (typeof crypto === "undefined" || crypto.subtle === undefined) {
    throw new Error("sha256Hex: WebCrypto (globalThis.crypto.subtle) is not available");
  }
  const subtle = crypto.subtle;
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const digest = await subtle.digest("SHA-256", bufferSource(bytes));
  return bytesToHex(new Uint8Array(digest));
}
