/**
 * How an enrolled device attests, as its enrolment record keeps it (`POST /v2/devices` `attestation`):
 * `software` (nothing about hardware is proven) or `tpm` with the attestation key parsed from its
 * TPM2B_PUBLIC (tpm-public.ts), which every later quote must verify with.
 */
import * as z from "zod";

/** `POST /v2/devices` `attestation`: absent = software. `ak_public` is base64url of the AK's TPM2B_PUBLIC. */
export const EnrolAttestationSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("software") }).strict(),
  z.object({ kind: z.literal("tpm"), ak_public: z.string().regex(/^[A-Za-z0-9_-]+$/, "ak_public is base64url of TPM2B_PUBLIC").max(1400) }).strict(),
]);
export type EnrolAttestation = z.infer<typeof EnrolAttestationSchema>;

/** The stored form. */
export const DeviceAttestationSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("software") }).strict(),
  z
    .object({
      mode: z.literal("tpm"),
      ak: z.object({ jwk: z.record(z.string(), z.unknown()), alg: z.enum(["ecdsa-p256-sha256", "rsassa-2048-sha256"]) }).strict(),
      /** base64url TPM2B_PUBLIC as enrolled (auditors can recompute the AK name from it). */
      ak_public: z.string(),
    })
    .strict(),
]);
export type DeviceAttestation = z.infer<typeof DeviceAttestationSchema>;

/** What `/v2/fleet` says about a software-attested device. */
export const SOFTWARE_ATTESTATION_SUMMARY = "software (development only: proves possession of the device key, not the hardware or what it runs)";
