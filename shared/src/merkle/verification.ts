/**
 * The outcome of checking a proof or a signature: either it holds, or it does not and `reason` says why
 * in words an auditor can act on. Verifiers return this instead of throwing, so untrusted input (a proof
 * from the network, a tampered export) can never crash the caller.
 */

/** Result of a proof or signature check. */
export type Verification = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const OK: Verification = Object.freeze({ ok: true });

/**
 * The successful verification.
 *
 * @example
 * verified(); // { ok: true }
 */
export function verified(): Verification {
  return OK;
}

/**
 * A failed verification with its reason.
 *
 * @example
 * rejected("index 9 is not below tree size 8"); // { ok: false, reason: "index 9 is not below tree size 8" }
 */
export function rejected(reason: string): Verification {
  return { ok: false, reason };
}
