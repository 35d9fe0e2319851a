/**
 * One device's `/v2/sync` session inside the hibernating PolicyStore. Everything the session knows lives in
 * the socket's attachment (phase, device id, nonce, seqs), never in memory, so it survives hibernation:
 *
 *   new --hello--> challenged --auth (valid signature, and a valid TPM quote for a TPM-enrolled device)--> ready (snapshot if newer, then pushed bundles)
 *
 * Heartbeats (`{"type":"ping"}`) are answered by the runtime's auto-response without waking the object.
 */
import {
  DEVICE_MODES,
  encodeSyncMessage,
  newChallengeNonce,
  parseClientMessage,
  PONG_TEXT,
  SyncProtocolError,
  verifyDeviceChallenge,
  type FleetControl,
  type PolicyBundle,
  type SignedKeySet,
  type SyncErrorCode,
  type SyncServerMessage,
} from "@nethical/core";
import { setAttachment } from "./socket-limits.ts";
import { attestationGate, type AttestationHost } from "./attestation-gate.ts";

/** What a socket's attachment holds. */
export interface SyncAttachment {
  phase: "new" | "challenged" | "ready";
  device_id: string | null;
  nonce: string | null;
  have_seq: number;
  /** Highest seq sent to the device. */
  sent_seq: number;
  /** Highest seq the device acknowledged. */
  acked_seq: number;
  /** Fleet controls: the last the device said it applied (hello), sent to it, and it acknowledged. Absent in older attachments = 0. */
  have_control_seq?: number;
  sent_control_seq?: number;
  acked_control_seq?: number;
  /** Policy key sets (signing/key-set.ts): the version the device holds (hello), sent to it, and it acknowledged. Absent = 0. */
  have_keyset_version?: number;
  sent_keyset_version?: number;
  acked_keyset_version?: number;
}

/** What a session needs from its PolicyStore (and, for the attestation gate, attestation-gate.ts). */
export interface SyncHost extends AttestationHost {
  readonly tenant: string;
  /** The active signed bundle, or null. */
  activeBundle(): PolicyBundle | null;
  /** The enrolled device's current key, the keys it rotated away from and whether it is revoked; null when it is not enrolled. */
  deviceKey(deviceId: string): Promise<DeviceAuthRecord | null>;
  /** Remember what the device reported (connection, acknowledged seq, mode) for the fleet view. */
  recordDevice(facts: { device_id: string; connected?: boolean; seq?: number; mode?: (typeof DEVICE_MODES)[number]; hash?: string; control_seq?: number; keyset_version?: number }): Promise<void>;
  /** Signed fleet controls with seq above `after`, oldest first. */
  controlsAfter(after: number): FleetControl[];
  /** The platform's signed policy key sets with version above `after`, oldest first. */
  keySetsAfter(after: number): Promise<SignedKeySet[]>;
}

/** What the session needs to know about an enrolled device (workers/src/devices/device-registry.ts). */
export interface DeviceAuthRecord {
  /** The current identity key: the only one a challenge signature may verify with. */
  public_key_jwk: JsonWebKey;
  /** Keys the device rotated away from: a signature by one is refused `key_retired` (not `bad_signature`). */
  previous_keys?: readonly { public_key_jwk: JsonWebKey }[];
  /** Set when the device is revoked: refused `device_revoked` before any signature check. */
  revoked?: unknown;
}

/** Close code for protocol violations and failed authentication (RFC 6455 "policy violation"). */
export const CLOSE_POLICY_VIOLATION = 1008;

/**
 * A fresh attachment for a newly accepted socket.
 *
 * @example
 * setAttachment(server, newAttachment());
 */
export function newAttachment(): SyncAttachment {
  return { phase: "new", device_id: null, nonce: null, have_seq: 0, sent_seq: 0, acked_seq: 0, have_control_seq: 0, sent_control_seq: 0, acked_control_seq: 0 };
}

/**
 * The socket's attachment (a fresh one if missing).
 *
 * @example
 * attachmentOf(ws).phase; // "ready"
 */
export function attachmentOf(ws: WebSocket): SyncAttachment {
  return (ws.deserializeAttachment() as SyncAttachment | null) ?? newAttachment();
}

