/**
 * Errors of the PKCS#11 signer, each with a stable code so the CLI and the device can say exactly what is
 * wrong. Messages name the module path, token label and key label; never a PIN or key material.
 */

/** Why a PKCS#11 operation failed. */
export type HsmErrorCode =
  | "binding_unavailable" // the pkcs11js native binding is not installed
  | "module_unavailable" // the PKCS#11 library file is missing or does not load
  | "token_not_found" // no token with that label
  | "pin_missing" // the PIN environment variable is unset or empty
  | "pin_incorrect" // CKR_PIN_INCORRECT / CKR_PIN_LEN_RANGE
  | "pin_locked" // CKR_PIN_LOCKED: too many wrong PINs
  | "key_not_found" // no key (or no public half) with that label
  | "key_ambiguous" // more than one key with that label
  | "key_exists" // generation refused: the label is taken
  | "key_type" // the key is not Ed25519
  | "key_unprotected" // the private key is extractable or not sensitive
  | "mechanism_unsupported" // the token does not offer Ed25519 (CKM_EDDSA / CKM_EC_EDWARDS_KEY_PAIR_GEN)
  | "token_error"; // any other CKR_* from the token

/** A PKCS#11 failure with a stable {@link HsmErrorCode}; `ckr` is the token's CKR_* name when there is one. */
export class HsmError extends Error {
  readonly code: HsmErrorCode;
  readonly ckr: string | undefined;
  constructor(code: HsmErrorCode, message: string, ckr?: string) {
    super(message);
    this.name = "HsmError";
    this.code = code;
    this.ckr = ckr;
  }
}

/**
 * The CKR_* name of a pkcs11js error (`Pkcs11Error.message` is the name), or undefined.
 *
 * @example
 * ckrName(error); // "CKR_PIN_INCORRECT" for a wrong PIN, undefined for any other error
 */
export function ckrName(error: unknown): string | undefined {
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message !== "string") return undefined;
  return /^(CKR_[A-Z_]+)/.exec(message)?.[1];
}

/**
 * Wrap any error from the binding as an HsmError (an HsmError passes through); `what` says what was being
 * done, e.g. "login to token \"nethical\"".
 *
 * @example
 * throw toHsmError(error, "sign with key \"policy\""); // HsmError token_error "sign with key "policy": CKR_…"
 */
export function toHsmError(error: unknown, what: string): HsmError {
  if (error instanceof HsmError) return error;
  const ckr = ckrName(error);
  switch (ckr) {
    case "CKR_PIN_INCORRECT":
    case "CKR_PIN_LEN_RANGE":
      return new HsmError("pin_incorrect", `${what}: the PIN is wrong (${ckr})`, ckr);
    case "CKR_PIN_LOCKED":
      return new HsmError("pin_locked", `${what}: the PIN is locked after too many wrong attempts (${ckr}); the security officer must reset it`, ckr);
    case "CKR_MECHANISM_INVALID":
      return new HsmError("mechanism_unsupported", `${what}: the token does not support this mechanism (${ckr})`, ckr);
    default: {
      const detail = ckr ?? ((error as Error | null)?.message ?? String(error)).split("\n")[0];
      return new HsmError("token_error", `${what}: ${detail}`, ckr);
    }
  }
}
