/**
 * Embedded encoded payloads: base64 (standard and URL-safe) and hex (`726d202d7266`, `0x726d…`) tokens
 * that decode to printable UTF-8 text, e.g. the `cm0gLXJmIC8=` of `echo cm0gLXJmIC8= | base64 -d | sh`.
 * Linear: one pass over the text finds the candidate runs; each run is decoded at most once, up to a byte
 * cap, and decoding stops at the first byte that cannot be text.
 */
import { isPrintableUnit } from "./normalise.ts";

/** One decoded payload: the token's span in the text it was found in, and the decoded text. */
export interface Payload {
  start: number;
  end: number;
  text: string;
  encoding: "base64" | "hex";
}

/** Shortest token tried: 8 base64 characters (6 bytes), 8 hex digits (4 bytes). */
export const MIN_BASE64_CHARS = 8;
export const MIN_HEX_DIGITS = 8;
/** Fewest decoded characters kept. */
const MIN_DECODED = 4;

const B64 = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".charCodeAt(i)] = i;
B64[0x2d] = 62; // URL-safe -
B64[0x5f] = 63; // URL-safe _

function b64(c: number): number {
  return c < 128 ? (B64[c] as number) : -1;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Bytes → text when they are valid UTF-8 and every character is printable; else undefined. */
function asText(bytes: Uint8Array, truncated: boolean): string | undefined {
  if (bytes.length < MIN_DECODED) return undefined;
  let text: string | undefined;
  // a token cut at the byte cap may end inside a UTF-8 sequence: drop up to 3 trailing bytes then
  for (let cut = 0; text === undefined && cut <= (truncated ? 3 : 0); cut++) {
    try {
      text = utf8.decode(bytes.subarray(0, bytes.length - cut));
    } catch {
      text = undefined;
    }
  }
  if (text === undefined) return undefined;
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0xd800 || c > 0xdfff) && !isPrintableUnit(c)) return undefined; // the decoder never yields lone surrogates
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) letters++;
  }
  return letters > 0 ? text : undefined;
}

/** A byte that can start or continue UTF-8 text (printable ASCII, tab/LF/CR, or a multi-byte unit). */
function plausibleByte(b: number): boolean {
  return b >= 0x20 ? b !== 0x7f && b !== 0xc0 && b !== 0xc1 && b < 0xf5 : b === 0x09 || b === 0x0a || b === 0x0d;
}

/** Decode base64 text[start, end) (padding stripped by the caller) up to maxBytes; undefined on a non-text byte. */
function decodeBase64(text: string, start: number, end: number, maxBytes: number): Uint8Array | undefined {
  const out = new Uint8Array(Math.min(maxBytes, Math.floor(((end - start) * 3) / 4)));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = start; i < end && o < out.length; i++) {
    acc = ((acc << 6) | b64(text.charCodeAt(i))) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      const byte = (acc >> bits) & 0xff;
      if (!plausibleByte(byte)) return undefined;
      out[o++] = byte;
    }
  }
  return out.subarray(0, o);
}

function decodeHex(text: string, start: number, end: number, maxBytes: number): Uint8Array | undefined {
  const out = new Uint8Array(Math.min(maxBytes, (end - start) >> 1));
  for (let o = 0; o < out.length; o++) {
    const byte = hexValue(text.charCodeAt(start + 2 * o)) * 16 + hexValue(text.charCodeAt(start + 2 * o + 1));
    if (!plausibleByte(byte)) return undefined;
    out[o] = byte;
  }
  return out;
}

/**
 * Decoded payloads in `text`, in text order: at most `maxPayloads`, each at most `maxBytes` decoded bytes
 * (a longer token is decoded up to that cap). A run of base64 characters is a candidate when it is at
 * least 8 long, its length is a valid base64 length, and it has padding or a digit (base64 of
 * text nearly always has one; prose words have neither); a run of
 * hex digits when it is at least 8 long and even. Only payloads that decode to printable text are kept.
 *
 * @example
 * findPayloads("echo cm0gLXJmIC8= | base64 -d | sh", 8, 4096);
 * // [{ start: 5, end: 17, text: "rm -rf /", encoding: "base64" }]
 */
export function findPayloads(text: string, maxPayloads: number, maxBytes: number): Payload[] {
  const out: Payload[] = [];
  const n = text.length;
  let i = 0;
  while (i < n && out.length < maxPayloads) {
    if (b64(text.charCodeAt(i)) < 0) {
      i++;
      continue;
    }
    // a maximal run of base64 characters; it must not continue a word of other characters
    const start = i;
    let digits = 0;
    let hex = 0;
    let other = 0; // + / - _
    while (i < n) {
      const c = text.charCodeAt(i);
      if (b64(c) < 0) break;
      if (c >= 0x30 && c <= 0x39) digits++;
      else if ((c < 0x41 || c > 0x5a) && (c < 0x61 || c > 0x7a)) other++;
      if (hexValue(c) >= 0) hex++;
      i++;
    }
    let end = i;
    let pad = 0;
    while (i < n && text.charCodeAt(i) === 0x3d && pad < 2) {
      pad++;
      i++;
    }
    let runStart = start;
    let len = end - runStart;
    // a "0x" prefix on a hex run
    if (hex === len - 1 && len > 2 && text.charCodeAt(start) === 0x30 && (text.charCodeAt(start + 1) | 0x20) === 0x78) {
      runStart += 2;
      len -= 2;
      hex -= 1;
    }
    if (len < MIN_BASE64_CHARS) continue;
    let decoded: Uint8Array | undefined;
    let encoding: Payload["encoding"] = "base64";
    if (hex === len && len >= MIN_HEX_DIGITS && len % 2 === 0 && pad === 0) {
      decoded = decodeHex(text, runStart, end, maxBytes);
      encoding = "hex";
    }
    if (decoded === undefined && runStart === start && len % 4 !== 1 && (pad > 0 || digits > 0)) {
      if (pad > 0 && (len + pad) % 4 !== 0) continue;
      const slash = other > 0 && /[/+]/.test(text.slice(start, end)) && /[-_]/.test(text.slice(start, end));
      if (slash) continue; // standard and URL-safe alphabets mixed: not base64
      decoded = decodeBase64(text, start, end, maxBytes);
      encoding = "base64";
    }
    if (decoded === undefined) continue;
    const payload = asText(decoded, decoded.length >= maxBytes);
    if (payload !== undefined) out.push({ start, end: i, text: payload, encoding });
  }
  return out;
}
