/**
 * The TPM attestor: the device's attestation key (AK) lives in its TPM 2.0 and never leaves it; each sync
 * challenge is answered with a quote over the nonce binding and the configured PCRs (sha256 bank).
 *
 *   - {@link ensureAttestationKey}: if the persistent handle (default 0x81010002) holds no key, create the
 *     endorsement key (ECC P-256, the TCG default template), create an AK under it (ECC P-256, ECDSA/SHA-256,
 *     restricted signing, fixedTPM) and persist it at the handle with `tpm2_evictcontrol`. Returns the AK's
 *     TPM2B_PUBLIC, which `nethical-edge enroll` registers.
 *   - {@link tpmAttestor}: `quote(challenge)` runs `tpm2_quote -q <SHA-256(deviceChallengeBytes)>` and reads the
 *     quoted PCR values, producing the `auth.quote` of the sync protocol.
 *
 * The sync-challenge identity key stays where it is (software JWK or PKCS#11): it is Ed25519, which TPM 2.0
 * does not offer, and every other part of the protocol (enrolment, device API key) is built on it. The AK is
 * the TPM-resident identity: a copied disk image carries the Ed25519 key but not the AK, so its quotes fail.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bytesToHex, quoteExtraData, type DeviceChallenge, type TpmQuote } from "@nethical/core";
import { base64UrlEncode } from "@nethical/core";
import type { Attestor } from "./attestor.ts";
import { runTpm2, TpmToolError } from "./tpm2-tools.ts";

/** `attestation` in the device config when kind is "tpm". */
export interface TpmAttestationConfig {
  tcti: string;
  /** sha256-bank PCR indexes to quote. */
  pcrs: number[];
  /** Persistent handle of the AK, e.g. "0x81010002". */
  ak_handle: string;
}

function withTemp<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "nethical-tpm-"));
  return work(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** Flush transient objects and sessions (needed without a resource manager, e.g. swtpm or /dev/tpm0). */
async function flushTransients(tcti: string): Promise<void> {
  for (const kind of ["-t", "-s"]) await runTpm2(tcti, "tpm2_flushcontext", [kind]).catch(() => undefined);
}

/**
 * The AK's TPM2B_PUBLIC, creating and persisting the AK first when the handle is empty.
 *
 * @example
 * const { publicArea, created } = await ensureAttestationKey({ tcti: "device:/dev/tpmrm0", pcrs: [0, 7], ak_handle: "0x81010002" });
 */
export async function ensureAttestationKey(config: TpmAttestationConfig): Promise<{ publicArea: Uint8Array; created: boolean }> {
  return withTemp(async (dir) => {
    const pub = join(dir, "ak.pub");
    const existing = await runTpm2(config.tcti, "tpm2_readpublic", ["-c", config.ak_handle, "-f", "tss", "-o", pub]).then(
      () => true,
      () => false,
    );
    if (existing) return { publicArea: new Uint8Array(readFileSync(pub)), created: false };
    await flushTransients(config.tcti);
    const ek = join(dir, "ek.ctx");
    const ak = join(dir, "ak.ctx");
    await runTpm2(config.tcti, "tpm2_createek", ["-c", ek, "-G", "ecc", "-u", join(dir, "ek.pub")]);
    await flushTransients(config.tcti);
    await runTpm2(config.tcti, "tpm2_createak", ["-C", ek, "-c", ak, "-G", "ecc", "-g", "sha256", "-s", "ecdsa", "-u", pub, "-n", join(dir, "ak.name")]);
    await flushTransients(config.tcti);
    await runTpm2(config.tcti, "tpm2_evictcontrol", ["-C", "o", "-c", ak, config.ak_handle]);
    await flushTransients(config.tcti);
    await runTpm2(config.tcti, "tpm2_readpublic", ["-c", config.ak_handle, "-f", "tss", "-o", pub]);
    return { publicArea: new Uint8Array(readFileSync(pub)), created: true };
  });
}

/**
 * A quote for this challenge: extraData = SHA-256(deviceChallengeBytes(challenge)), PCRs from the config.
 *
 * @example
 * const quote = await tpmQuote(config, { tenant: "acme", device_id: "robot-7", nonce });
 * socket.send(encodeSyncMessage({ type: "auth", signature, quote }));
 */
export async function tpmQuote(config: TpmAttestationConfig, challenge: DeviceChallenge): Promise<TpmQuote> {
  const extra = bytesToHex(await quoteExtraData(challenge));
  const selection = `sha256:${[...config.pcrs].sort((a, b) => a - b).join(",")}`;
  return withTemp(async (dir) => {
    const [msg, sig, values] = [join(dir, "quote.msg"), join(dir, "quote.sig"), join(dir, "pcrs.bin")];
    await runTpm2(config.tcti, "tpm2_quote", ["-c", config.ak_handle, "-l", selection, "-q", extra, "-m", msg, "-s", sig, "-g", "sha256"]);
    await runTpm2(config.tcti, "tpm2_pcrread", [selection, "-o", values]);
    const raw = readFileSync(values);
    const sorted = [...config.pcrs].sort((a, b) => a - b);
    if (raw.length !== sorted.length * 32) throw new TpmToolError(`tpm2_pcrread wrote ${raw.length} bytes for ${sorted.length} PCRs`);
    const pcrs: Record<string, string> = {};
    sorted.forEach((i, k) => (pcrs[String(i)] = raw.subarray(k * 32, k * 32 + 32).toString("hex")));
    return { attest: base64UrlEncode(new Uint8Array(readFileSync(msg))), signature: base64UrlEncode(new Uint8Array(readFileSync(sig))), pcrs };
  });
}

/**
 * The TPM attestor for the sync client: `hello.attestation` names it, `quote` answers each challenge.
 * TPM calls are serialised (one quote at a time).
 *
 * @example
 * new SyncClient(device, { serverUrl, signer, attestor: tpmAttestor(config.attestation) });
 */
export function tpmAttestor(config: TpmAttestationConfig): Attestor & { quote(challenge: DeviceChallenge): Promise<TpmQuote> } {
  let chain: Promise<unknown> = Promise.resolve();
  return {
    kind: "tpm",
    async attest() {
      return undefined;
    },
    quote(challenge) {
      const next = chain.then(() => tpmQuote(config, challenge));
      chain = next.catch(() => undefined);
      return next;
    },
  };
}