function send(ws: WebSocket, message: SyncServerMessage): void {
  ws.send(encodeSyncMessage(message));
}

function fail(ws: WebSocket, code: SyncErrorCode, message: string): void {
  send(ws, { type: "error", code, message });
  ws.close(CLOSE_POLICY_VIOLATION, code);
}

/**
 * Send `bundle` to a ready socket whose device does not have it yet; returns whether it was sent.
 *
 * @example
 * for (const ws of ctx.getWebSockets()) pushBundle(ws, bundle, "bundle");
 */
export function pushBundle(ws: WebSocket, bundle: PolicyBundle, type: "snapshot" | "bundle"): boolean {
  const state = attachmentOf(ws);
  if (state.phase !== "ready" || bundle.seq <= Math.max(state.sent_seq, state.have_seq)) return false;
  if (bundle.signature === undefined || bundle.key_id === undefined) return false;
  send(ws, { type, bundle: { ...bundle, signature: bundle.signature, key_id: bundle.key_id } });
  setAttachment(ws, { ...state, sent_seq: bundle.seq });
  return true;
}

/**
 * Send a fleet control to a ready socket whose device has not been sent it yet, in seq order (the next
 * one after what it was sent); returns whether it was sent.
 *
 * @example
 * for (const ws of ctx.getWebSockets()) pushControl(ws, control);
 */
export function pushControl(ws: WebSocket, control: FleetControl): boolean {
  const state = attachmentOf(ws);
  const sent = Math.max(state.sent_control_seq ?? 0, state.have_control_seq ?? 0);
  if (state.phase !== "ready" || control.seq !== sent + 1) return false;
  send(ws, { type: "control", control });
  setAttachment(ws, { ...state, sent_control_seq: control.seq });
  return true;
}

/**
 * Send a signed policy key set to a ready socket whose device does not hold it yet, in version order (the
 * next one after what it holds or was sent); returns whether it was sent.
 *
 * @example
 * for (const set of await host.keySetsAfter(0)) pushKeySet(ws, set);
 */
export function pushKeySet(ws: WebSocket, keyset: SignedKeySet): boolean {
  const state = attachmentOf(ws);
  const sent = Math.max(state.sent_keyset_version ?? 0, state.have_keyset_version ?? 0);
  if (state.phase !== "ready" || keyset.version !== sent + 1) return false;
  send(ws, { type: "keyset", keyset });
  setAttachment(ws, { ...state, sent_keyset_version: keyset.version });
  return true;
}

/**
 * Send every key set the device on `ws` has not been sent yet (after ready, on each status ack, on change).
 *
 * @example
 * await catchUpKeySets(ws, host);
 */
export async function catchUpKeySets(ws: WebSocket, host: Pick<SyncHost, "keySetsAfter">): Promise<void> {
  const state = attachmentOf(ws);
  if (state.phase !== "ready") return;
  const sets = await host.keySetsAfter(Math.max(state.sent_keyset_version ?? 0, state.have_keyset_version ?? 0));
  for (const set of sets) pushKeySet(ws, set);
}

/**
 * Refuse and close every session of `deviceId` on these sockets (device revocation); returns how many closed.
 *
 * @example
 * disconnectDevice(ctx.getWebSockets(), "robot-7", "device_revoked", "this device has been revoked");
 */
export function disconnectDevice(sockets: Iterable<WebSocket>, deviceId: string, code: SyncErrorCode, message: string): number {
  let closed = 0;
  for (const ws of sockets) {
    const state = attachmentOf(ws);
    if (state.device_id !== deviceId) continue;
    try {
      // Forget the device on this socket first: its close then writes no fleet facts over the revocation's.
      setAttachment(ws, { ...state, device_id: null, phase: "new" });
      fail(ws, code, message);
      closed += 1;
    } catch {
      // already closing
    }
  }
  return closed;
}

/**
 * Handle one frame from a device.
 *
 * @example
 * override async webSocketMessage(ws, message) { await handleSyncMessage(ws, message, this.host()); }
 */
