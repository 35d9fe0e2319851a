/**
 * Platform limits of hibernatable WebSockets, checked in one place: at most 10 tags per socket, each at
 * most 256 characters, and a serialized attachment of at most 2 KiB.
 */
import { DurableObjectError } from "../errors.ts";

export const MAX_SOCKET_TAGS = 10;
export const MAX_TAG_CHARS = 256;
export const MAX_ATTACHMENT_BYTES = 2048;

/**
 * Return `tags` if they fit the platform limits, else throw.
 *
 * @example
 * ctx.acceptWebSocket(server, checkedTags(["sync", "device:robot-7"]));
 */
export function checkedTags(tags: readonly string[]): string[] {
  if (tags.length > MAX_SOCKET_TAGS) throw new DurableObjectError("socket_limit", `a WebSocket may have at most ${MAX_SOCKET_TAGS} tags`);
  for (const tag of tags) {
    if (tag.length === 0 || tag.length > MAX_TAG_CHARS) throw new DurableObjectError("socket_limit", `WebSocket tags are 1–${MAX_TAG_CHARS} characters`);
  }
  return [...tags];
}

/**
 * Store `value` as the socket's attachment if its JSON fits the limit, else throw.
 *
 * @example
 * setAttachment(ws, { phase: "ready", device_id: "robot-7", acked_seq: 3 });
 */
export function setAttachment(ws: WebSocket, value: unknown): void {
  const size = new TextEncoder().encode(JSON.stringify(value)).length;
  if (size > MAX_ATTACHMENT_BYTES) throw new DurableObjectError("socket_limit", `WebSocket attachment is ${size} bytes (limit ${MAX_ATTACHMENT_BYTES})`);
  ws.serializeAttachment(value);
}
