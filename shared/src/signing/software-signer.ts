/**
 * The software {@link Signer}: an Ed25519 private key held as a non-extractable WebCrypto key. Works in
 * Node ≥ 22 and workerd. Replace it with an HSM/KMS-backed Signer in production without touching callers.
 */
import { checkKeyId, publicJwkOf, type Signer, SigningKeyError, subtleCrypto } from "./keys.ts";
import { bufferSource } from "../util/buffer-source.ts";

/** A freshly generated key: the signer plus both halves as JWK, for storing the private one as a secret. */
export interface GeneratedSigningKey {
  readonly signer: Signer;
  /** Secret: store it as a Worker secret / in a vault; never log it. */
  readonly privateKeyJwk: JsonWebKey;
  readonly publicKeyJwk: JsonWebKey;
}

function makeSigner(keyId: string, privateKey: CryptoKey, publicJwk: JsonWebKey): Signer {
  return {
    keyId,
    algorithm: "Ed25519",
    async sign(bytes: Uint8Array): Promise<Uint8Array> {
      if (!(bytes instanceof Uint8Array)) throw new TypeError("sign: bytes must be a Uint8Array");
      return new Uint8Array(await subtleCrypto().sign("Ed25519", privateKey, bufferSource(bytes)));
    },
    publicKey: async () => ({ ...publicJwk }),
  };
}

/** Import extractable once to learn the public half, then keep only a non-extractable private key. */
async function fromImported(keyId: string, format: "jwk" | "pkcs8", data: JsonWebKey | Uint8Array): Promise<Signer> {
  const subtle = subtleCrypto();
  let probe: CryptoKey;
  try {
    probe = format === "jwk" ? await subtle.importKey("jwk", data as JsonWebKey, "Ed25519", true, ["sign"]) : await subtle.importKey("pkcs8", bufferSource(data as Uint8Array), "Ed25519", true, ["sign"]);
  } catch {
    throw new SigningKeyError(`not a usable Ed25519 private key (${format})`);
  }
  const full = (await subtle.exportKey("jwk", probe)) as JsonWebKey;
  const publicJwk = publicJwkOf(full);
  const privateKey = await subtle.importKey("jwk", { ...publicJwk, d: full.d }, "Ed25519", false, ["sign"]);
  return makeSigner(keyId, privateKey, publicJwk);
}

/**
 * A signer from a private Ed25519 JWK (`{ kty: "OKP", crv: "Ed25519", d, x }`).
 *
 * @example
 * const signer = await softwareSignerFromJwk("policy-2026-01", JSON.parse(env.POLICY_SIGNING_KEY));
 */
export async function softwareSignerFromJwk(keyId: string, privateKeyJwk: JsonWebKey): Promise<Signer> {
  checkKeyId(keyId);
  publicJwkOf(privateKeyJwk);
  if (typeof privateKeyJwk.d !== "string") throw new SigningKeyError("private JWK has no d member");
  const { kty, crv, x, d } = privateKeyJwk;
  return fromImported(keyId, "jwk", { kty, crv, x, d });
}

/**
 * A signer from a PKCS#8 (DER) Ed25519 private key, e.g. from `openssl genpkey -algorithm ed25519`.
 *
 * @example
 * const signer = await softwareSignerFromPkcs8("policy-2026-01", derBytes);
 */
export async function softwareSignerFromPkcs8(keyId: string, pkcs8: Uint8Array): Promise<Signer> {
  checkKeyId(keyId);
  if (!(pkcs8 instanceof Uint8Array)) throw new SigningKeyError("PKCS#8 key must be bytes (Uint8Array)");
  return fromImported(keyId, "pkcs8", pkcs8);
}

/**
 * Generate a new Ed25519 key (WebCrypto randomness; never used on the decision path).
 *
 * @example
 * const { signer, privateKeyJwk, publicKeyJwk } = await generateSoftwareSigner("policy-2026-01");
 */
export async function generateSoftwareSigner(keyId: string): Promise<GeneratedSigningKey> {
  checkKeyId(keyId);
  const pair = (await subtleCrypto().generateKey("Ed25519", true, ["sign", "verify"])) as CryptoKeyPair;
  const privateKeyJwk = (await subtleCrypto().exportKey("jwk", pair.privateKey)) as JsonWebKey;
  const signer = await softwareSignerFromJwk(keyId, privateKeyJwk);
  return { signer, privateKeyJwk: { kty: "OKP", crv: "Ed25519", x: privateKeyJwk.x, d: privateKeyJwk.d }, publicKeyJwk: publicJwkOf(privateKeyJwk) };
}
