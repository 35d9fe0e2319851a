/**
 * The device sync protocol (`GET /v2/sync`, WebSocket, JSON text frames). One message per frame, each an
 * object with a `type`. See README.md in this folder for the exchange:
 *
 *   device → server: hello {device_id, have_seq, attestation?} · auth {signature} · ack {seq} · ping
 *   server → device: challenge {nonce} · ready {seq} · snapshot {bundle} · bundle {bundle} · pong · error
 *
 * Bundles are signed PolicyBundles: the device MUST verify them (verifyBundle with the keys from
 * `GET /v2/policies/keys`, `minSeq` = its current seq) before using them.
 */
import * as z from "zod";
import { PolicyBundleSchema } from "../policy/bundle.ts";
import { FleetControlSchema } from "./fleet-control.ts";
import { SignedKeySetSchema } from "../signing/key-set.ts";
import { TpmQuoteSchema } from "../attestation/quote-message.ts";

/** The protocol version, sent as the WebSocket subprotocol-free query `?v=1` and in docs. */
export const SYNC_PROTOCOL_VERSION = 1;

/** Largest frame a device may send (text characters). The server refuses larger ones with `error bad_message`. */
export const MAX_CLIENT_MESSAGE_CHARS = 16_384;

/**
 * Heartbeat: send exactly this text; the server answers {@link PONG_TEXT} without waking the Durable Object
 * (hibernation auto-response), so it must match byte for byte.
 */
export const PING_TEXT = '{"type":"ping"}';
/** The heartbeat answer. */
export const PONG_TEXT = '{"type":"pong"}';

const DeviceIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, "device_id is 1–128 characters of [A-Za-z0-9._:-]");
const Base64UrlSchema = z.string().regex(/^[A-Za-z0-9_-]+$/, "must be base64url (no padding)");
const SeqSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** A signed bundle as sent to devices: signature and key_id are required. */
export const SignedPolicyBundleSchema = PolicyBundleSchema.extend({
  signature: z.string().min(1).max(4096),
  key_id: z.string().min(1).max(256),
}).strict();
export type SignedPolicyBundle = z.infer<typeof SignedPolicyBundleSchema>;

/** device → server, first frame: who I am and the newest bundle seq I already hold (0 = none). */
export const HelloMessageSchema = z
  .object({
    type: z.literal("hello"),
    device_id: DeviceIdSchema,
    have_seq: SeqSchema,
    /** The last fleet control seq this device applied (fleet-control.ts); the server sends every later one. Absent = 0. */
    have_control_seq: SeqSchema.optional(),
    /** The policy key-set version this device trusts (signing/key-set.ts; 0 = its pinned set). Absent = 0. */
    have_keyset_version: SeqSchema.optional(),
    /** Optional platform attestation (opaque, ≤ 8 KiB); recorded, not yet verified. */
    attestation: z.string().max(8192).optional(),
  })
  .strict();

/**
 * device → server: Ed25519 signature (base64url) over deviceChallengeBytes(tenant, device_id, nonce). A device
 * enrolled with TPM attestation also sends `quote`: a TPM quote whose extraData is SHA-256 of those same
 * challenge bytes (shared/src/attestation/tpm-quote.ts), verified before any policy is sent.
 */
export const AuthMessageSchema = z.object({ type: z.literal("auth"), signature: Base64UrlSchema.max(128), quote: TpmQuoteSchema.optional() }).strict();

/** The device's network mode, as it reports it (edge-device runtime). */
export const DEVICE_MODES = ["ONLINE", "DEGRADED", "OFFLINE"] as const;

/**
 * device → server: I verified and applied the bundle with this seq. Devices also re-send their current
 * ack when their mode changes (and about once a minute) with the optional `mode` and `hash` (the active
 * bundle's hash), so the hub can record last seen / mode / active bundle for `GET /v2/fleet`; an ack whose
 * seq is not newer than the last one only updates those facts.
 */
export const AckMessageSchema = z
  .object({
    type: z.literal("ack"),
    seq: SeqSchema,
    mode: z.enum(DEVICE_MODES).optional(),
    hash: z.string().regex(/^[0-9a-f]{64}$/, "hash must be 64 lower-case hex characters").optional(),
  })
  .strict();

