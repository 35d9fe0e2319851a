/**
 * The attestation gate of a `/v2/sync` session: after the challenge signature verified and before `ready`
 * (so before any bundle or control), a device enrolled with a TPM must send a quote that verifies against
 * its enrolled AK, is bound to this challenge and matches the tenant's PCR policy; a software device passes
 * unless the policy says `require_tpm`. Every outcome is recorded for the fleet view.
 */
import { verifyTpmQuote, type AttestationKey, type DeviceAttestation, type StoredPcrPolicy, type TpmQuote } from "@nethical/core";

/** What the gate needs from the PolicyStore. */
export interface AttestationHost {
  readonly tenant: string;
  /** The device's enrolled attestation (absent in old records = software). */
  deviceAttestation(deviceId: string): Promise<DeviceAttestation>;
  /** The tenant's PCR policy, or null when none is set. */
  pcrPolicy(): Promise<StoredPcrPolicy | null>;
  /** Record the outcome for the fleet view. */
  recordAttestation(deviceId: string, outcome: AttestationOutcome): Promise<void>;
}

export type AttestationFailureCode = "attestation_required" | "quote_malformed" | "quote_bad_signature" | "quote_nonce_mismatch" | "quote_pcr_mismatch";
export type AttestationOutcome =
  | { ok: true; mode: "tpm" | "software" }
  | { ok: false; mode: "tpm" | "software"; code: AttestationFailureCode; message: string };

/**
 * Decide whether this authenticated device may be sent policy; records the outcome.
 *
 * @example
 * const outcome = await attestationGate(host, { device_id, nonce }, message.quote);
 * if (!outcome.ok) return fail(ws, outcome.code, outcome.message);
 */
export async function attestationGate(host: AttestationHost, session: { device_id: string; nonce: string }, quote: TpmQuote | undefined): Promise<AttestationOutcome> {
  const [attestation, policy] = await Promise.all([host.deviceAttestation(session.device_id), host.pcrPolicy()]);
  let outcome: AttestationOutcome;
  if (attestation.mode === "software") {
    outcome = policy?.require_tpm === true
      ? { ok: false, mode: "software", code: "attestation_required", message: "the tenant's PCR policy requires TPM attestation; this device is enrolled with software attestation" }
      : { ok: true, mode: "software" };
  } else if (quote === undefined) {
    outcome = { ok: false, mode: "tpm", code: "attestation_required", message: "this device is enrolled with a TPM: auth must carry a quote" };
  } else {
    const verdict = await verifyTpmQuote({
      ak: attestation.ak as unknown as AttestationKey,
      quote,
      challenge: { tenant: host.tenant, device_id: session.device_id, nonce: session.nonce },
      policy: policy === null ? null : { pcrs: policy.pcrs },
    });
    outcome = verdict.ok ? { ok: true, mode: "tpm" } : { ok: false, mode: "tpm", code: verdict.code, message: verdict.message };
  }
  await host.recordAttestation(session.device_id, outcome);
  return outcome;
}
