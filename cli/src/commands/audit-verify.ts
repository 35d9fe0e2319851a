/**
 * `nethical audit verify FILE [--public-key FILE | --keys FILE] [--json]`: check an exported audit segment
 * (`POST /v2/audit/export`) offline — every event re-hashed to its leaf and proven against the signed tree
 * head, the consistency of the earlier head with the later one, and the Ed25519 signatures. No network.
 * `--keys` takes the log's key list (`GET /v2/audit/keys`): a head must be signed by a listed key in its
 * window and not revoked by the head's time; a head by a revoked key is refused with "REFUSED: … revoked".
 * Exit 0 when everything holds, 1 when anything does not (or the file cannot be read), 2 for bad usage.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { verifySegment, type AuditKeyConfig, type SegmentReport, type Verifier } from "@nethical/core";
import type { CliIo } from "../io.ts";
import { readKeyList, readPinnedKey } from "./audit-key-files.ts";

export { readKeyList, readPinnedKey };
import { formatArchiveReport, readWitnessKeys, verifyArchiveDir, verifyWitnessedHead } from "./audit-verify-archive.ts";

const USAGE =
  "usage: nethical audit verify SEGMENT.json [--public-key KEY.json | --keys KEYS.json] [--complete FROM..TO] [--json]\n" +
  "       nethical audit verify --archive DIR [--keys KEYS.json] [--witness-key W.json]... [--require-witness] [--complete FROM..TO] [--json]\n" +
  "       nethical audit verify TREE-HEAD.json --witness-key W.json [--json]   (a saved GET /v2/audit/tree-head answer)\n";

/**
 * The human-readable report.
 *
 * @example
 * io.stdout.write(formatReport("segment.json", report));
 */
export function formatReport(file: string, report: SegmentReport): string {
  const lines = [`nethical audit verify ${file}`];
  if (report.log_id !== null) lines.push(`  log ${report.log_id}, tree size ${report.tree_size}, ${report.entries} events`);
  if (report.range !== null) {
    const { from_leaf, to_leaf, contiguous, missing } = report.range;
    lines.push(
      contiguous
        ? `  leaves [${from_leaf}, ${to_leaf}): contiguous`
        : `  leaves [${from_leaf}, ${to_leaf}): NOT contiguous, ${missing} missing in between (ask for completeness with --complete ${from_leaf}..${to_leaf})`,
    );
  }
  for (const check of report.checks) lines.push(`  ${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`);
  if (report.key_from_segment && report.log_id !== null) {
    lines.push("  note: signatures were checked with the public key inside the segment; pin the log's key with --public-key");
  }
  const revoked = report.checks.find((c) => !c.ok && c.detail.startsWith("[key_revoked]"));
  if (revoked !== undefined) lines.push(`REFUSED: ${revoked.name.replace(/ key$/, "")} is signed by a revoked key (${revoked.detail.replace(/^\[key_revoked\] REVOKED KEY: /, "")})`);
  const failures = report.checks.filter((c) => !c.ok).length;
  lines.push(
    report.ok
      ? `VERIFIED: ${report.entries_verified} of ${report.entries} events proven in the signed tree of size ${report.tree_size}`
      : `FAILED: ${failures} check${failures === 1 ? "" : "s"} failed; ${report.entries_verified} of ${report.entries} events proven`,
  );
  return `${lines.join("\n")}\n`;
}

/**
 * Run `nethical audit verify`.
 *
 * @example
 * const code = await auditVerifyCommand(["segment.json"], io); // 0 or 1
 */
