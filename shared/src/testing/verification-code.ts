/**
 * For tests of bundle verification: what a verification promise ended with, as one comparable value.
 */
import { BundleVerificationError, type BundleVerificationCode } from "../signing/bundle-verification.ts";

/**
 * The BundleVerificationError code the promise rejected with, or "accepted" when it resolved (any other
 * error is rethrown).
 *
 * @example
 * expect(await verificationCodeOf(verifyBundle(tampered, keys))).toBe("bad_signature");
 */
export async function verificationCodeOf(promise: Promise<unknown>): Promise<BundleVerificationCode | "accepted"> {
  try {
    await promise;
    return "accepted";
  } catch (error) {
    if (error instanceof BundleVerificationError) return error.code;
    throw error;
  }
}
