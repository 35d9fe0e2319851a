/**
 * Fleet control messages: an operator's act in the cloud that every device of the tenant must apply —
 * terminate or reinstate one agent, engage or release the tenant-wide emergency stop. Each is issued by
 * the tenant's PolicyStore with the next control `seq` (1, 2, 3… per tenant, never reused) and signed with
 * the policy signing key the devices already trust for bundles. A device applies control `seq` only after
 * `seq - 1` (ordered), exactly once (it persists the last applied seq), and only when it verifies.
 *
 * The signature covers the canonical JSON of the control without `signature`/`key_id`, including
 * `domain` = {@link FLEET_CONTROL_DOMAIN}: a bundle signature can never be taken for a control's (a bundle
 * has no `domain`, and a control has no `policy`/`hash`, which bundle verification requires).
 */
import * as z from "zod";
import { base64UrlDecode, base64UrlEncode } from "../signing/base64url.ts";
import type { Signer, Verifier } from "../signing/keys.ts";
import type { TrustedKeys } from "../signing/bundle-verification.ts";
import { createVerifier, ED25519_SIGNATURE_BYTES } from "../signing/verifier.ts";
import { canonicalJson } from "../util/canonical-json.ts";

/** Domain separation: signed into every control. */
export const FLEET_CONTROL_DOMAIN = "nethical-fleet-control-v1";

/** What a control does. */
export const FLEET_CONTROL_KINDS = ["agent.terminate", "agent.reinstate", "estop.engage", "estop.release"] as const;
export type FleetControlKind = (typeof FLEET_CONTROL_KINDS)[number];

const AgentIdSchema = z.string().min(1).max(256);

/** A control before signing. `agent_id` is set exactly for the agent kinds. */
export const UnsignedFleetControlSchema = z
  .object({
    domain: z.literal(FLEET_CONTROL_DOMAIN),
    tenant: z.string().min(1).max(63),
    seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    kind: z.enum(FLEET_CONTROL_KINDS),
    agent_id: AgentIdSchema.optional(),
    reason: z.string().min(1).max(1000),
    /** Key id of the operator or admin who issued it (never a secret). */
    actor_key_id: z.string().min(1).max(256),
    /** ISO instant the control was issued. */
    issued_at: z.string().max(40),
  })
  .strict()
  .refine((c) => (c.kind.startsWith("agent.") ? c.agent_id !== undefined : c.agent_id === undefined), {
    message: "agent_id is required for agent.* controls and forbidden for estop.* controls",
    path: ["agent_id"],
  });
export type UnsignedFleetControl = z.infer<typeof UnsignedFleetControlSchema>;

/** A signed control, as stored by the PolicyStore and sent to devices. */
export const FleetControlSchema = z
  .object({
    domain: z.literal(FLEET_CONTROL_DOMAIN),
    tenant: z.string().min(1).max(63),
    seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    kind: z.enum(FLEET_CONTROL_KINDS),
    agent_id: AgentIdSchema.optional(),
    reason: z.string().min(1).max(1000),
    actor_key_id: z.string().min(1).max(256),
    issued_at: z.string().max(40),
    key_id: z.string().min(1).max(256),
    signature: z.string().regex(/^[A-Za-z0-9_-]+$/).max(128),
  })
  .strict();
export type FleetControl = z.infer<typeof FleetControlSchema>;

/** Why a control was refused. */
export type FleetControlRefusal = "malformed" | "unknown_key" | "revoked_key" | "expired_key" | "key_not_yet_valid" | "bad_signature" | "wrong_tenant";

/** Thrown by {@link verifyFleetControl}; the message never carries key material. */
export class FleetControlError extends Error {
  readonly code: FleetControlRefusal;
  constructor(code: FleetControlRefusal, message: string) {
    super(message);
    this.name = "FleetControlError";
    this.code = code;
  }
}

/**
 * The bytes a control signature covers: UTF-8 of canonicalJson(control minus signature and key_id).
 *
 * @example
 * fleetControlSigningBytes(control); // same bytes whatever the key order
 */
export function fleetControlSigningBytes(control: UnsignedFleetControl | FleetControl): Uint8Array {
  const { signature: _s, key_id: _k, ...signed } = control as FleetControl;
  return new TextEncoder().encode(canonicalJson(signed));
}

/**
 * Sign a control with the policy signer (the key devices trust for bundles).
 *
 * @example
 * const signed = await signFleetControl({ domain: FLEET_CONTROL_DOMAIN, tenant: "acme", seq: 1, kind: "estop.engage", reason: "fire", actor_key_id: "k1", issued_at }, signer);
 */
export async function signFleetControl(control: UnsignedFleetControl, signer: Signer): Promise<FleetControl> {
  const parsed = UnsignedFleetControlSchema.parse(control);
  const signature = await signer.sign(fleetControlSigningBytes(parsed));
  return { ...parsed, key_id: signer.keyId, signature: base64UrlEncode(signature) };
}

function lookup(keys: TrustedKeys, keyId: string): JsonWebKey | Verifier | undefined {
  if (keys instanceof Map) return (keys as ReadonlyMap<string, JsonWebKey | Verifier>).get(keyId);
  const record = keys as Readonly<Record<string, JsonWebKey | Verifier>>;
  return Object.hasOwn(record, keyId) ? record[keyId] : undefined;
}

/**
 * Verify a control received from anywhere (a socket, a peer region, a file): its shape, a signature by a
 * trusted key over every field, and its tenant. Returns it typed, or throws {@link FleetControlError}.
 * Ordering (seq) is the receiver's job: it knows what it applied.
 *
 * @example
 * const control = await verifyFleetControl(message.control, config.trusted_keys, "acme");
 */
export async function verifyFleetControl(control: unknown, trustedKeys: TrustedKeys, tenant: string): Promise<FleetControl> {
  const parsed = FleetControlSchema.safeParse(control);
  if (!parsed.success || !UnsignedFleetControlSchema.safeParse(withoutSignature(parsed.data)).success) {
    throw new FleetControlError("malformed", "not a fleet control message");
  }
  const c = parsed.data;
  const key = lookup(trustedKeys, c.key_id);
  if (key === undefined) throw new FleetControlError("unknown_key", `control is signed with key ${JSON.stringify(c.key_id.slice(0, 128))}, which is not trusted here`);
  let signature: Uint8Array;
  try {
    signature = base64UrlDecode(c.signature);
  } catch {
    throw new FleetControlError("bad_signature", "control signature is not base64url");
  }
  const verifier = typeof (key as Verifier).verify === "function" ? (key as Verifier) : createVerifier(c.key_id, key as JsonWebKey);
  const valid = signature.length === ED25519_SIGNATURE_BYTES && (await verifier.verify(fleetControlSigningBytes(c), signature));
  if (!valid) throw new FleetControlError("bad_signature", `control signature does not verify with key ${c.key_id}: modified or signed by another key`);
  if (c.tenant !== tenant) throw new FleetControlError("wrong_tenant", `control is for another tenant, expected ${JSON.stringify(tenant)}`);
  return c;
}

function withoutSignature(c: FleetControl): UnsignedFleetControl {
  const { signature: _s, key_id: _k, ...rest } = c;
  return rest;
}
