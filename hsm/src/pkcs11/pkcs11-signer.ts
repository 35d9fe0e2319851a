/**
 * The PKCS#11 {@link Signer}: Ed25519 (CKM_EDDSA) with a private key that stays on the token. The key is
 * found by label; by default a key the token would let out (CKA_EXTRACTABLE true or CKA_SENSITIVE false)
 * is refused. Every signature is checked with WebCrypto against the public key read from the token before
 * it is returned, so a token that signs with another key, or returns garbage, is caught here.
 */
import { checkKeyId, createVerifier, type Signer } from "@nethical/core/signing/index.ts";
import { CKM_EDDSA } from "./ed25519.ts";
import { findEd25519KeyPair, type KeyProtection } from "./ed25519-key.ts";
import { HsmError, toHsmError } from "./hsm-error.ts";
import { openTokenSession, type TokenLocation } from "./token-session.ts";

/** Which key to use and how to log in. */
export interface Pkcs11SignerOptions extends TokenLocation {
  /** CKA_LABEL of the key pair on the token. */
  readonly key: string;
  /** The user PIN (read it from the environment; never from a command line or a log). */
  readonly pin: string;
  /** The id consumers know the public key by (bundle `key_id`); default: the key label. */
  readonly keyId?: string;
  /** Accept a key the token marks extractable or not sensitive (default false: such keys are refused). */
  readonly allowExportableKey?: boolean;
}

/** A Signer backed by a token; close it when done (ends the session). */
export interface Pkcs11Signer extends Signer {
  /** How the token protects the private key, read back from the token when the signer was opened. */
  readonly protection: KeyProtection;
  close(): void;
}

/**
 * Open a signer for the Ed25519 key `options.key` on token `options.token`.
 * Errors are HsmErrors with a code (see hsm-error.ts).
 *
 * @example
 * const signer = await openPkcs11Signer({ module: "/usr/lib/softhsm/libsofthsm2.so", token: "nethical", key: "policy-2027", pin: process.env.NETHICAL_PKCS11_PIN! });
 * try { await signBundle(bundle, signer); } finally { signer.close(); }
 */
export async function openPkcs11Signer(options: Pkcs11SignerOptions): Promise<Pkcs11Signer> {
  const keyId = checkKeyId(options.keyId ?? options.key);
  if (typeof options.pin !== "string" || options.pin === "") throw new HsmError("pin_missing", "no PIN given for the token");
  const ts = await openTokenSession(options, options.pin);
  try {
    const pair = findEd25519KeyPair(ts, options.key);
    const { protection } = pair;
    if (options.allowExportableKey !== true && (protection.extractable || !protection.sensitive)) {
      throw new HsmError(
        "key_unprotected",
        `key "${options.key}" on token "${options.token}" can leave the token (extractable ${protection.extractable}, sensitive ${protection.sensitive}); create it with "nethical keys pkcs11-generate"`,
      );
    }
    const publicKeyJwk = pair.publicKeyJwk;
    const verifier = createVerifier(keyId, publicKeyJwk);
    // One operation at a time per session (PKCS#11 sessions are not concurrent).
    let queue: Promise<unknown> = Promise.resolve();
    let closed = false;
    const signOnce = async (bytes: Uint8Array): Promise<Uint8Array> => {
      if (closed) throw new HsmError("token_error", "the PKCS#11 signer is closed");
      let signature: Uint8Array;
      try {
        ts.lib.C_SignInit(ts.session, { mechanism: CKM_EDDSA, parameter: null as unknown as undefined }, pair.privateKey);
        signature = new Uint8Array(await ts.lib.C_SignAsync(ts.session, Buffer.from(bytes), Buffer.alloc(64)));
      } catch (error) {
        throw toHsmError(error, `sign with key "${options.key}" on token "${options.token}"`);
      }
      if (signature.length !== 64 || !(await verifier.verify(bytes, signature))) {
        throw new HsmError("token_error", `token "${options.token}" returned a signature that does not verify with key "${options.key}"'s public key`);
      }
      return signature;
    };
    return {
      keyId,
      algorithm: "Ed25519",
      protection,
      sign(bytes: Uint8Array): Promise<Uint8Array> {
        if (!(bytes instanceof Uint8Array)) return Promise.reject(new TypeError("sign: bytes must be a Uint8Array"));
        const result = queue.then(() => signOnce(bytes));
        queue = result.catch(() => undefined);
        return result;
      },
      publicKey: async () => ({ ...publicKeyJwk }),
      close() {
        if (closed) return;
        closed = true;
        ts.close();
      },
    };
  } catch (error) {
    ts.close();
    throw error;
  }
}
