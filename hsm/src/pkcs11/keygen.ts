/**
 * Creating an Ed25519 key pair on a token (CKM_EC_EDWARDS_KEY_PAIR_GEN) whose private half can never leave
 * it: CKA_TOKEN (persistent), CKA_PRIVATE (login needed), CKA_SENSITIVE, CKA_EXTRACTABLE false, sign only.
 * What the token actually recorded is read back and returned, and a key the token did not protect as asked
 * is destroyed and refused.
 */
import { checkKeyId } from "@nethical/core/signing/index.ts";
import { CKK_EC_EDWARDS, CKM_EC_EDWARDS_KEY_PAIR_GEN, ED25519_EC_PARAMS } from "./ed25519.ts";
import { keyLabelTaken, keyProtection, type KeyProtection, readEd25519PublicKey } from "./ed25519-key.ts";
import { HsmError, toHsmError } from "./hsm-error.ts";
import { openTokenSession, type TokenLocation } from "./token-session.ts";

/** What to create. */
export interface GenerateKeyOptions extends TokenLocation {
  /** CKA_LABEL for both halves; also the default key id. Must not exist yet. */
  readonly key: string;
  readonly pin: string;
}

/** The created key: its label, CKA_ID (hex), public JWK and the protection read back from the token. */
export interface GeneratedTokenKey {
  readonly key: string;
  readonly id: string;
  readonly publicKeyJwk: JsonWebKey;
  readonly protection: KeyProtection;
}

/**
 * Generate a non-extractable Ed25519 key pair labelled `options.key` on the token.
 * Throws HsmError key_exists when the label is taken, mechanism_unsupported without Ed25519 key generation.
 *
 * @example
 * const { publicKeyJwk } = await generateEd25519KeyPair({ module, token: "nethical", key: "policy-2027", pin });
 */
export async function generateEd25519KeyPair(options: GenerateKeyOptions): Promise<GeneratedTokenKey> {
  checkKeyId(options.key);
  if (typeof options.pin !== "string" || options.pin === "") throw new HsmError("pin_missing", "no PIN given for the token");
  const ts = await openTokenSession(options, options.pin, true);
  try {
    const b = ts.binding;
    if (!ts.lib.C_GetMechanismList(ts.slot).includes(CKM_EC_EDWARDS_KEY_PAIR_GEN)) {
      throw new HsmError("mechanism_unsupported", `token "${options.token}" cannot generate Ed25519 keys (no CKM_EC_EDWARDS_KEY_PAIR_GEN)`);
    }
    if (keyLabelTaken(ts, options.key)) throw new HsmError("key_exists", `a key labelled "${options.key}" already exists on token "${options.token}"`);
    const id = Buffer.from(crypto.getRandomValues(new Uint8Array(16)));
    const common = [
      { type: b.CKA_TOKEN, value: true },
      { type: b.CKA_LABEL, value: options.key },
      { type: b.CKA_ID, value: id },
      { type: b.CKA_KEY_TYPE, value: CKK_EC_EDWARDS },
    ];
    let pair: { privateKey: Buffer; publicKey: Buffer };
    try {
      pair = ts.lib.C_GenerateKeyPair(
        ts.session,
        { mechanism: CKM_EC_EDWARDS_KEY_PAIR_GEN, parameter: null as unknown as undefined },
        [...common, { type: b.CKA_CLASS, value: b.CKO_PUBLIC_KEY }, { type: b.CKA_EC_PARAMS, value: Buffer.from(ED25519_EC_PARAMS) }, { type: b.CKA_VERIFY, value: true }, { type: b.CKA_PRIVATE, value: false }],
        [
          ...common,
          { type: b.CKA_CLASS, value: b.CKO_PRIVATE_KEY },
          { type: b.CKA_PRIVATE, value: true },
          { type: b.CKA_SENSITIVE, value: true },
          { type: b.CKA_EXTRACTABLE, value: false },
          { type: b.CKA_SIGN, value: true },
          { type: b.CKA_DECRYPT, value: false },
          { type: b.CKA_DERIVE, value: false },
          { type: b.CKA_UNWRAP, value: false },
        ],
      );
    } catch (error) {
      throw toHsmError(error, `generate an Ed25519 key pair on token "${options.token}"`);
    }
    const protection = keyProtection(ts, pair.privateKey);
    if (!protection.token || !protection.sensitive || protection.extractable) {
      ts.lib.C_DestroyObject(ts.session, pair.privateKey);
      ts.lib.C_DestroyObject(ts.session, pair.publicKey);
      throw new HsmError("key_unprotected", `token "${options.token}" did not keep the new key non-extractable and sensitive; the key was destroyed`);
    }
    return { key: options.key, id: id.toString("hex"), publicKeyJwk: readEd25519PublicKey(ts, pair.publicKey, options.key), protection };
  } finally {
    ts.close();
  }
}
