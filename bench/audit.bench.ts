/**
 * `npm run bench:audit` → bench/results/audit.json. Appends into the Merkle log THROUGH THE AUDITLOG'S
 * OWN STORAGE ADAPTER (`SqlNodeStore`, the class the Durable Object uses, same SQL) over SQLite — Node's
 * built-in `node:sqlite` standing in for the Durable Object's SQLite (a file in a temp dir; workerd adds
 * its own overhead and replication, so treat these as the log's own cost, not a Durable Object's):
 * appends/s one leaf per transaction (one event) and 100 per transaction (a queue batch), up to 10^6
 * leaves; then inclusion-proof time at 10^6 leaves (`proof_ms_1e6`, median of 2000 proofs at
 * pseudo-random positions, each read from SQLite). Report only: nothing here fails on a number.
 *
 *   npm run bench:audit        (LEAVES=… to change the log size; the Map-store numbers: bench/audit-merkle.bench.ts)
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqlNodeStore } from "@nethical/durable-objects/audit-log/sql-node-store";
import { MerkleLog, verifyConsistency, verifyInclusion } from "@nethical/core/merkle/index.ts";
import { leafPool, medianMs, ms, positions } from "./audit-common.ts";
import { NodeSqlStorage } from "./audit-sqlite-storage.ts";
import { table, writeResult } from "./lib/results.ts";
import { round } from "./lib/stats.ts";

const LEAVES = Number(process.env.LEAVES ?? 1_000_000);
const SINGLE = Math.min(LEAVES, 20_000);
const BATCH = 100;
const PROOFS = 2000;

const dir = mkdtempSync(join(tmpdir(), "nethical-audit-bench-"));
const pool = leafPool();
const leafBytes = Math.round(pool.reduce((n, b) => n + b.length, 0) / pool.length);

function openLog(name: string): { storage: NodeSqlStorage; log: MerkleLog; file: string } {
  const file = join(dir, `${name}.sqlite`);
  const storage = new NodeSqlStorage(file);
  return { storage, log: new MerkleLog(new SqlNodeStore(storage as unknown as SqlStorage)), file };
}

try {
  // One event per transaction (the shape of a direct append or a one-message batch).
  const single = openLog("single");
  const singleStart = process.hrtime.bigint();
  for (let i = 0; i < SINGLE; i++) single.storage.transactionSync(() => single.log.append(pool[i % pool.length] as Uint8Array));
  const singleMs = ms(singleStart);

  // Queue batches: 100 events per transaction, up to LEAVES — the log the proofs are measured on.
  const big = openLog("batched");
  const batchStart = process.hrtime.bigint();
  for (let i = 0; i < LEAVES; i += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, LEAVES - i) }, (_, k) => pool[(i + k) % pool.length] as Uint8Array);
    big.storage.transactionSync(() => big.log.appendAll(batch));
  }
  const batchMs = ms(batchStart);

  // Reopen from storage (as after an eviction) and prove.
  const reopened = new MerkleLog(new SqlNodeStore(big.storage as unknown as SqlStorage));
  const size = reopened.size;
  const root = reopened.root();
  const idx = positions(PROOFS, size, 42);
  const olds = positions(PROOFS, size, 7).map((n) => Math.max(1, n));
  const proofMs = medianMs(PROOFS, (i) => reopened.inclusionProof(idx[i] as number));
  const proofs = idx.map((i) => reopened.inclusionProof(i));
  const leafHashes = idx.map((i) => reopened.leafHash(i));
  const verifyMs = medianMs(PROOFS, (i) => verifyInclusion({ leafIndex: idx[i] as number, treeSize: size, leafHash: leafHashes[i] as Uint8Array, proof: proofs[i] as Uint8Array[], rootHash: root }));
  const consistencyMs = medianMs(PROOFS, (i) => reopened.consistencyProof(olds[i] as number));
  const allOk = proofs.every((proof, i) => verifyInclusion({ leafIndex: idx[i] as number, treeSize: size, leafHash: leafHashes[i] as Uint8Array, proof, rootHash: root }).ok);
  const oldOk = verifyConsistency({ size1: olds[0] as number, size2: size, root1: reopened.root(olds[0]), root2: root, proof: reopened.consistencyProof(olds[0] as number) }).ok;
  if (!allOk || !oldOk) throw new Error("a proof failed to verify: the bench is measuring a broken log");

  const result = {
    store: "SqlNodeStore (the AuditLog Durable Object's adapter) over node:sqlite, file-backed",
    leaves: size,
    leaf_bytes: leafBytes,
    appends_per_s: Math.round(size / (batchMs / 1000)),
    appends_per_s_single_tx: Math.round(SINGLE / (singleMs / 1000)),
    batch_size: BATCH,
    proof_ms_1e6: round(proofMs, 4),
    verify_inclusion_ms: round(verifyMs, 4),
    consistency_proof_ms: round(consistencyMs, 4),
    sqlite_mb: round(statSync(big.file).size / 2 ** 20, 0),
    proofs_measured: PROOFS,
  };
  console.log(`bench:audit — MerkleLog through SqlNodeStore on SQLite (node:sqlite), ${size.toLocaleString("en")} leaves of ~${leafBytes} B\n`);
  console.log(
    table([
      ["metric", "value"],
      [`appends/s (${BATCH} per transaction, to ${size} leaves)`, result.appends_per_s],
      [`appends/s (1 per transaction, ${SINGLE} leaves)`, result.appends_per_s_single_tx],
      [`inclusion proof ms (median, ${size} leaves, read from SQLite)`, result.proof_ms_1e6],
      ["verify inclusion ms (median)", result.verify_inclusion_ms],
      ["consistency proof ms (median)", result.consistency_proof_ms],
      ["SQLite file MiB", result.sqlite_mb],
    ]),
  );
  console.log(`\nwrote ${await writeResult("audit", result)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
