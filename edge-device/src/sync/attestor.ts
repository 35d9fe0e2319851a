/**
 * Platform attestation hook: what the device sends as `hello.attestation`. The interface is the seam; the
 * software implementation says only what software can honestly say (runtime, platform, key thumbprint,
 * signed with the device key). A TPM implementation (quote over PCRs with an AK) implements the same
 * interface without touching the sync client.
 */
import { createHash } from "node:crypto";
import { base64UrlEncode, canonicalJson, type DeviceChallenge, type Signer, type TpmQuote } from "@nethical/core";

/** Produces an opaque attestation string (≤ 8 KiB) for the sync hello and, for a TPM, a quote per challenge. */
export interface Attestor {
  readonly kind: string;
  attest(): Promise<string | undefined>;
  /** A TPM quote bound to this challenge, sent in `auth.quote` (tpm-attestor.ts); absent for software. */
  quote?(challenge: DeviceChallenge): Promise<TpmQuote>;
}

/**
 * Software attestation: base64url of `{kind, node, platform, arch, key_thumbprint}` and a device-key
 * signature over it. Proves possession of the device key and nothing about the hardware.
 *
 * @example
 * const attestor = softwareAttestor(deviceKey.signer, deviceKey.publicKeyJwk);
 * await attestor.attest(); // "eyJ…"
 */
export function softwareAttestor(signer: Signer, publicKeyJwk: JsonWebKey): Attestor {
  return {
    kind: "software",
    async attest() {
      const claims = {
        kind: "software",
        node: process.versions.node,
        platform: process.platform,
        arch: process.arch,
        key_thumbprint: createHash("sha256").update(canonicalJson(publicKeyJwk)).digest("hex"),
      };
      const bytes = new TextEncoder().encode(canonicalJson(claims));
      const signature = base64UrlEncode(await signer.sign(bytes));
      return `${base64UrlEncode(bytes)}.${signature}`;
    },
  };
}
