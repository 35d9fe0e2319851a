/**
 * A tenant's PCR policy for TPM attestation: the sha256-bank value each listed PCR must have in every
 * device quote (exactly these PCRs must be quoted), and whether software-attested devices are refused.
 * Set by an operator (`PUT /v2/attestation/pcr-policy`), read by the PolicyStore at each sync.
 */
import * as z from "zod";
import { PCR_INDEX_PATTERN } from "./quote-message.ts";

export const PcrPolicySchema = z
  .object({
    /** PCR index ("0"–"23") → expected sha256 value (64 hex characters). */
    pcrs: z
      .record(z.string().regex(PCR_INDEX_PATTERN, "PCR indexes are 0–23"), z.string().regex(/^[0-9a-fA-F]{64}$/, "PCR values are 64 hex characters (sha256)"))
      .refine((p) => Object.keys(p).length > 0, "at least one PCR"),
    /** Refuse devices enrolled with software attestation (no TPM) with `attestation_required`. */
    require_tpm: z.boolean().default(false),
  })
  .strict();
export type PcrPolicyInput = z.input<typeof PcrPolicySchema>;
export type StoredPcrPolicy = z.infer<typeof PcrPolicySchema>;

/**
 * The policy with lower-case hex values (how quotes report them).
 *
 * @example
 * normalisePcrPolicy(PcrPolicySchema.parse({ pcrs: { "0": "AB…" } })).pcrs["0"]; // "ab…"
 */
export function normalisePcrPolicy(policy: StoredPcrPolicy): StoredPcrPolicy {
  return { ...policy, pcrs: Object.fromEntries(Object.entries(policy.pcrs).map(([k, v]) => [String(Number(k)), v.toLowerCase()])) };
}
