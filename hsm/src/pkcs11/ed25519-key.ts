/**
 * Finding an Ed25519 key pair on a token by label, reading its public half, and reading how its private
 * half is protected. Public and private objects of one pair share a CKA_LABEL (and CKA_ID) by convention;
 * `generateEd25519KeyPair` (keygen.ts) sets both.
 */
import { CKK_EC_EDWARDS, CKM_EDDSA, ed25519JwkFromRaw, isEd25519Params, rawEd25519FromEcPoint } from "./ed25519.ts";
import { HsmError } from "./hsm-error.ts";
import { findObjects, type Handle, readAttribute, readBoolean, readUlong, type TokenSession } from "./token-session.ts";

/** How the token protects a private key (read back from the token, not assumed). */
export interface KeyProtection {
  /** CKA_TOKEN: stored on the token (not a session object). */
  readonly token: boolean;
  /** CKA_PRIVATE: usable only after login. */
  readonly private: boolean;
  /** CKA_SENSITIVE: the key value can never be read in plaintext. */
  readonly sensitive: boolean;
  /** CKA_EXTRACTABLE: the key can be wrapped out of the token. */
  readonly extractable: boolean;
  /** CKA_ALWAYS_SENSITIVE: sensitive since it was created. */
  readonly always_sensitive: boolean;
  /** CKA_NEVER_EXTRACTABLE: never was extractable. */
  readonly never_extractable: boolean;
}

/** An Ed25519 key pair found on a token. */
export interface Ed25519KeyPair {
  readonly privateKey: Handle;
  readonly publicKey: Handle;
  readonly publicKeyJwk: JsonWebKey;
  readonly protection: KeyProtection;
}

function oneObject(ts: TokenSession, objectClass: number, label: string, what: string): Handle | undefined {
  const { binding } = ts;
  const found = findObjects(ts, [
    { type: binding.CKA_CLASS, value: objectClass },
    { type: binding.CKA_LABEL, value: label },
  ]);
  if (found.length > 1) throw new HsmError("key_ambiguous", `${found.length} ${what} objects are labelled "${label}" on token "${ts.location.token}"; labels must be unique`);
  return found[0];
}

/**
 * How the token protects `privateKey`.
 *
 * @example
 * keyProtection(ts, pair.privateKey); // { sensitive: true, extractable: false, … }
 */
export function keyProtection(ts: TokenSession, privateKey: Handle): KeyProtection {
  const b = ts.binding;
  return {
    token: readBoolean(ts, privateKey, b.CKA_TOKEN),
    private: readBoolean(ts, privateKey, b.CKA_PRIVATE),
    sensitive: readBoolean(ts, privateKey, b.CKA_SENSITIVE),
    extractable: readBoolean(ts, privateKey, b.CKA_EXTRACTABLE),
    always_sensitive: readBoolean(ts, privateKey, b.CKA_ALWAYS_SENSITIVE),
    never_extractable: readBoolean(ts, privateKey, b.CKA_NEVER_EXTRACTABLE),
  };
}

/**
 * True when a key with this label (private or public) exists on the token.
 *
 * @example
 * if (keyLabelTaken(ts, "policy-2027")) throw …;
 */
export function keyLabelTaken(ts: TokenSession, label: string): boolean {
  return findObjects(ts, [{ type: ts.binding.CKA_LABEL, value: label }]).length > 0;
}

/**
 * The public JWK of the key `label` on the token (a public-key object; no login needed on most tokens).
 *
 * @example
 * readEd25519PublicKey(ts, "policy-2027"); // { kty: "OKP", crv: "Ed25519", x }
 */
export function readEd25519PublicKey(ts: TokenSession, publicKey: Handle, label: string): JsonWebKey {
  const params = readAttribute(ts, publicKey, ts.binding.CKA_EC_PARAMS);
  if (!isEd25519Params(params)) throw new HsmError("key_type", `key "${label}" on token "${ts.location.token}" is not on edwards25519`);
  return ed25519JwkFromRaw(rawEd25519FromEcPoint(readAttribute(ts, publicKey, ts.binding.CKA_EC_POINT)));
}

/**
 * Find the Ed25519 key pair labelled `label`: both halves, the public JWK and the private key's protection.
 * Throws HsmError key_not_found (no private key, or no public object), key_ambiguous, key_type (not
 * CKK_EC_EDWARDS, or not edwards25519), mechanism_unsupported (the token has no CKM_EDDSA).
 *
 * @example
 * const pair = findEd25519KeyPair(ts, "policy-2027");
 */
export function findEd25519KeyPair(ts: TokenSession, label: string): Ed25519KeyPair {
  const b = ts.binding;
  const privateKey = oneObject(ts, b.CKO_PRIVATE_KEY, label, "private-key");
  if (privateKey === undefined) throw new HsmError("key_not_found", `no private key labelled "${label}" on token "${ts.location.token}"`);
  const keyType = readUlong(ts, privateKey, b.CKA_KEY_TYPE);
  if (keyType !== CKK_EC_EDWARDS) {
    throw new HsmError("key_type", `key "${label}" on token "${ts.location.token}" has key type 0x${keyType.toString(16)}, not CKK_EC_EDWARDS (Ed25519); only Ed25519 keys sign bundles`);
  }
  const publicKey = oneObject(ts, b.CKO_PUBLIC_KEY, label, "public-key");
  if (publicKey === undefined) throw new HsmError("key_not_found", `no public key object labelled "${label}" on token "${ts.location.token}" (it is needed to publish and self-check the key)`);
  const mechanisms = ts.lib.C_GetMechanismList(ts.slot);
  if (!mechanisms.includes(CKM_EDDSA)) throw new HsmError("mechanism_unsupported", `token "${ts.location.token}" does not offer CKM_EDDSA (Ed25519 signing)`);
  return { privateKey, publicKey, publicKeyJwk: readEd25519PublicKey(ts, publicKey, label), protection: keyProtection(ts, privateKey) };
}
