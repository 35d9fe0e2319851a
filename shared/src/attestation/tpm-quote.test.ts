/**
 * TPM quote parsing and verification on TPM structures built here byte by byte (signed with a WebCrypto
 * P-256 key, as a TPM's ECDSA AK would): every refusal has its own code, and malformed or truncated input
 * only ever yields TpmParseError / `quote_malformed`, never another exception. The same code is checked
 * against a real TPM (swtpm + tpm2-tools, tpm2_checkquote) in edge-device/src/sync/tpm-attestor.test.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64UrlDecode, base64UrlEncode } from "../signing/base64url.ts";
import { AK_REQUIRED_ATTRIBUTES, parseAkPublic } from "./tpm-public.ts";
import { parseQuoteAttest, parseTpmSignature, pcrCompositeDigest, quoteExtraData, verifyTpmQuote } from "./tpm-quote.ts";
import { TpmParseError } from "./tpm-reader.ts";
import type { TpmQuote } from "./quote-message.ts";

const u16 = (v: number) => [(v >> 8) & 0xff, v & 0xff];
const u32 = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
const b2b = (b: Uint8Array | number[]) => [...u16(b.length), ...b];
const AK_ATTRIBUTES = Object.values(AK_REQUIRED_ATTRIBUTES).reduce((a, b) => a | b, 0) | 0x40; // + userWithAuth

function attestBytes(o: { extra: Uint8Array; select: number[]; digest: Uint8Array; magic?: number; type?: number; banks?: number }): Uint8Array {
  const bitmap = [0, 0, 0];
  for (const i of o.select) bitmap[i >> 3] = (bitmap[i >> 3] as number) | (1 << (i & 7));
  return new Uint8Array([
    ...u32(o.magic ?? 0xff544347), ...u16(o.type ?? 0x8018),
    ...b2b(new Uint8Array(34).fill(7)), ...b2b(o.extra),
    ...new Array(8).fill(0), ...u32(3), ...u32(0), 1, ...new Array(8).fill(0),
    ...u32(o.banks ?? 1), ...u16(0x000b), 3, ...bitmap, ...b2b(o.digest),
  ]);
}

function publicBytes(x: Uint8Array, y: Uint8Array, attributes: number = AK_ATTRIBUTES, curve: number = 3): Uint8Array {
  const body = [...u16(0x0023), ...u16(0x000b), ...u32(attributes), ...b2b([]), ...u16(0x0010), ...u16(0x0018), ...u16(0x000b), ...u16(curve), ...u16(0x0010), ...b2b(x), ...b2b(y)];
  return new Uint8Array(b2b(body));
}

async function fixture() {
  const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey("jwk", pair.publicKey);
  const akPublic = publicBytes(base64UrlDecode(jwk.x as string), base64UrlDecode(jwk.y as string));
  const sign = async (attest: Uint8Array) => {
    const raw = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, pair.privateKey, new Uint8Array(attest)));
    return new Uint8Array([...u16(0x0018), ...u16(0x000b), ...b2b(raw.subarray(0, 32)), ...b2b(raw.subarray(32))]);
  };
  const challenge = { tenant: "acme", device_id: "robot-7", nonce: "n".repeat(43) };
  const pcrs = { "0": "00".repeat(32), "7": "ab".repeat(32) };
  const quoteFor = async (o: { extra?: Uint8Array; select?: number[]; digest?: Uint8Array; values?: Record<string, string> } = {}): Promise<TpmQuote> => {
    const attest = attestBytes({ extra: o.extra ?? (await quoteExtraData(challenge)), select: o.select ?? [0, 7], digest: o.digest ?? (await pcrCompositeDigest(pcrs)) });
    return { attest: base64UrlEncode(attest), signature: base64UrlEncode(await sign(attest)), pcrs: o.values ?? pcrs };
  };
  return { ak: parseAkPublic(akPublic), akPublic, challenge, pcrs, quoteFor, sign };
}

describe("TPM quote verification", () => {
  it("accepts a quote signed by the AK over this challenge with the policy's PCR values", async () => {
    const f = await fixture();
    expect(f.ak).toMatchObject({ alg: "ecdsa-p256-sha256", jwk: { kty: "EC", crv: "P-256" } });
    const verdict = await verifyTpmQuote({ ak: f.ak, quote: await f.quoteFor(), challenge: f.challenge, policy: { pcrs: f.pcrs } });
    expect(verdict).toEqual({ ok: true, pcrs: f.pcrs, reset_count: 3, restart_count: 0 });
  });

  it("refuses each kind of bad quote with its own code", async () => {
    const f = await fixture();
    const other = await fixture();
    const verify = async (quote: TpmQuote, policy: Record<string, string> | null = f.pcrs, challenge = f.challenge) => verifyTpmQuote({ ak: f.ak, quote, challenge, policy: policy === null ? null : { pcrs: policy } });
    // Signed by another key (a clone with its own TPM):
    expect(await verify(await other.quoteFor())).toMatchObject({ ok: false, code: "quote_bad_signature" });
    // Bytes changed after signing:
    const good = await f.quoteFor();
    const tampered = base64UrlDecode(good.attest);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
    expect(await verify({ ...good, attest: base64UrlEncode(tampered) })).toMatchObject({ ok: false, code: "quote_bad_signature" });
    // Made for another nonce, device or tenant (replay):
    expect(await verify(good, f.pcrs, { ...f.challenge, nonce: "m".repeat(43) })).toMatchObject({ ok: false, code: "quote_nonce_mismatch" });
    expect(await verify(good, f.pcrs, { ...f.challenge, device_id: "robot-8" })).toMatchObject({ ok: false, code: "quote_nonce_mismatch" });
    // PCRs: values that do not hash to the quoted digest, values off the policy, another selection than the policy's.
    expect(await verify({ ...good, pcrs: { ...f.pcrs, "7": "cd".repeat(32) } })).toMatchObject({ ok: false, code: "quote_pcr_mismatch" });
    expect(await verify(good, { ...f.pcrs, "7": "ef".repeat(32) })).toMatchObject({ ok: false, code: "quote_pcr_mismatch", message: expect.stringMatching(/PCR 7/) });
    expect(await verify(good, { "0": f.pcrs["0"] })).toMatchObject({ ok: false, code: "quote_pcr_mismatch" });
    expect(await verify({ ...good, pcrs: { "0": f.pcrs["0"] } }, null)).toMatchObject({ ok: false, code: "quote_pcr_mismatch" });
    // Without a policy, a consistent quote passes:
    expect(await verify(good, null)).toMatchObject({ ok: true });
  });

  it("answers quote_malformed, never throws, for garbage, truncated and wrong-type structures", async () => {
    const f = await fixture();
    const good = await f.quoteFor();
    const attest = base64UrlDecode(good.attest);
    for (let n = 0; n < attest.length; n++) {
      expect(() => parseQuoteAttest(attest.subarray(0, n))).toThrow(TpmParseError);
      expect(await verifyTpmQuote({ ak: f.ak, quote: { ...good, attest: base64UrlEncode(attest.subarray(0, n)) || "A" }, challenge: f.challenge, policy: null })).toMatchObject({ ok: false, code: "quote_malformed" });
    }
    const sig = base64UrlDecode(good.signature);
    for (let n = 0; n < sig.length; n++) expect(() => parseTpmSignature(sig.subarray(0, n))).toThrow(TpmParseError);
    expect(() => parseQuoteAttest(new Uint8Array([...attest, 0]))).toThrow(/trailing/);
    const extra = await quoteExtraData(f.challenge);
    const digest = await pcrCompositeDigest(f.pcrs);
    expect(() => parseQuoteAttest(attestBytes({ extra, select: [0], digest, magic: 0x12345678 }))).toThrow(/TPM_GENERATED_VALUE/);
    expect(() => parseQuoteAttest(attestBytes({ extra, select: [0], digest, type: 0x8017 }))).toThrow(/ATTEST_QUOTE/);
    expect(() => parseQuoteAttest(attestBytes({ extra, select: [0], digest, banks: 2 }))).toThrow(/banks/);
    expect(() => parseQuoteAttest(attestBytes({ extra, select: [], digest }))).toThrow(/no PCR/);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 120 }), async (a, s) => {
        const verdict = await verifyTpmQuote({ ak: f.ak, quote: { attest: base64UrlEncode(a) || "A", signature: base64UrlEncode(s) || "A", pcrs: f.pcrs }, challenge: f.challenge, policy: null });
        expect(verdict.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe("AK public area (TPM2B_PUBLIC)", () => {
  it("refuses keys that are not restricted TPM-bound signing keys, other curves and truncated input", async () => {
    const f = await fixture();
    const x = new Uint8Array(32).fill(1);
    const y = new Uint8Array(32).fill(2);
    expect(() => parseAkPublic(publicBytes(x, y, AK_ATTRIBUTES & ~AK_REQUIRED_ATTRIBUTES.restricted))).toThrow(/restricted/);
    expect(() => parseAkPublic(publicBytes(x, y, AK_ATTRIBUTES & ~AK_REQUIRED_ATTRIBUTES.fixedTPM))).toThrow(/fixedTPM/);
    expect(() => parseAkPublic(publicBytes(x, y, AK_ATTRIBUTES | 0x00020000))).toThrow(/decrypt/);
    expect(() => parseAkPublic(publicBytes(x, y, AK_ATTRIBUTES, 4))).toThrow(/P-256/);
    for (let n = 0; n < f.akPublic.length; n++) expect(() => parseAkPublic(f.akPublic.subarray(0, n))).toThrow(TpmParseError);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          parseAkPublic(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(TpmParseError);
        }
      }),
    );
  });
});
