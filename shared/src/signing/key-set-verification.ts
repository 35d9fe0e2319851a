/**
 * Verifying bundles against a {@link KeySet} at a time: the signing key must be listed, unrevoked and inside
 * its validity window, and then the usual bundle checks apply (verifyBundle). A bundle signed by a revoked key
 * is refused with `revoked_key` even when its signature is valid: a revoked key may be in an attacker's hands.
 */
import { BundleVerificationError, verifyBundle, type VerifyBundleOptions } from "./bundle-verification.ts";
import type { SignableBundle, SignedBundle } from "./bundle-signing.ts";
import { keyUsability, usableKeys, type KeySet } from "./key-set.ts";

/** {@link VerifyBundleOptions} plus the time keys are judged at (default: now). */
export interface VerifyWithKeySetOptions extends VerifyBundleOptions {
  readonly now?: Date;
}

/**
 * Verify a bundle against a key set, throwing BundleVerificationError with `unknown_key`, `revoked_key`,
 * `expired_key`, `key_not_yet_valid`, `bad_signature` or any other verifyBundle code.
 *
 * @example
 * const bundle = await verifyBundleWithKeySet(received, keySet, { tenant: "acme", minSeq: current.seq });
 */
export async function verifyBundleWithKeySet<B extends SignableBundle>(
  bundle: B,
  keySet: KeySet,
  options: VerifyWithKeySetOptions = {},
): Promise<SignedBundle<B>> {
  const now = options.now ?? new Date();
  const keyId = bundle !== null && typeof bundle === "object" ? bundle.key_id : undefined;
  if (typeof keyId === "string" && keyId.length > 0) {
    const use = keyUsability(keySet, keyId, now);
    if ("refusal" in use && use.refusal !== "unknown_key") throw new BundleVerificationError(use.refusal, `bundle refused: ${use.message}`);
  }
  const { now: _now, ...rest } = options;
  return verifyBundle(bundle, usableKeys(keySet, now), rest);
}
