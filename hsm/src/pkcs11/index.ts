/** PKCS#11 signing: a Signer whose Ed25519 key stays on a token, key generation, and their errors. */
export { CKK_EC_EDWARDS, CKM_EC_EDWARDS_KEY_PAIR_GEN, CKM_EDDSA, ED25519_EC_PARAMS, ed25519JwkFromRaw, rawEd25519FromEcPoint } from "./ed25519.ts";
export { findEd25519KeyPair, keyProtection, type Ed25519KeyPair, type KeyProtection } from "./ed25519-key.ts";
export { HsmError, type HsmErrorCode } from "./hsm-error.ts";
export { generateEd25519KeyPair, type GenerateKeyOptions, type GeneratedTokenKey } from "./keygen.ts";
export { DEFAULT_PIN_ENV, pinFromEnv } from "./pin.ts";
export { openPkcs11Signer, type Pkcs11Signer, type Pkcs11SignerOptions } from "./pkcs11-signer.ts";
export { findObjects, openTokenSession, readAttribute, readBoolean, type TokenLocation, type TokenSession } from "./token-session.ts";
