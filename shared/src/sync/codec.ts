/**
 * Parsing and encoding sync frames. Parsing never throws anything but {@link SyncProtocolError}, whose
 * message says what was wrong without echoing the frame (a frame may carry a signature or attestation).
 */
import {
  MAX_CLIENT_MESSAGE_CHARS,
  SyncClientMessageSchema,
  SyncServerMessageSchema,
  type SyncClientMessage,
  type SyncServerMessage,
} from "./messages.ts";

/** A frame that is not valid JSON, too large, or not one of the protocol's messages. */
export class SyncProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SyncProtocolError";
  }
}

function parseJson(text: unknown, limit: number): unknown {
  if (typeof text !== "string") throw new SyncProtocolError("frames must be JSON text, not binary");
  if (text.length > limit) throw new SyncProtocolError(`frame too large: ${text.length} characters (limit ${limit})`);
  try {
    return JSON.parse(text);
  } catch {
    throw new SyncProtocolError("frame is not valid JSON");
  }
}

function describe(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const first = issues[0];
  if (first === undefined) return "invalid message";
  const path = first.path.map(String).join(".");
  return path === "" ? first.message : `${path}: ${first.message}`;
}

/**
 * Parse a device → server frame (hello, auth, ack, ping).
 *
 * @example
 * parseClientMessage('{"type":"ack","seq":7}'); // { type: "ack", seq: 7 }
 */
export function parseClientMessage(text: unknown): SyncClientMessage {
  const result = SyncClientMessageSchema.safeParse(parseJson(text, MAX_CLIENT_MESSAGE_CHARS));
  if (!result.success) throw new SyncProtocolError(`invalid client message: ${describe(result.error.issues)}`);
  return result.data;
}

/**
 * Parse a server → device frame (challenge, ready, snapshot, bundle, pong, error). The bundle inside is
 * shape-checked only: verify its signature and seq with verifyBundle before using it.
 *
 * @example
 * parseServerMessage('{"type":"ready","seq":3}'); // { type: "ready", seq: 3 }
 */
export function parseServerMessage(text: unknown): SyncServerMessage {
  const result = SyncServerMessageSchema.safeParse(parseJson(text, Number.MAX_SAFE_INTEGER));
  if (!result.success) throw new SyncProtocolError(`invalid server message: ${describe(result.error.issues)}`);
  return result.data;
}

/**
 * Encode a message as one text frame.
 *
 * @example
 * socket.send(encodeSyncMessage({ type: "hello", device_id: "robot-7", have_seq: 0 }));
 */
export function encodeSyncMessage(message: SyncClientMessage | SyncServerMessage): string {
  return JSON.stringify(message);
}