export async function auditVerifyCommand(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        "public-key": { type: "string" },
        keys: { type: "string" },
        complete: { type: "string" },
        json: { type: "boolean" },
        archive: { type: "string" },
        "witness-key": { type: "string", multiple: true },
        "require-witness": { type: "boolean" },
      },
    });
  } catch (error) {
    io.stderr.write(`nethical audit verify: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.archive !== undefined || parsed.values["witness-key"] !== undefined) return witnessOrArchive(parsed.values, parsed.positionals, io);
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) {
    io.stderr.write(USAGE);
    return 2;
  }
  if (parsed.values["public-key"] !== undefined && parsed.values.keys !== undefined) {
    io.stderr.write(`nethical audit verify: --public-key and --keys exclude each other (the key list holds the pinned keys)\n${USAGE}`);
    return 2;
  }
  let segment: unknown;
  let trustedKeys: Verifier[] | undefined;
  let keyList: AuditKeyConfig[] | undefined;
  try {
    segment = JSON.parse(await readFile(file, "utf8"));
    const keyFile = parsed.values["public-key"];
    if (keyFile !== undefined) trustedKeys = [await readPinnedKey(keyFile)];
    if (parsed.values.keys !== undefined) keyList = await readKeyList(parsed.values.keys);
  } catch (error) {
    io.stderr.write(`nethical audit verify: ${(error as Error).message}\n`);
    io.stdout.write(`FAILED: ${file} could not be read as JSON\n`);
    return 1;
  }
  let completeRange: { from_leaf: number; to_leaf: number } | undefined;
  if (parsed.values.complete !== undefined) {
    const m = /^(\d+)\.\.(\d+)$/.exec(parsed.values.complete);
    if (m === null || Number(m[2]) <= Number(m[1])) {
      io.stderr.write(`nethical audit verify: --complete takes FROM..TO, a half-open leaf range with TO > FROM (e.g. 0..1000)\n${USAGE}`);
      return 2;
    }
    completeRange = { from_leaf: Number(m[1]), to_leaf: Number(m[2]) };
  }
  const report = await verifySegment(segment, {
    ...(trustedKeys !== undefined ? { trustedKeys } : {}),
    ...(keyList !== undefined ? { keyList } : {}),
    ...(completeRange !== undefined ? { completeRange } : {}),
  });
  io.stdout.write(parsed.values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(file, report));
  return report.ok ? 0 : 1;
}

function completeOf(value: string | undefined): { from_leaf: number; to_leaf: number } | null | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)\.\.(\d+)$/.exec(value);
  return m === null || Number(m[2]) <= Number(m[1]) ? null : { from_leaf: Number(m[1]), to_leaf: Number(m[2]) };
}

/** `--archive DIR` (archive-wide verification) or a tree-head answer with `--witness-key`. */
async function witnessOrArchive(
  values: { archive?: string; keys?: string; "witness-key"?: string[]; "require-witness"?: boolean; complete?: string; json?: boolean; "public-key"?: string },
  positionals: string[],
  io: CliIo,
): Promise<number> {
  const complete = completeOf(values.complete);
  if (complete === null) {
    io.stderr.write(`nethical audit verify: --complete takes FROM..TO, a half-open leaf range with TO > FROM\n${USAGE}`);
    return 2;
  }
  let witnessKeys: Verifier[] = [];
  let keyList: AuditKeyConfig[] | undefined;
  try {
    witnessKeys = await readWitnessKeys(values["witness-key"] ?? []);
    if (values.keys !== undefined) keyList = await readKeyList(values.keys);
  } catch (error) {
    io.stderr.write(`nethical audit verify: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.archive !== undefined) {
    if (positionals.length > 0) {
      io.stderr.write(`nethical audit verify: --archive takes a directory, not a file\n${USAGE}`);
      return 2;
    }
    let report;
    try {
      report = await verifyArchiveDir(values.archive, {
        ...(keyList !== undefined ? { keyList } : {}),
        ...(witnessKeys.length > 0 ? { witnessKeys } : {}),
        ...(values["require-witness"] === true ? { requireWitness: true } : {}),
        ...(complete !== undefined ? { completeRange: complete } : {}),
      });
    } catch (error) {
      io.stderr.write(`nethical audit verify: ${(error as Error).message}\n`);
      io.stdout.write(`FAILED: ${values.archive} could not be read\n`);
      return 1;
    }
    io.stdout.write(values.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatArchiveReport(values.archive, report));
    return report.ok ? 0 : 1;
  }
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) {
    io.stderr.write(USAGE);
    return 2;
  }
  let answer: unknown;
  try {
    answer = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    io.stderr.write(`nethical audit verify: ${(error as Error).message}\n`);
    return 1;
  }
  const result = await verifyWitnessedHead(answer as Parameters<typeof verifyWitnessedHead>[0], witnessKeys);
  io.stdout.write(values.json === true ? `${JSON.stringify(result, null, 2)}\n` : `nethical audit verify ${file}\n${result.lines.join("\n")}\n${result.ok ? "VERIFIED: the head is signed and cosigned by a pinned witness" : "FAILED"}\n`);
  return result.ok ? 0 : 1;
}
