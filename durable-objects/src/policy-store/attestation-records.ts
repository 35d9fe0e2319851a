/**
 * KV reads and writes of TPM attestation for the sync hub: the device's enrolled attestation (its device
 * record, `t:<tenant>:device:<id>`), the tenant's PCR policy (`t:<tenant>:attestation:pcr-policy`) and the
 * outcome in the fleet record. Malformed stored values read as "software" / "no policy" only where that is
 * not weaker: a TPM device record that fails to parse reads as a TPM device with no usable AK (refused).
 */
import { DeviceAttestationSchema, normalisePcrPolicy, PcrPolicySchema, type DeviceAttestation, type StoredPcrPolicy } from "@nethical/core";
import { deviceKey, pcrPolicyKey } from "../storage-keys.ts";
import type { AttestationOutcome } from "./attestation-gate.ts";
import { nextAttestationFacts } from "./attestation-facts.ts";
import { fleetKey, FleetRecordSchema, recordDeviceFacts } from "./fleet-records.ts";

const UNUSABLE_AK: DeviceAttestation = { mode: "tpm", ak: { jwk: {}, alg: "ecdsa-p256-sha256" }, ak_public: "" };

/**
 * The device's enrolled attestation; a record without one is software.
 *
 * @example
 * (await readDeviceAttestation(env.POLICY_KV, "acme", "robot-7")).mode; // "tpm"
 */
export async function readDeviceAttestation(kv: KVNamespace, tenant: string, deviceId: string): Promise<DeviceAttestation> {
  const record = await kv.get<{ attestation?: unknown }>(deviceKey(tenant, deviceId), "json");
  if (record?.attestation === undefined) return { mode: "software" };
  const parsed = DeviceAttestationSchema.safeParse(record.attestation);
  return parsed.success ? parsed.data : UNUSABLE_AK;
}

/**
 * The tenant's PCR policy, or null.
 *
 * @example
 * await readPcrPolicy(env.POLICY_KV, "acme"); // { pcrs: { "0": "…" }, require_tpm: true }
 */
export async function readPcrPolicy(kv: KVNamespace, tenant: string): Promise<StoredPcrPolicy | null> {
  const raw = await kv.get(pcrPolicyKey(tenant), "json");
  if (raw === null) return null;
  const parsed = PcrPolicySchema.safeParse(raw);
  // A stored policy that no longer parses must not silently allow everything: it matches no quote.
  return parsed.success ? normalisePcrPolicy(parsed.data) : { pcrs: { "0": "" }, require_tpm: true };
}

/**
 * Save the tenant's PCR policy (validated, lower-case hex).
 *
 * @example
 * await writePcrPolicy(env.POLICY_KV, "acme", PcrPolicySchema.parse(body));
 */
export async function writePcrPolicy(kv: KVNamespace, tenant: string, policy: StoredPcrPolicy): Promise<StoredPcrPolicy> {
  const normal = normalisePcrPolicy(policy);
  await kv.put(pcrPolicyKey(tenant), JSON.stringify(normal));
  return normal;
}

/**
 * Record an attestation outcome in the device's fleet record.
 *
 * @example
 * await recordAttestationOutcome(env.POLICY_KV, "acme", "robot-7", { ok: true, mode: "tpm" }, Date.now());
 */
export async function recordAttestationOutcome(kv: KVNamespace, tenant: string, deviceId: string, outcome: AttestationOutcome, now: number): Promise<void> {
  const previous = FleetRecordSchema.safeParse(await kv.get(fleetKey(tenant, deviceId), "json"));
  const attestation = nextAttestationFacts(previous.success ? previous.data.attestation : undefined, outcome, now);
  await recordDeviceFacts(kv, tenant, { device_id: deviceId, attestation }, now);
}
