/**
 * TPM 2.0 quote parsing and verification (pure; WebCrypto only, so it runs in workerd and Node).
 *
 * A device answers the sync challenge with `tpm2_quote` over its attestation key (AK). What binds the quote
 * to this challenge: extraData (qualifyingData) = SHA-256 of {@link deviceChallengeBytes}(tenant, device_id,
 * nonce), so a quote made for an earlier nonce, another device or another tenant never matches.
 *
 * {@link verifyTpmQuote} checks, in order: the structure (TPMS_ATTEST magic 0xff544347, type
 * TPM_ST_ATTEST_QUOTE 0x8018, a sha256-only PCR selection; TPMT_SIGNATURE) → `quote_malformed`; the
 * signature with the enrolled AK → `quote_bad_signature`; extraData → `quote_nonce_mismatch`; the PCR
 * values sent hash to the quoted pcrDigest and equal the tenant's PCR policy → `quote_pcr_mismatch`.
 * It never throws for bad input: every failure is a result with a distinct code.
 */
import { deviceChallengeBytes, type DeviceChallenge } from "../sync/device-challenge.ts";
import { base64UrlDecode } from "../signing/base64url.ts";
import { bufferSource } from "../util/buffer-source.ts";
import type { TpmQuote } from "./quote-message.ts";
import { TPM_ALG, type AttestationKey } from "./tpm-public.ts";
import { TpmParseError, TpmReader } from "./tpm-reader.ts";

/** TPM_GENERATED_VALUE: every TPMS_ATTEST a TPM produces starts with it. */
export const TPM_GENERATED_VALUE = 0xff544347;
/** TPM_ST_ATTEST_QUOTE. */
export const TPM_ST_ATTEST_QUOTE = 0x8018;

/** The parts of a TPMS_ATTEST quote the verifier uses. */
export interface ParsedQuote {
  qualifiedSigner: Uint8Array;
  extraData: Uint8Array;
  clock: { resetCount: number; restartCount: number; safe: boolean };
  /** PCR indexes selected in the sha256 bank, ascending. */
  pcrs: number[];
  pcrDigest: Uint8Array;
}

/**
 * Parse TPMS_ATTEST bytes (as `tpm2_quote -m` writes them). Throws only {@link TpmParseError}.
 *
 * @example
 * const q = parseQuoteAttest(readFileSync("quote.msg")); // { extraData, pcrs: [0, 1, 2, 3], pcrDigest, … }
 */
export function parseQuoteAttest(bytes: Uint8Array): ParsedQuote {
  const r = new TpmReader(bytes);
  if (r.u32("magic") !== TPM_GENERATED_VALUE) throw new TpmParseError("magic is not TPM_GENERATED_VALUE");
  if (r.u16("type") !== TPM_ST_ATTEST_QUOTE) throw new TpmParseError("type is not TPM_ST_ATTEST_QUOTE");
  const qualifiedSigner = r.tpm2b("qualifiedSigner", 68);
  const extraData = r.tpm2b("extraData", 64);
  r.take(8, "clock");
  const resetCount = r.u32("resetCount");
  const restartCount = r.u32("restartCount");
  const safe = r.u8("safe");
  r.take(8, "firmwareVersion");
  const banks = r.u32("pcrSelect count");
  if (banks !== 1) throw new TpmParseError(`quote selects ${banks} PCR banks, expected exactly one (sha256)`);
  const hash = r.u16("pcrSelect hash");
  if (hash !== TPM_ALG.SHA256) throw new TpmParseError(`PCR bank 0x${hash.toString(16)} is not sha256`);
  const sizeofSelect = r.u8("sizeofSelect");
  if (sizeofSelect < 1 || sizeofSelect > 4) throw new TpmParseError(`sizeofSelect ${sizeofSelect} out of range`);
  const select = r.take(sizeofSelect, "pcrSelect");
  const pcrs: number[] = [];
  for (let i = 0; i < sizeofSelect * 8; i++) if (((select[i >> 3] as number) & (1 << (i & 7))) !== 0) pcrs.push(i);
  if (pcrs.length === 0 || pcrs.some((i) => i > 23)) throw new TpmParseError("quote selects no PCR or one above 23");
  const pcrDigest = r.tpm2b("pcrDigest", 64);
  if (pcrDigest.length !== 32) throw new TpmParseError("pcrDigest must be a 32-byte sha256 digest");
  r.end("TPMS_ATTEST");
  return { qualifiedSigner, extraData, clock: { resetCount, restartCount, safe: safe !== 0 }, pcrs, pcrDigest };
}

