/**
 * Parse a TPM2B_PUBLIC (what `tpm2_readpublic -f tss` / `tpm2_createak -u` writes) into a WebCrypto public
 * JWK, accepting only what an attestation key must be: a restricted signing key bound to its TPM
 * (fixedTPM, fixedParent, sensitiveDataOrigin, restricted, sign; not decrypt), ECC NIST P-256 with
 * ECDSA/SHA-256 or RSA-2048 with RSASSA/SHA-256. A restricted key only signs data the TPM itself produced
 * (TPMS_ATTEST starts with TPM_GENERATED_VALUE), so a quote it signs cannot be forged by software.
 * Pure; throws only {@link TpmParseError}.
 */
import { base64UrlEncode } from "../signing/base64url.ts";
import { TpmParseError, TpmReader } from "./tpm-reader.ts";

export const TPM_ALG = { RSA: 0x0001, SHA256: 0x000b, NULL: 0x0010, RSASSA: 0x0014, ECDSA: 0x0018, ECC: 0x0023 } as const;
const TPM_ECC_NIST_P256 = 0x0003;

/** objectAttributes bits an AK must have, and must not have. */
export const AK_REQUIRED_ATTRIBUTES = {
  fixedTPM: 0x00000002,
  fixedParent: 0x00000010,
  sensitiveDataOrigin: 0x00000020,
  restricted: 0x00010000,
  sign: 0x00040000,
} as const;
const DECRYPT = 0x00020000;

/** An attestation key as the server keeps it. */
export interface AttestationKey {
  /** `{kty:"EC",crv:"P-256",x,y}` or `{kty:"RSA",n,e}`. */
  jwk: JsonWebKey;
  alg: "ecdsa-p256-sha256" | "rsassa-2048-sha256";
}

function skipSymmetric(r: TpmReader): void {
  const alg = r.u16("symmetric algorithm");
  if (alg !== TPM_ALG.NULL) r.take(4, "symmetric keyBits+mode");
}

/**
 * The AK's public JWK from TPM2B_PUBLIC bytes (the u16 size prefix included).
 *
 * @example
 * const ak = parseAkPublic(readFileSync("ak.pub")); // { jwk: { kty: "EC", crv: "P-256", x, y }, alg: "ecdsa-p256-sha256" }
 */
export function parseAkPublic(tpm2bPublic: Uint8Array): AttestationKey {
  const outer = new TpmReader(tpm2bPublic);
  const body = outer.tpm2b("TPM2B_PUBLIC", 1024);
  outer.end("TPM2B_PUBLIC");
  const r = new TpmReader(body);
  const type = r.u16("type");
  const nameAlg = r.u16("nameAlg");
  if (nameAlg !== TPM_ALG.SHA256) throw new TpmParseError(`nameAlg 0x${nameAlg.toString(16)} is not sha256`);
  const attributes = r.u32("objectAttributes");
  for (const [name, bit] of Object.entries(AK_REQUIRED_ATTRIBUTES)) {
    if ((attributes & bit) === 0) throw new TpmParseError(`not an attestation key: objectAttributes lacks ${name}`);
  }
  if ((attributes & DECRYPT) !== 0) throw new TpmParseError("not an attestation key: it may decrypt");
  r.tpm2b("authPolicy", 64);
  let key: AttestationKey;
  if (type === TPM_ALG.ECC) {
    skipSymmetric(r);
    const scheme = r.u16("scheme");
    const hash = scheme === TPM_ALG.NULL ? TPM_ALG.NULL : r.u16("scheme hash");
    if (scheme !== TPM_ALG.ECDSA || hash !== TPM_ALG.SHA256) throw new TpmParseError("ECC AK must use ECDSA with SHA-256");
    const curve = r.u16("curveID");
    if (curve !== TPM_ECC_NIST_P256) throw new TpmParseError(`ECC curve 0x${curve.toString(16)} is not NIST P-256`);
    const kdf = r.u16("kdf");
    if (kdf !== TPM_ALG.NULL) r.u16("kdf hash");
    const x = r.tpm2b("x", 32);
    const y = r.tpm2b("y", 32);
    if (x.length !== 32 || y.length !== 32) throw new TpmParseError("P-256 point coordinates must be 32 bytes");
    key = { jwk: { kty: "EC", crv: "P-256", x: base64UrlEncode(x), y: base64UrlEncode(y) }, alg: "ecdsa-p256-sha256" };
  } else if (type === TPM_ALG.RSA) {
    skipSymmetric(r);
    const scheme = r.u16("scheme");
    const hash = scheme === TPM_ALG.NULL ? TPM_ALG.NULL : r.u16("scheme hash");
    if (scheme !== TPM_ALG.RSASSA || hash !== TPM_ALG.SHA256) throw new TpmParseError("RSA AK must use RSASSA with SHA-256");
    const bits = r.u16("keyBits");
    if (bits !== 2048) throw new TpmParseError(`RSA AK must be 2048 bits, is ${bits}`);
    const exponent = r.u32("exponent") || 65537;
    const n = r.tpm2b("modulus", 256);
    if (n.length !== 256) throw new TpmParseError("RSA-2048 modulus must be 256 bytes");
    const e = new Uint8Array([(exponent >>> 24) & 0xff, (exponent >>> 16) & 0xff, (exponent >>> 8) & 0xff, exponent & 0xff]);
    let first = 0;
    while (first < 3 && e[first] === 0) first++;
    key = { jwk: { kty: "RSA", n: base64UrlEncode(n), e: base64UrlEncode(e.subarray(first)) }, alg: "rsassa-2048-sha256" };
  } else {
    throw new TpmParseError(`key type 0x${type.toString(16)} is neither ECC nor RSA`);
  }
  r.end("TPMT_PUBLIC");
  return key;
}
