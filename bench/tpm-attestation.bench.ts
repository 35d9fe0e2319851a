/**
 * `node bench/tpm-attestation.bench.ts`: what TPM attestation adds to one device sync, against a real swtpm
 * through tpm2-tools. Device side: one quote (tpm2_quote + tpm2_pcrread, spawned processes) vs the Ed25519
 * challenge signature every sync already makes (the baseline, same run). Server side: verifying the quote
 * (parse TPMS_ATTEST, ECDSA P-256 verify, nonce binding, PCR digest and policy) vs verifying the Ed25519
 * challenge signature. Medians over N runs; writes bench/results/tpm-attestation.json. swtpm is software,
 * so the device-side number is the tool/process overhead; a hardware TPM adds its own signing time
 * (typically tens of milliseconds for ECDSA P-256).
 */
import { generateSoftwareSigner, newChallengeNonce, parseAkPublic, signDeviceChallenge, verifyDeviceChallenge, verifyTpmQuote } from "@nethical/core";
import { ensureAttestationKey, tpmQuote } from "@nethical/edge-device/sync/tpm-attestor";
import { startSwtpm } from "@nethical/edge-device/testing/swtpm";
import { table, writeResult } from "./lib/results.ts";
import { median, round } from "./lib/stats.ts";

const QUOTES = 30;
const VERIFIES = 300;

async function timeEach(n: number, f: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f(i);
    out.push(performance.now() - t);
  }
  return out;
}

const tpm = await startSwtpm();
try {
  const config = { tcti: tpm.tcti, pcrs: [0, 1, 2, 3, 4, 5, 6, 7], ak_handle: "0x81010002" };
  const ak = parseAkPublic((await ensureAttestationKey(config)).publicArea);
  const { signer, publicKeyJwk } = await generateSoftwareSigner("bench-device");
  const challenge = () => ({ tenant: "bench", device_id: "bench-1", nonce: newChallengeNonce() });

  const ed25519Sign = await timeEach(VERIFIES, () => signDeviceChallenge(signer, challenge()));
  const quotes: { quote: Awaited<ReturnType<typeof tpmQuote>>; c: ReturnType<typeof challenge> }[] = [];
  const quoteTimes = await timeEach(QUOTES, async () => {
    const c = challenge();
    quotes.push({ quote: await tpmQuote(config, c), c });
  });
  const signed = await Promise.all(Array.from({ length: VERIFIES }, async () => {
    const c = challenge();
    return { c, sig: await signDeviceChallenge(signer, c) };
  }));
  const ed25519Verify = await timeEach(VERIFIES, (i) => verifyDeviceChallenge(publicKeyJwk, signed[i]!.c, signed[i]!.sig));
  const policy = { pcrs: quotes[0]!.quote.pcrs };
  const quoteVerify = await timeEach(VERIFIES, async (i) => {
    const { quote, c } = quotes[i % quotes.length]!;
    const verdict = await verifyTpmQuote({ ak, quote, challenge: c, policy });
    if (!verdict.ok) throw new Error(`quote refused: ${verdict.code}`);
  });
  const result = {
    quotes: QUOTES,
    verifies: VERIFIES,
    pcrs: config.pcrs.length,
    device_ed25519_sign_ms: round(median(ed25519Sign), 3),
    device_tpm_quote_ms: round(median(quoteTimes), 2),
    device_quote_vs_sign: round(median(quoteTimes) / median(ed25519Sign), 1),
    server_ed25519_verify_ms: round(median(ed25519Verify), 3),
    server_quote_verify_ms: round(median(quoteVerify), 3),
    server_quote_vs_ed25519: round(median(quoteVerify) / median(ed25519Verify), 2),
    quote_frame_bytes: JSON.stringify(quotes[0]!.quote).length,
  };
  console.log(table([
    ["measure (median)", "value"],
    ...Object.entries(result).map(([k, v]) => [k, v] as [string, number]),
  ]));
  writeResult("tpm-attestation", result);
} finally {
  await tpm.stop();
}