/** A TPMT_SIGNATURE, converted to what WebCrypto verifies. */
export interface ParsedSignature {
  alg: AttestationKey["alg"];
  /** ECDSA: r‖s, 32 bytes each (IEEE P1363); RSASSA: the signature. */
  bytes: Uint8Array;
}

function leftPad32(v: Uint8Array): Uint8Array {
  let start = 0;
  while (start < v.length - 32 && v[start] === 0) start++;
  const trimmed = v.subarray(start);
  if (trimmed.length > 32) throw new TpmParseError("ECDSA signature component longer than 32 bytes");
  const out = new Uint8Array(32);
  out.set(trimmed, 32 - trimmed.length);
  return out;
}

/**
 * Parse TPMT_SIGNATURE bytes (as `tpm2_quote -s` writes them by default). Throws only {@link TpmParseError}.
 *
 * @example
 * parseTpmSignature(readFileSync("quote.sig")).alg; // "ecdsa-p256-sha256"
 */
export function parseTpmSignature(bytes: Uint8Array): ParsedSignature {
  const r = new TpmReader(bytes);
  const sigAlg = r.u16("sigAlg");
  const hash = r.u16("sig hash");
  if (hash !== TPM_ALG.SHA256) throw new TpmParseError("signature hash is not sha256");
  let out: ParsedSignature;
  if (sigAlg === TPM_ALG.ECDSA) {
    const rr = r.tpm2b("signatureR", 66);
    const ss = r.tpm2b("signatureS", 66);
    const joined = new Uint8Array(64);
    joined.set(leftPad32(rr), 0);
    joined.set(leftPad32(ss), 32);
    out = { alg: "ecdsa-p256-sha256", bytes: joined };
  } else if (sigAlg === TPM_ALG.RSASSA) {
    out = { alg: "rsassa-2048-sha256", bytes: r.tpm2b("sig", 512) };
  } else {
    throw new TpmParseError(`signature algorithm 0x${sigAlg.toString(16)} is neither ECDSA nor RSASSA`);
  }
  r.end("TPMT_SIGNATURE");
  return out;
}

/**
 * The qualifyingData a device passes to the TPM for this challenge: SHA-256(deviceChallengeBytes(challenge)).
 *
 * @example
 * bytesToHex(await quoteExtraData({ tenant: "acme", device_id: "robot-7", nonce })); // for tpm2_quote -q
 */
export async function quoteExtraData(challenge: DeviceChallenge): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bufferSource(deviceChallengeBytes(challenge))));
}

/**
 * The sha256 PCR composite digest the TPM quotes: SHA-256 of the selected PCR values concatenated in
 * ascending index order.
 *
 * @example
 * await pcrCompositeDigest({ "0": "00…", "1": "00…" }); // Uint8Array(32)
 */
export async function pcrCompositeDigest(values: Record<string, string>): Promise<Uint8Array> {
  const indexes = Object.keys(values).map(Number).sort((a, b) => a - b);
  const all = new Uint8Array(indexes.length * 32);
  indexes.forEach((i, k) => all.set(hexToBytes(values[String(i)] as string), k * 32));
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bufferSource(all)));
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/** A tenant's PCR policy: the sha256 value every listed PCR must have (index → hex). */
export interface PcrPolicy {
  pcrs: Record<string, string>;
}

