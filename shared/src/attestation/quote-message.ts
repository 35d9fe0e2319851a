/**
 * The TPM quote a device sends in the sync `auth` message (shared/src/sync/messages.ts): the TPMS_ATTEST
 * and TPMT_SIGNATURE bytes exactly as the TPM produced them (base64url) and the quoted PCR values of the
 * sha256 bank (index → lower-case hex). Sizes are bounded so a quote always fits a sync frame.
 */
import * as z from "zod";

const Base64Url = z.string().regex(/^[A-Za-z0-9_-]+$/, "must be base64url (no padding)");

/** PCR indexes a quote may cover (a PC-client TPM has 24). */
export const PCR_INDEX_PATTERN = /^(?:[0-9]|1[0-9]|2[0-3])$/;

/** `auth.quote`: ≤ 1 KiB attest, ≤ 1 KiB signature (an RSA-4096 signature fits), ≤ 24 PCR values. */
export const TpmQuoteSchema = z
  .object({
    attest: Base64Url.max(1400),
    signature: Base64Url.max(1400),
    pcrs: z.record(z.string().regex(PCR_INDEX_PATTERN, "PCR indexes are 0–23"), z.string().regex(/^[0-9a-f]{64}$/, "PCR values are 64 lower-case hex characters (sha256)")),
  })
  .strict();
export type TpmQuote = z.infer<typeof TpmQuoteSchema>;
