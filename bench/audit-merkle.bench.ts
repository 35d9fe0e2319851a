/**
 * Merkle log primitives at audit scale: appends/s into MerkleLog over an in-memory store up to 10^6
 * leaves, inclusion/consistency proof generation and verification times at 10^6 leaves (median of
 * repeated proofs at pseudo-random positions), and synchronous pure-JS SHA-256 against WebCrypto.
 * Writes bench/results/audit-merkle.json (`appends_per_s`, `proof_ms_1e6`, …).
 *
 *   ./node_modules/.bin/node bench/audit-merkle.bench.ts      (LEAVES=… to change the log size)
 */
import {
  hashChildren,
  hashChildrenWebCrypto,
  hashLeaf,
  MemoryNodeStore,
  MerkleLog,
  sha256Sync,
  sha256WebCrypto,
  verifyConsistency,
  verifyInclusion,
} from "@nethical/core/merkle/index.ts";
import { leafPool, medianMs, ms, positions } from "./audit-common.ts";
import { table, writeResult } from "./lib/results.ts";
import { round } from "./lib/stats.ts";

const LEAVES = Number(process.env.LEAVES ?? 1_000_000);
const PROOFS = 2000;

const pool = leafPool();
const leafBytes = Math.round(pool.reduce((n, b) => n + b.length, 0) / pool.length);

// --- appends --------------------------------------------------------------------------------------
for (let i = 0; i < 10_000; i++) new MerkleLog(new MemoryNodeStore()).append(pool[i % pool.length] as Uint8Array); // warm-up
// Batches first, on a small heap; the 10^6-leaf log below then measures single appends as its heap grows.
const batchCount = Math.min(LEAVES, 200_000) / 100;
function timeBatches(): number {
  const batchLog = new MerkleLog(new MemoryNodeStore());
  const batch = pool.slice(0, 100);
  const start = process.hrtime.bigint();
  for (let i = 0; i < batchCount; i++) batchLog.appendAll(batch);
  return ms(start);
}
const batchMs = timeBatches();

const store = new MemoryNodeStore();
const log = new MerkleLog(store);
const heapBefore = process.memoryUsage().heapUsed;
const appendStart = process.hrtime.bigint();
for (let i = 0; i < LEAVES; i++) log.append(pool[i % pool.length] as Uint8Array);
const appendMs = ms(appendStart);
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

// --- proofs at LEAVES -----------------------------------------------------------------------------
const size = log.size;
const root = log.root();
const idx = positions(PROOFS, size, 42);
const olds = positions(PROOFS, size, 7).map((n) => Math.max(1, n));
const inclusionMs = medianMs(PROOFS, (i) => log.inclusionProof(idx[i] as number));
const proofs = idx.map((i) => log.inclusionProof(i));
const verifyInclusionMs = medianMs(PROOFS, (i) =>
  verifyInclusion({ leafIndex: idx[i] as number, treeSize: size, leafHash: log.leafHash(idx[i] as number), proof: proofs[i] as Uint8Array[], rootHash: root }),
);
const consistencyMs = medianMs(PROOFS, (i) => log.consistencyProof(olds[i] as number));
const oldRoots = olds.map((n) => log.root(n));
const consistencyProofs = olds.map((n) => log.consistencyProof(n));
const verifyConsistencyMs = medianMs(PROOFS, (i) =>
  verifyConsistency({ size1: olds[i] as number, size2: size, root1: oldRoots[i] as Uint8Array, root2: root, proof: consistencyProofs[i] as Uint8Array[] }),
);
const pastRootMs = medianMs(PROOFS, (i) => log.root(olds[i] as number));
const allOk = proofs.every((proof, i) =>
  verifyInclusion({ leafIndex: idx[i] as number, treeSize: size, leafHash: log.leafHash(idx[i] as number), proof, rootHash: root }).ok,
);
if (!allOk) throw new Error("an inclusion proof failed to verify: the bench is measuring a broken log");

// --- SHA-256: sync pure JS vs WebCrypto -----------------------------------------------------------
const left = hashLeaf(pool[0] as Uint8Array);
const right = hashLeaf(pool[1] as Uint8Array);
const kib = new Uint8Array(1024).fill(7);
const HASHES = 200_000;
function perSecond(count: number, run: () => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) run();
  return Math.round(count / (ms(start) / 1000));
}
async function perSecondAsync(count: number, run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await run();
  return Math.round(count / (ms(start) / 1000));
}
async function perSecondParallel(count: number, run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1000) await Promise.all(Array.from({ length: 1000 }, run));
  return Math.round(count / (ms(start) / 1000));
}
perSecond(20_000, () => hashChildren(left, right));
await perSecondAsync(5_000, () => hashChildrenWebCrypto(left, right));
const hashing = {
  sync_node_hash_per_s: perSecond(HASHES, () => hashChildren(left, right)),
  webcrypto_node_hash_per_s: await perSecondAsync(HASHES / 4, () => hashChildrenWebCrypto(left, right)),
  webcrypto_node_hash_parallel_per_s: await perSecondParallel(HASHES / 4, () => hashChildrenWebCrypto(left, right)),
  sync_1kib_per_s: perSecond(HASHES / 4, () => sha256Sync(kib)),
  webcrypto_1kib_per_s: await perSecondAsync(HASHES / 4, () => sha256WebCrypto(kib)),
};

const result = {
  leaves: size,
  leaf_bytes: leafBytes,
  appends_per_s: Math.round(size / (appendMs / 1000)),
  batch_appends_per_s: Math.round((batchCount * 100) / (batchMs / 1000)),
  store_entries: store.entries.size,
  heap_mb: round(heapMb, 0),
  proof_ms_1e6: round(inclusionMs, 4),
  verify_inclusion_ms: round(verifyInclusionMs, 4),
  consistency_proof_ms: round(consistencyMs, 4),
  verify_consistency_ms: round(verifyConsistencyMs, 4),
  past_root_ms: round(pastRootMs, 4),
  proofs_measured: PROOFS,
  ...hashing,
};

console.log(`bench:audit-merkle — MerkleLog over a Map store, ${size.toLocaleString("en")} leaves of ~${leafBytes} B\n`);
console.log(
  table([
    ["metric", "value"],
    ["appends/s (single append)", result.appends_per_s],
    ["appends/s (appendAll ×100)", result.batch_appends_per_s],
    ["store entries / heap MiB", `${result.store_entries} / ${result.heap_mb}`],
    [`inclusion proof ms (median, ${size} leaves)`, result.proof_ms_1e6],
    ["verify inclusion ms (median)", result.verify_inclusion_ms],
    ["consistency proof ms (median)", result.consistency_proof_ms],
    ["verify consistency ms (median)", result.verify_consistency_ms],
    ["root(past size) ms (median)", result.past_root_ms],
    ["node hash/s, sync pure JS", result.sync_node_hash_per_s],
    ["node hash/s, WebCrypto (await each)", result.webcrypto_node_hash_per_s],
    ["node hash/s, WebCrypto (1000 in flight)", result.webcrypto_node_hash_parallel_per_s],
    ["1 KiB SHA-256/s, sync pure JS", result.sync_1kib_per_s],
    ["1 KiB SHA-256/s, WebCrypto (await each)", result.webcrypto_1kib_per_s],
  ]),
);
console.log(`\nwrote ${await writeResult("audit-merkle", result)}`);