/** device → server: I verified and applied the fleet control with this seq (and every one before it). */
export const ControlAckMessageSchema = z.object({ type: z.literal("control_ack"), seq: SeqSchema }).strict();

/** device → server: I verified and installed the policy key set with this version (and every one before it). */
export const KeySetAckMessageSchema = z.object({ type: z.literal("keyset_ack"), version: SeqSchema }).strict();

/** device → server heartbeat (send as {@link PING_TEXT}). */
export const PingMessageSchema = z.object({ type: z.literal("ping") }).strict();

export const SyncClientMessageSchema = z.discriminatedUnion("type", [
  HelloMessageSchema,
  AuthMessageSchema,
  AckMessageSchema,
  ControlAckMessageSchema,
  KeySetAckMessageSchema,
  PingMessageSchema,
]);
export type SyncClientMessage = z.infer<typeof SyncClientMessageSchema>;

/** server → device, after hello: sign this nonce (base64url of 32 random bytes). */
export const ChallengeMessageSchema = z.object({ type: z.literal("challenge"), nonce: Base64UrlSchema.min(43).max(128) }).strict();

/** server → device, after a valid auth: authenticated; `seq` is the newest active bundle seq (0 = none yet). */
export const ReadyMessageSchema = z.object({ type: z.literal("ready"), seq: SeqSchema }).strict();

/** server → device, after ready when the server's bundle is newer than `have_seq`: the whole active bundle. */
export const SnapshotMessageSchema = z.object({ type: z.literal("snapshot"), bundle: SignedPolicyBundleSchema }).strict();

/** server → device, pushed on every activation while connected: the new active bundle. */
export const BundleMessageSchema = z.object({ type: z.literal("bundle"), bundle: SignedPolicyBundleSchema }).strict();

/**
 * server → device: a signed fleet control (terminate / reinstate an agent, engage / release the emergency
 * stop). Sent after `ready` for every control newer than the hello's `have_control_seq`, then pushed as
 * issued. The device verifies it (verifyFleetControl), applies it only in seq order and once, then sends
 * `control_ack`.
 */
export const ControlMessageSchema = z.object({ type: z.literal("control"), control: FleetControlSchema }).strict();

/**
 * server → device: the next signed policy key set (rotation, revocation). Sent after `ready` and before any
 * bundle, one per version above the hello's `have_keyset_version`, in order, then pushed on change. The
 * device installs it only if verifyKeySetUpdate accepts it against the set it holds, then sends `keyset_ack`.
 */
export const KeySetMessageSchema = z.object({ type: z.literal("keyset"), keyset: SignedKeySetSchema }).strict();

/** server → device heartbeat answer. */
export const PongMessageSchema = z.object({ type: z.literal("pong") }).strict();

/** Error codes a server sends; after any but `bad_message` it closes the socket. */
export const SYNC_ERROR_CODES = [
  "bad_message",
  "protocol",
  "unknown_device",
  "bad_signature",
  "unauthenticated",
  "internal",
  // TPM attestation (shared/src/attestation): no quote from a TPM device, or a quote that fails.
  "attestation_required",
  "quote_malformed",
  "quote_bad_signature",
  "quote_nonce_mismatch",
  "quote_pcr_mismatch",
  // Device identity (shared/src/sync/device-key-rotation.ts, POST /v2/devices/{id}/revoke): the challenge was
  // signed by a key this device has rotated away from; the device has been revoked.
  "key_retired",
  "device_revoked",
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

export const ErrorMessageSchema = z
  .object({ type: z.literal("error"), code: z.enum(SYNC_ERROR_CODES), message: z.string().max(1024) })
  .strict();

export const SyncServerMessageSchema = z.discriminatedUnion("type", [
  ChallengeMessageSchema,
  ReadyMessageSchema,
  SnapshotMessageSchema,
  BundleMessageSchema,
  ControlMessageSchema,
  KeySetMessageSchema,
  PongMessageSchema,
  ErrorMessageSchema,
]);
export type SyncServerMessage = z.infer<typeof SyncServerMessageSchema>;
