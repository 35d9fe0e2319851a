/** Device attestation: TPM 2.0 quotes over the sync challenge (parse, verify), AK public keys. */
export * from "./quote-message.ts";
export * from "./tpm-reader.ts";
export * from "./tpm-public.ts";
export * from "./tpm-quote.ts";
export * from "./pcr-policy.ts";
export * from "./device-attestation.ts";
