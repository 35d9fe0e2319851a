/**
 * Audit archive verification cost (issue 19): a 10,000-leaf sample log archived as 10 segments of 1,000
 * (each with the previous head, a consistency proof and a witness cosignature) verified with
 * `verifyArchive` against the baseline measured in the same run: the same 10,000 leaves as ONE exported
 * segment through `verifySegment`. Also the witness's decision per head (consistency check + cosignature).
 * Medians of RUNS runs; writes bench/results/audit-archive.json. Report only; nothing is asserted.
 *
 *   ./node_modules/.bin/node bench/audit-archive.bench.ts      (LEAVES=…, SEGMENT=…, RUNS=… to change)
 */
import {
  AUDIT_ARCHIVE_FORMAT,
  base64Encode,
  buildSegment,
  checkWitnessable,
  cosignTreeHead,
  createVerifier,
  generateSoftwareSigner,
  verifyArchive,
  verifySegment,
  type ArchivedSegment,
} from "@nethical/core";
import { sampleLog } from "@nethical/core/audit/testing/sample-log.ts";
import { table, writeResult } from "./lib/results.ts";
import { median, round } from "./lib/stats.ts";

const LEAVES = Number(process.env.LEAVES ?? 10_000);
const SEGMENT = Number(process.env.SEGMENT ?? 1_000);
const RUNS = Number(process.env.RUNS ?? 5);

const s = await sampleLog(LEAVES);
const witness = await generateSoftwareSigner("witness-bench");
const keyList = { log_id: "acme", current_key_id: s.signer.keyId, keys: [{ key_id: s.signer.keyId, jwk: s.publicKey.jwk, status: "current" as const }] };
const objects: ArchivedSegment[] = [];
for (let from = 0; from < LEAVES; from += SEGMENT) {
  const to = Math.min(LEAVES, from + SEGMENT);
  const head = await s.head(to);
  const segment = buildSegment({ log: s.log, entries: s.events.slice(from, to).map((event, i) => ({ leaf_index: from + i, event })), treeHead: head, ...(from > 0 ? { previousTreeHead: await s.head(from) } : {}), publicKey: s.publicKey });
  objects.push({ format: AUDIT_ARCHIVE_FORMAT, log_id: "acme", tier: "cold", from_leaf: from, to_leaf: to, sealed_at: head.timestamp, segment, key_list: keyList, cosignatures: [await cosignTreeHead(head, witness.signer, 1)] });
}
const whole = buildSegment({ log: s.log, entries: s.events.map((event, i) => ({ leaf_index: i, event })), treeHead: await s.head(), publicKey: s.publicKey });
const witnessKeys = [createVerifier("witness-bench", witness.publicKeyJwk)];

async function timed(run: () => Promise<{ ok: boolean }>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const result = await run();
    samples.push(performance.now() - start);
    if (!result.ok) throw new Error("verification failed in the benchmark");
  }
  return median(samples);
}

const baselineMs = await timed(() => verifySegment(whole, { keyList: keyList.keys }));
const archiveMs = await timed(() => verifyArchive(objects, { witnessKeys, completeRange: { from_leaf: 0, to_leaf: LEAVES } }));
const h1 = await s.head(LEAVES - SEGMENT);
const h2 = await s.head(LEAVES);
const proof = s.log.consistencyProof(h1.tree_size, h2.tree_size).map(base64Encode);
const witnessSamples: number[] = [];
for (let i = 0; i < 200; i++) {
  const start = performance.now();
  const verdict = checkWitnessable(h1, h2, proof);
  if (!verdict.ok) throw new Error("witness refused an honest head");
  await cosignTreeHead(h2, witness.signer, i);
  witnessSamples.push(performance.now() - start);
}
const result = {
  leaves: LEAVES,
  segment_leaves: SEGMENT,
  segments: objects.length,
  runs: RUNS,
  baseline_one_segment_verify_ms: round(baselineMs),
  archive_verify_ms: round(archiveMs),
  archive_vs_baseline_ratio: round(archiveMs / baselineMs, 3),
  archive_leaves_per_s: Math.round(LEAVES / (archiveMs / 1000)),
  witness_check_and_cosign_ms_median: round(median(witnessSamples), 4),
};
await writeResult("audit-archive", result);
console.log(table(Object.entries(result).map(([k, v]) => [k, v])));
