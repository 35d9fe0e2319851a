/**
 * `nethical audit verify --archive DIR [--keys KEYS.json] [--witness-key W.json]… [--require-witness]
 * [--complete FROM..TO] [--json]`: verify a tenant's audit archive from its objects alone (every `*.json`
 * under DIR, e.g. the objects downloaded from R2 under `t/<tenant>/audit/`): each archived segment, the
 * chain between them, tombstones of segments deleted by a retention rule, the witness cosignatures, and the
 * coverage of a leaf range (present, "deleted by retention rule X at T", or MISSING). No network.
 *
 * Also `nethical audit verify HEAD.json --witness-key W.json`: a saved `GET /v2/audit/tree-head` answer —
 * the head's signature and its cosignatures by the pinned witness key(s).
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createVerifier, verifyArchive, verifyCosignature, verifyTreeHead, type ArchiveReport, type AuditKeyConfig, type TreeHead, type Verifier } from "@nethical/core";
import { readPinnedKey } from "./audit-key-files.ts";

async function jsonFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await jsonFiles(path)));
    else if (entry.name.endsWith(".json")) out.push(path);
  }
  return out.sort();
}

/**
 * Read the pinned witness keys (`{ key_id, jwk }` files, as `GET /v2/audit/witness` answers).
 *
 * @example
 * const witnessKeys = await readWitnessKeys(["witness.json"]);
 */
export async function readWitnessKeys(files: readonly string[]): Promise<Verifier[]> {
  return Promise.all(files.map((f) => readPinnedKey(f)));
}

/**
 * Verify every archive object under `dir`.
 *
 * @example
 * const report = await verifyArchiveDir("./archive", { completeRange: { from_leaf: 0, to_leaf: 500 } });
 */
export async function verifyArchiveDir(dir: string, options: { keyList?: AuditKeyConfig[]; witnessKeys?: Verifier[]; requireWitness?: boolean; completeRange?: { from_leaf: number; to_leaf: number } }): Promise<ArchiveReport & { files: number }> {
  const files = await jsonFiles(dir);
  const objects: unknown[] = [];
  for (const file of files) {
    try {
      objects.push(JSON.parse(await readFile(file, "utf8")));
    } catch {
      objects.push({ unreadable: file });
    }
  }
  return { ...(await verifyArchive(objects, options)), files: files.length };
}

/**
 * The human-readable archive report.
 *
 * @example
 * io.stdout.write(formatArchiveReport("./archive", report));
 */
export function formatArchiveReport(dir: string, report: ArchiveReport & { files: number }): string {
  const lines = [`nethical audit verify --archive ${dir}`, `  log ${report.log_id ?? "?"}: ${report.files} objects, ${report.segments} segments, ${report.tombstones} tombstones`];
  for (const c of report.coverage) lines.push(`  leaves [${c.from_leaf}, ${c.to_leaf}): ${c.status.toUpperCase()} — ${c.detail}`);
  for (const check of report.checks) lines.push(`  ${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`);
  if (report.keys_from_archive) lines.push("  note: heads were checked with the key list inside the archive; pin it with --keys");
  lines.push(`  witness: ${report.cosigned} cosigned, ${report.uncosigned} uncosigned segment heads`);
  const failures = report.checks.filter((c) => !c.ok).length;
  lines.push(report.ok ? `VERIFIED: ${report.leaves_verified} leaves proven in ${report.segments} segments; ${report.tombstones} deleted by retention` : `FAILED: ${failures} check${failures === 1 ? "" : "s"} failed`);
  return `${lines.join("\n")}\n`;
}

/**
 * Check a saved tree-head answer's cosignatures (and its own signature with the key it carries).
 *
 * @example
 * const { ok, lines } = await verifyWitnessedHead(JSON.parse(text), witnessKeys);
 */
export async function verifyWitnessedHead(answer: { tree_head?: TreeHead; public_key?: { key_id: string; jwk: JsonWebKey }; cosignatures?: unknown[] }, witnessKeys: readonly Verifier[]): Promise<{ ok: boolean; lines: string[] }> {
  const lines: string[] = [];
  if (answer.tree_head === undefined || answer.public_key === undefined) return { ok: false, lines: ["FAIL not a GET /v2/audit/tree-head answer"] };
  const sig = await verifyTreeHead(answer.tree_head, [createVerifier(answer.public_key.key_id, answer.public_key.jwk)]);
  lines.push(`  ${sig.ok ? "ok  " : "FAIL"} tree head signature: ${sig.ok ? `size ${answer.tree_head.tree_size}` : sig.reason}`);
  const results = await Promise.all((answer.cosignatures ?? []).map((c) => verifyCosignature(answer.tree_head as TreeHead, c, witnessKeys)));
  for (const r of results) lines.push(`  ${r.ok ? "ok  " : "FAIL"} cosignature: ${r.detail}`);
  const cosigned = results.some((r) => r.ok);
  if (!cosigned) lines.push("  FAIL witness: UNCOSIGNED — no cosignature by a pinned witness key");
  return { ok: sig.ok && cosigned && results.every((r) => r.ok), lines };
}
