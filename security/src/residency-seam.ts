/**
 * The residency seam check: outside `durable-objects/src/residency/`, no Worker or Durable Object source may
 * address a Durable Object itself (`idFromName`, `getByName`, `idFromString`, `newUniqueId`) or narrow a
 * namespace (`jurisdiction`). Tenant objects must be addressed through the seam, which picks the tenant's
 * jurisdiction; a call anywhere else could reach a tenant's data outside it. Comments do not count; tests
 * and test support (`*.test.ts`, `testing.ts`, `testing/`) are not served code and are not scanned, nor are
 * untracked files (work in progress; they are checked once added). A call on
 * another binding is accepted only through a reviewed entry of security/allowlists/residency-seam.json.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { reviewProblems, type Review } from "./allowlist.ts";
import { trackedFiles } from "./secrets-scan.ts";

/** The folders scanned, relative to the repository root. */
export const SCANNED_DIRS = ["workers/src", "durable-objects/src"] as const;
/** The seam itself, the only place allowed to make these calls. */
export const SEAM_DIR = "durable-objects/src/residency/";

/** One call outside the seam: where, which binding (or the receiver's name when it is not `env.X`), which method. */
export interface SeamBypass {
  file: string;
  line: number;
  binding: string;
  method: string;
}

/** An accepted call: a binding in a file, with its review. */
export interface SeamAllow extends Review {
  file: string;
  binding: string;
}

const CALL = /([A-Za-z_$][\w$]*)\s*(?:\?\.|\.)\s*(idFromName|getByName|idFromString|newUniqueId|jurisdiction)\s*\(/g;

/**
 * Source text without its comments (block and line comments; string contents are kept), line breaks kept
 * so line numbers stay right.
 *
 * @example
 * withoutComments("a(); // env.X.idFromName(\"t\")"); // "a(); "
 */
export function withoutComments(text: string): string {
  let out = "";
  let i = 0;
  let quote: string | null = null;
  while (i < text.length) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (quote !== null) {
      out += c;
      if (c === "\\") {
        out += next ?? "";
        i += 2;
        continue;
      }
      if (c === quote) quote = null;
      i++;
    } else if (c === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, "");
      i = stop;
    } else if (c === "/" && next === "/") {
      const end = text.indexOf("\n", i);
      i = end === -1 ? text.length : end;
    } else {
      if (c === '"' || c === "'" || c === "`") quote = c;
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * The seam bypasses in one source file's text.
 *
 * @example
 * findBypasses("workers/src/x.ts", "env.AUDIT_LOG.get(env.AUDIT_LOG.idFromName(t));");
 * // [{ file: "workers/src/x.ts", line: 1, binding: "AUDIT_LOG", method: "idFromName" }]
 */
export function findBypasses(file: string, text: string): SeamBypass[] {
  if (file.startsWith(SEAM_DIR)) return [];
  const code = withoutComments(text);
  const found: SeamBypass[] = [];
  for (const match of code.matchAll(CALL)) {
    const line = code.slice(0, match.index).split("\n").length;
    found.push({ file, line, binding: match[1] as string, method: match[2] as string });
  }
  return found;
}

/**
 * Whether `file` (repository-relative, "/" separated) is served code the check reads.
 *
 * @example
 * isScanned("workers/src/routes/audit.ts");   // true
 * isScanned("workers/src/routes/audit.test.ts"); // false
 */
export function isScanned(file: string): boolean {
  if (!file.endsWith(".ts") || file.endsWith(".d.ts") || file.endsWith(".test.ts")) return false;
  if (file.endsWith("/testing.ts") || file.includes("/testing/")) return false;
  return SCANNED_DIRS.some((dir) => file.startsWith(`${dir}/`));
}

/**
 * Every tracked source file the check reads (like the secrets scan: what is committed, or about to be).
 *
 * @example
 * const files = seamFiles("/work/main"); // ["durable-objects/src/agent-state/agent-state.ts", …]
 */
export function seamFiles(root: string): string[] {
  return trackedFiles(root).filter((file) => isScanned(file) && existsSync(join(root, file)));
}

/** What the check found: calls not allowed, allowlist entries no call uses any more, and broken reviews. */
export interface SeamReport {
  bypasses: SeamBypass[];
  unusedAllows: SeamAllow[];
  reviewProblems: string[];
}

/**
 * Scan `files` of `root` against the allowlist.
 *
 * @example
 * const report = checkSeam(root, seamFiles(root), readAllowlist("security/allowlists/residency-seam.json"), "2026-12-05");
 * report.bypasses; // [] when every Durable Object address goes through the seam
 */
export function checkSeam(root: string, files: readonly string[], allows: readonly SeamAllow[], day: string): SeamReport {
  const used = new Set<SeamAllow>();
  const bypasses: SeamBypass[] = [];
  for (const file of files) {
    for (const hit of findBypasses(file, readFileSync(join(root, file), "utf8"))) {
      const allow = allows.find((a) => a.file === hit.file && a.binding === hit.binding);
      if (allow === undefined) bypasses.push(hit);
      else used.add(allow);
    }
  }
  const problems = allows.flatMap((a) => reviewProblems(a, day).map((p) => `${a.file} ${a.binding}: ${p}`));
  return { bypasses, unusedAllows: allows.filter((a) => !used.has(a)), reviewProblems: problems };
}
