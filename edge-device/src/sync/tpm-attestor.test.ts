/**
 * The TPM attestor against a real swtpm with real tpm2-tools: the AK is created once and persisted, quotes
 * verify with the shared verifier (and with tpm2_checkquote, an independent implementation), and each way a
 * quote can be wrong is refused with its own code.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { base64UrlDecode, bytesToHex, newChallengeNonce, parseAkPublic, quoteExtraData, verifyTpmQuote, type AttestationKey } from "@nethical/core";
import { ensureAttestationKey, tpmQuote, type TpmAttestationConfig } from "./tpm-attestor.ts";
import { runTpm2 } from "./tpm2-tools.ts";
import { startSwtpm, swtpmAvailable, type Swtpm } from "../testing/swtpm.ts";
import { tempDir } from "../testing/fixtures.ts";

const HAVE = swtpmAvailable();

describe.skipIf(!HAVE)("TPM attestor (swtpm)", () => {
  let tpm: Swtpm;
  let other: Swtpm;
  let config: TpmAttestationConfig;
  let ak: AttestationKey;
  const challenge = () => ({ tenant: "acme", device_id: "robot-7", nonce: newChallengeNonce() });

  beforeAll(async () => {
    [tpm, other] = await Promise.all([startSwtpm(), startSwtpm()]);
    config = { tcti: tpm.tcti, pcrs: [0, 1, 2, 3, 16], ak_handle: "0x81010002" };
    const first = await ensureAttestationKey(config);
    expect(first.created).toBe(true);
    ak = parseAkPublic(first.publicArea);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([tpm?.stop(), other?.stop()]);
  });

  it("creates the AK once and then reuses the persisted one (ECDSA P-256 JWK)", async () => {
    const again = await ensureAttestationKey(config);
    expect(again.created).toBe(false);
    expect(parseAkPublic(again.publicArea)).toEqual(ak);
    expect(ak.alg).toBe("ecdsa-p256-sha256");
    expect(ak.jwk).toMatchObject({ kty: "EC", crv: "P-256" });
  });

  it("a quote for the challenge verifies, and tpm2_checkquote agrees", async () => {
    const c = challenge();
    const quote = await tpmQuote(config, c);
    expect(Object.keys(quote.pcrs).sort()).toEqual(["0", "1", "16", "2", "3"]);
    const verdict = await verifyTpmQuote({ ak, quote, challenge: c, policy: { pcrs: quote.pcrs } });
    expect(verdict).toMatchObject({ ok: true });

    const { dir, remove } = tempDir("nethical-checkquote-");
    try {
      writeFileSync(join(dir, "ak.pub"), (await ensureAttestationKey(config)).publicArea);
      writeFileSync(join(dir, "msg"), base64UrlDecode(quote.attest));
      writeFileSync(join(dir, "sig"), base64UrlDecode(quote.signature));
      const check = (qualifying: string) => runTpm2("none", "tpm2_checkquote", ["-u", join(dir, "ak.pub"), "-m", join(dir, "msg"), "-s", join(dir, "sig"), "-q", qualifying, "-g", "sha256"]);
      expect(await check(bytesToHex(await quoteExtraData(c)))).toMatch(/^sig: [0-9a-f]+/);
      await expect(check(bytesToHex(await quoteExtraData(challenge())))).rejects.toThrow(/tpm2_checkquote failed/);
    } finally {
      remove();
    }
  });

  it("refuses a quote made for an earlier nonce (replay)", async () => {
    const earlier = await tpmQuote(config, challenge());
    const verdict = await verifyTpmQuote({ ak, quote: earlier, challenge: challenge(), policy: null });
    expect(verdict).toMatchObject({ ok: false, code: "quote_nonce_mismatch" });
  });

  it("refuses after a PCR is extended (the policy was set before), and when PCR values are altered in transit", async () => {
    const before = await tpmQuote(config, challenge());
    await runTpm2(tpm.tcti, "tpm2_pcrextend", [`16:sha256=${"ab".repeat(32)}`]);
    const c = challenge();
    const after = await tpmQuote(config, c);
    expect(after.pcrs["16"]).not.toBe(before.pcrs["16"]);
    expect(await verifyTpmQuote({ ak, quote: after, challenge: c, policy: { pcrs: before.pcrs } })).toMatchObject({ ok: false, code: "quote_pcr_mismatch" });
    // Claiming the old values does not help: they no longer hash to the quoted digest.
    expect(await verifyTpmQuote({ ak, quote: { ...after, pcrs: before.pcrs }, challenge: c, policy: { pcrs: before.pcrs } })).toMatchObject({ ok: false, code: "quote_pcr_mismatch" });
  });

  it("refuses a quote from another TPM (a cloned device without the original AK)", async () => {
    const cloneConfig = { ...config, tcti: other.tcti };
    await ensureAttestationKey(cloneConfig);
    const c = challenge();
    const quote = await tpmQuote(cloneConfig, c);
    expect(await verifyTpmQuote({ ak, quote, challenge: c, policy: null })).toMatchObject({ ok: false, code: "quote_bad_signature" });
  });
});
