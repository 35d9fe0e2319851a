/**
 * Turn an attestation outcome into the fleet record's `attestation` facts (fleet-records.ts), keeping the
 * last failure after later successes so an operator sees that a device once failed and when.
 */
import { SOFTWARE_ATTESTATION_SUMMARY } from "@nethical/core";
import type { AttestationOutcome } from "./attestation-gate.ts";
import type { AttestationFacts } from "./fleet-records.ts";

/**
 * The next facts after `outcome` at `now`.
 *
 * @example
 * nextAttestationFacts(previous?.attestation, { ok: false, mode: "tpm", code: "quote_pcr_mismatch", message }, Date.now());
 */
export function nextAttestationFacts(previous: AttestationFacts | undefined, outcome: AttestationOutcome, now: number): AttestationFacts {
  const at = new Date(now).toISOString();
  const lastFailure = outcome.ok ? (previous?.last_failure ?? null) : { code: outcome.code, message: outcome.message.slice(0, 512), at };
  if (outcome.ok && outcome.mode === "software") {
    return { mode: "software", state: "software", summary: SOFTWARE_ATTESTATION_SUMMARY, verified_at: null, last_failure: lastFailure };
  }
  if (outcome.ok) return { mode: "tpm", state: "verified", summary: "tpm: quote verified (AK signature, challenge nonce, PCR policy)", verified_at: at, last_failure: lastFailure };
  return {
    mode: outcome.mode,
    state: "failed",
    summary: `${outcome.mode}: refused (${outcome.code}); no policy sent`,
    verified_at: previous?.verified_at ?? null,
    last_failure: lastFailure,
  };
}
