/**
 * Secrets scan of the tracked tree with Nethical's own secrets detector (`detectSecrets` from
 * @nethical/core, the detector `evaluate` runs on every action). Each line of each file `git ls-files`
 * lists is scanned on its own, so the detector's per-scan caps never hide a finding behind many others.
 * A finding is reported as `path:line subtype`, with a hash of the line for the allowlist, never with the
 * value. Findings the detector scores as documentation placeholders (AKIA…EXAMPLE, your-api-key: 0.3) are
 * not reported.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { detectSecrets } from "@nethical/core";
import { reviewProblems, type Review } from "./allowlist.ts";

/** Findings scored at least this are reported (placeholders score 0.3; every real shape scores ≥ 0.5). */
export const MIN_SCORE = 0.5;

/** One secret found: where and what kind, never the value. */
export interface SecretHit {
  path: string;
  /** 1-based line number. */
  line: number;
  subtype: string;
  score: number;
  /** First 16 hex digits of SHA-256 of the line (without its line break): pins an allowlist entry to it. */
  line_sha256: string;
}

/**
 * An accepted finding: a fake secret in a test fixture or a document. `line_sha256` pins it to one line
 * (any edit of the line needs a new review); without it the entry accepts every finding of `subtype` in
 * `path` (for test files that are fixtures of the detector itself).
 */
export interface SecretAllow extends Review {
  path: string;
  subtype: string;
  line_sha256?: string;
}

/**
 * SHA-256 of a line, first 16 hex digits.
 *
 * @example
 * lineHash("password = hunter2"); // 16 hex digits, the same for the same line
 */
export function lineHash(line: string): string {
  return createHash("sha256").update(line).digest("hex").slice(0, 16);
}

/**
 * The secrets in one file's text, one hit per finding, with 1-based line numbers.
 *
 * @example
 * scanText("a.env", "x=1\nAWS_KEY=AKIA" + "Q".repeat(16) + "\n"); // [{ path: "a.env", line: 2, subtype: "aws_access_key", … }]
 */
export function scanFileText(path: string, text: string): SecretHit[] {
  const hits: SecretHit[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.length < 8) continue;
    for (const f of detectSecrets({ text: line })) {
      if (f.score < MIN_SCORE) continue;
      hits.push({ path, line: i + 1, subtype: f.subtype ?? f.type, score: f.score, line_sha256: lineHash(line) });
    }
  }
  return hits;
}

/**
 * The files git tracks under `root` (paths relative to it), as a clean clone would have them.
 *
 * @example
 * trackedFiles(ROOT).includes("package.json"); // true
 */
export function trackedFiles(root: string): string[] {
  const out = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return out.split("\0").filter((p) => p !== "");
}

/** Files skipped as binary: a NUL byte in the first 8 KiB. */
function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8192).includes(0);
}

export interface SecretsResult {
  files: number;
  /** Findings no allowlist entry accepts: these fail the step. */
  failures: SecretHit[];
  /** Findings accepted by an entry. */
  allowed: number;
  /** Allowlist entries that are incomplete or expired (fail the step). */
  badEntries: string[];
  /** Entries that matched nothing (printed so they can be removed; they do not fail the step). */
  unused: string[];
}

/**
 * Scan `files` (paths relative to `root`) and apply the allowlist.
 *
 * @example
 * const result = scanSecrets(root, trackedFiles(root), readAllowlist("security/allowlists/secrets.json"));
 */
export function scanSecrets(root: string, files: readonly string[], allow: readonly SecretAllow[], day: string): SecretsResult {
  const badEntries: string[] = [];
  const live: SecretAllow[] = [];
  for (const [i, entry] of allow.entries()) {
    const problems = reviewProblems(entry, day);
    if (typeof entry.path !== "string" || typeof entry.subtype !== "string") problems.push("missing path or subtype");
    if (problems.length > 0) badEntries.push(`secrets allowlist entry ${i} (${entry.path ?? "?"} ${entry.subtype ?? "?"}): ${problems.join(", ")}`);
    else live.push(entry);
  }
  const used = new Set<SecretAllow>();
  const failures: SecretHit[] = [];
  let allowed = 0;
  let scanned = 0;
  for (const path of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(root, path));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "EISDIR") continue; // deleted in the work tree, or a submodule
      throw error;
    }
    if (isBinary(bytes)) continue;
    scanned++;
    for (const hit of scanFileText(path, bytes.toString("utf8"))) {
      const entry = live.find((e) => e.path === hit.path && e.subtype === hit.subtype && (e.line_sha256 === undefined || e.line_sha256 === hit.line_sha256));
      if (entry === undefined) failures.push(hit);
      else {
        used.add(entry);
        allowed++;
      }
    }
  }
  const unused = live.filter((e) => !used.has(e)).map((e) => `${e.path} ${e.subtype}${e.line_sha256 === undefined ? "" : ` ${e.line_sha256}`}`);
  return { files: scanned, failures, allowed, badEntries, unused };
}

/**
 * One line per failing finding: path, line, subtype, score and line hash; never the value.
 *
 * @example
 * formatHit(hit); // "src/x.ts:12 aws_secret_access_key (score 0.95, line_sha256 …)"
 */
export function formatHit(hit: SecretHit): string {
  return `${hit.path}:${hit.line} ${hit.subtype} (score ${hit.score}, line_sha256 ${hit.line_sha256})`;
}