export async function handleSyncMessage(ws: WebSocket, frame: string | ArrayBuffer, host: SyncHost): Promise<void> {
  let message;
  try {
    message = parseClientMessage(frame);
  } catch (error) {
    const detail = error instanceof SyncProtocolError ? error.message : "invalid message";
    send(ws, { type: "error", code: "bad_message", message: detail });
    return;
  }
  const state = attachmentOf(ws);
  if (message.type === "ping") {
    ws.send(PONG_TEXT);
    return;
  }
  if (message.type === "hello" && state.phase === "new") {
    const nonce = newChallengeNonce();
    setAttachment(ws, { ...state, phase: "challenged", device_id: message.device_id, nonce, have_seq: message.have_seq, have_control_seq: message.have_control_seq ?? 0, have_keyset_version: message.have_keyset_version ?? 0 });
    send(ws, { type: "challenge", nonce });
    return;
  }
  if (message.type === "auth" && state.phase === "challenged" && state.device_id !== null && state.nonce !== null) {
    const device = await host.deviceKey(state.device_id);
    if (device === null) return fail(ws, "unknown_device", "this device is not enrolled for the tenant");
    if (device.revoked !== undefined && device.revoked !== null) return fail(ws, "device_revoked", "this device has been revoked");
    const challenge = { tenant: host.tenant, device_id: state.device_id, nonce: state.nonce };
    const valid = await verifyDeviceChallenge(device.public_key_jwk, challenge, message.signature).catch(() => false);
    if (!valid) {
      // A key the device rotated away from: refused with its own code, so the device knows to use its new key.
      for (const old of device.previous_keys ?? []) {
        if (await verifyDeviceChallenge(old.public_key_jwk, challenge, message.signature).catch(() => false)) {
          return fail(ws, "key_retired", "the challenge was signed by a key this device has rotated away from");
        }
      }
      return fail(ws, "bad_signature", "the challenge signature does not verify with the enrolled key");
    }
    // TPM attestation: no bundle, no control, not even `ready` before the quote passes (attestation-gate.ts).
    const gate = await attestationGate(host, { device_id: state.device_id, nonce: state.nonce }, message.quote);
    if (!gate.ok) return fail(ws, gate.code, gate.message);
    setAttachment(ws, { ...state, phase: "ready", nonce: null });
    await host.recordDevice({ device_id: state.device_id, connected: true });
    const active = host.activeBundle();
    send(ws, { type: "ready", seq: active?.seq ?? 0 });
    // Key sets before any bundle: a bundle signed by a newly activated key verifies only once the device holds it.
    await catchUpKeySets(ws, host);
    if (active !== null) pushBundle(ws, active, "snapshot");
    // Every control issued since the device last applied one (an offline device catches up here), in order.
    for (const control of host.controlsAfter(state.have_control_seq ?? 0)) pushControl(ws, control);
    return;
  }
  if (message.type === "control_ack" && state.phase === "ready") {
    if (message.seq > (state.acked_control_seq ?? 0) && message.seq <= (state.sent_control_seq ?? 0)) setAttachment(ws, { ...state, acked_control_seq: message.seq });
    if (state.device_id !== null) await host.recordDevice({ device_id: state.device_id, control_seq: message.seq });
    return;
  }
  if (message.type === "keyset_ack" && state.phase === "ready") {
    if (message.version > (state.acked_keyset_version ?? 0) && message.version <= (state.sent_keyset_version ?? 0)) setAttachment(ws, { ...state, acked_keyset_version: message.version });
    if (state.device_id !== null) await host.recordDevice({ device_id: state.device_id, keyset_version: message.version });
    return;
  }
  if (message.type === "ack" && state.phase === "ready") {
    if (message.seq > state.acked_seq && message.seq <= state.sent_seq) setAttachment(ws, { ...state, acked_seq: message.seq });
    if (state.device_id !== null) {
      await host.recordDevice({
        device_id: state.device_id,
        seq: message.seq,
        ...(message.mode === undefined ? {} : { mode: message.mode }),
        ...(message.hash === undefined ? {} : { hash: message.hash }),
      });
    }
    // Status acks come about once a minute: the safety net that brings every connected device a rotation or revocation.
    await catchUpKeySets(ws, host);
    return;
  }
  if (state.phase !== "ready") return fail(ws, "unauthenticated", `expected ${state.phase === "new" ? "hello" : "auth"} first`);
  send(ws, { type: "error", code: "protocol", message: `unexpected ${message.type} message` });
}
