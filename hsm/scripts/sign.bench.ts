/**
 * What a signature costs through each Signer, measured in the same run: the software signer (WebCrypto,
 * the baseline), the PKCS#11 signer on SoftHSM2 (token round trip + the self-check verify), and the remote
 * signer against the KMS double over loopback HTTP (+ verify). Each signs a policy bundle (signBundle:
 * canonical JSON, hash check, sign) `ROUNDS` × `PER_ROUND` times; reported: median µs per signed bundle
 * over rounds, and the ratio to the software signer. Run: `npm run bench:hsm` (needs softhsm2).
 */
import { createBundle, defaultPolicy, generateSoftwareSigner, signBundle, type Signer } from "@nethical/core";
import { generateEd25519KeyPair, openPkcs11Signer } from "../src/pkcs11/index.ts";
import { httpSigningClient, remoteSigner } from "../src/remote/remote-signer.ts";
import { startKmsDouble } from "../src/testing/kms-double.ts";
import { createSoftHsmStore } from "../src/testing/softhsm.ts";

const ROUNDS = 15;
const PER_ROUND = 40;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const store = createSoftHsmStore();
store.useInThisProcess();
const { pin } = store.initToken("bench");
await generateEd25519KeyPair({ module: store.module, token: "bench", key: "policy-bench", pin });
const pkcs11 = await openPkcs11Signer({ module: store.module, token: "bench", key: "policy-bench", pin });
const kms = await startKmsDouble(["policy-bench"]);
const remote = await remoteSigner({ keyId: "policy-bench", client: httpSigningClient({ url: kms.url, authToken: kms.authToken }), publicKeyJwk: kms.publicKeyJwk("policy-bench") });
const software = (await generateSoftwareSigner("policy-bench")).signer;

const bundle = await createBundle("acme", 1, defaultPolicy());
const signers: [string, Signer][] = [
  ["software (WebCrypto)", software],
  ["pkcs11 (SoftHSM2)", pkcs11],
  ["remote (KMS double, HTTP)", remote],
];
const perRound = new Map<string, number[]>(signers.map(([name]) => [name, []]));
for (const [, signer] of signers) for (let i = 0; i < 20; i++) await signBundle(bundle, signer); // warm-up
for (let r = 0; r < ROUNDS; r++) {
  // Interleaved: each round measures every signer, so load on the machine affects all alike.
  for (const [name, signer] of signers) {
    const start = performance.now();
    for (let i = 0; i < PER_ROUND; i++) await signBundle(bundle, signer);
    perRound.get(name)?.push(((performance.now() - start) * 1000) / PER_ROUND);
  }
}
pkcs11.close();
await kms.close();
store.remove();

const baseline = median(perRound.get("software (WebCrypto)") ?? []);
const results = signers.map(([name]) => {
  const m = median(perRound.get(name) ?? []);
  return { signer: name, median_us_per_bundle: Math.round(m * 10) / 10, ratio_to_software: Math.round((m / baseline) * 100) / 100 };
});
console.log(JSON.stringify({ what: `signBundle of the default policy, ${ROUNDS} rounds × ${PER_ROUND}, median of per-round means`, node: process.versions.node, results }, null, 2));