export type QuoteFailureCode = "quote_malformed" | "quote_bad_signature" | "quote_nonce_mismatch" | "quote_pcr_mismatch";
export type QuoteVerdict =
  | { ok: true; pcrs: Record<string, string>; reset_count: number; restart_count: number }
  | { ok: false; code: QuoteFailureCode; message: string };

/**
 * Verify a device's quote for this challenge against its enrolled AK and (when set) the tenant's PCR
 * policy. Never throws.
 *
 * @example
 * const verdict = await verifyTpmQuote({ ak, quote: msg.quote, challenge: { tenant, device_id, nonce }, policy });
 * if (!verdict.ok) refuse(verdict.code);
 */
export async function verifyTpmQuote(input: { ak: AttestationKey; quote: TpmQuote; challenge: DeviceChallenge; policy: PcrPolicy | null }): Promise<QuoteVerdict> {
  const { ak, quote, challenge, policy } = input;
  let attestBytes: Uint8Array;
  let parsed: ParsedQuote;
  let signature: ParsedSignature;
  try {
    attestBytes = base64UrlDecode(quote.attest);
    parsed = parseQuoteAttest(attestBytes);
    signature = parseTpmSignature(base64UrlDecode(quote.signature));
  } catch (error) {
    return { ok: false, code: "quote_malformed", message: error instanceof TpmParseError ? error.message : "quote is not valid base64url" };
  }
  if (signature.alg !== ak.alg) return { ok: false, code: "quote_bad_signature", message: `quote signed with ${signature.alg}, the enrolled AK is ${ak.alg}` };
  let valid = false;
  try {
    const algorithm = ak.alg === "ecdsa-p256-sha256" ? { name: "ECDSA", namedCurve: "P-256" } : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
    const key = await crypto.subtle.importKey("jwk", ak.jwk, algorithm, false, ["verify"]);
    const params = ak.alg === "ecdsa-p256-sha256" ? { name: "ECDSA", hash: "SHA-256" } : { name: "RSASSA-PKCS1-v1_5" };
    valid = await crypto.subtle.verify(params, key, bufferSource(signature.bytes), bufferSource(attestBytes));
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, code: "quote_bad_signature", message: "the quote signature does not verify with the enrolled attestation key" };
  let expected: Uint8Array;
  try {
    expected = await quoteExtraData(challenge);
  } catch {
    return { ok: false, code: "quote_nonce_mismatch", message: "the challenge cannot be encoded" };
  }
  if (!sameBytes(parsed.extraData, expected)) return { ok: false, code: "quote_nonce_mismatch", message: "the quote's extraData is not bound to this challenge (replayed or for another nonce)" };
  const sentIndexes = Object.keys(quote.pcrs).map(Number).sort((a, b) => a - b);
  if (sentIndexes.join(",") !== parsed.pcrs.join(",")) return { ok: false, code: "quote_pcr_mismatch", message: `PCR values sent for [${sentIndexes}] but the quote covers [${parsed.pcrs}]` };
  if (!sameBytes(await pcrCompositeDigest(quote.pcrs), parsed.pcrDigest)) return { ok: false, code: "quote_pcr_mismatch", message: "the PCR values sent do not hash to the quoted pcrDigest" };
  if (policy !== null) {
    const wanted = Object.keys(policy.pcrs).map(Number).sort((a, b) => a - b);
    if (wanted.join(",") !== parsed.pcrs.join(",")) return { ok: false, code: "quote_pcr_mismatch", message: `the PCR policy covers [${wanted}] but the quote covers [${parsed.pcrs}]` };
    const differing = wanted.filter((i) => quote.pcrs[String(i)] !== policy.pcrs[String(i)]?.toLowerCase());
    if (differing.length > 0) return { ok: false, code: "quote_pcr_mismatch", message: `PCR ${differing.join(", ")} differ from the tenant's PCR policy` };
  }
  return { ok: true, pcrs: quote.pcrs, reset_count: parsed.clock.resetCount, restart_count: parsed.clock.restartCount };
}


