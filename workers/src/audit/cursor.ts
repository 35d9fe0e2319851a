/**
 * The opaque paging cursor of `GET /v2/decisions`: the (time, event_id) of the last item of a page,
 * base64url JSON. Keyset paging: stable while new decisions arrive.
 */
import { base64UrlDecode, base64UrlEncode } from "@nethical/core";

/** Position after which the next page starts. */
export interface Cursor {
  time: number;
  event_id: string;
}

/**
 * Encode a cursor.
 *
 * @example
 * encodeCursor({ time: 1767225600000, event_id: "7d9e…" }); // "eyJ0IjoxNzY3…"
 */
export function encodeCursor(cursor: Cursor): string {
  return base64UrlEncode(new TextEncoder().encode(JSON.stringify({ t: cursor.time, id: cursor.event_id })));
}

/**
 * Decode a cursor; null when it is not one of ours.
 *
 * @example
 * decodeCursor(encodeCursor(c)); // c
 * decodeCursor("junk"); // null
 */
export function decodeCursor(text: string): Cursor | null {
  try {
    const value = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(base64UrlDecode(text))) as { t?: unknown; id?: unknown };
    if (typeof value.t !== "number" || !Number.isSafeInteger(value.t) || typeof value.id !== "string" || value.id.length < 1 || value.id.length > 128) return null;
    return { time: value.t, event_id: value.id };
  } catch {
    return null;
  }
}
