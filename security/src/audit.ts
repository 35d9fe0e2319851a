/**
 * Dependency audit: `npm audit --json` over the whole lockfile (one request to the registry's advisory
 * endpoint), each advisory classified by the lockfile as production or dev-only:
 * - production (anything a workspace's `dependencies` pulls in): high or critical fails;
 * - dev-only (`"dev": true` in package-lock.json: build, test and tooling): critical fails, high is
 *   printed as a warning. Dev tools run on developers' machines and in CI, so a critical there (remote
 *   code execution, a malicious release) must stop the pipeline; a high one there is mostly a ReDoS or DoS
 *   in a tool fed with our own files.
 * An advisory is accepted only by a reviewed allowlist entry naming its id and package.
 *
 * When the advisory endpoint cannot be used (no network, or a registry or mirror that does not serve it),
 * the step cannot say anything about advisories: it fails, unless the caller asked for `skip`, and then it
 * is reported as SKIPPED with the reason; it never reports that as a pass.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { reviewProblems, type Review } from "./allowlist.ts";

/** An accepted advisory. */
export interface AuditAllow extends Review {
  /** The advisory id: GHSA-xxxx-xxxx-xxxx (the last part of its url) or npm's numeric id. */
  id: string;
  /** The vulnerable package. */
  package: string;
}

/** One advisory on one package of the tree. */
export interface Advisory {
  id: string;
  source: number;
  package: string;
  title: string;
  severity: "info" | "low" | "moderate" | "high" | "critical";
  range: string;
  url: string;
  /** True when a production package (not `dev` in the lockfile) is affected. */
  production: boolean;
}

export type AuditOutcome =
  | { kind: "ran"; advisories: Advisory[] }
  | { kind: "unavailable"; reason: string }
  | { kind: "error"; reason: string };

interface NpmVia {
  source: number;
  name: string;
  title: string;
  url: string;
  severity: Advisory["severity"];
  range: string;
}
interface NpmAuditJson {
  vulnerabilities?: Record<string, { nodes: string[]; via: (string | NpmVia)[] }>;
  message?: string;
  statusCode?: number;
  error?: { code?: string; summary?: string; detail?: string };
}

/** Network errors and HTTP answers that mean "the advisory endpoint is not there", not "the tree is bad". */
const UNAVAILABLE_CODES = /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ERR_SOCKET_TIMEOUT|ENOAUDIT)\b/;

/**
 * Run `npm audit --json` in `root` (which has a package-lock.json). `env` is passed to npm (tests point
 * `npm_config_registry` at a local registry). The request is tried once with a 20 s timeout.
 *
 * @example
 * const outcome = runNpmAudit(ROOT); // the parsed `npm audit --json` report, or why there is none
 */
export function runNpmAudit(root: string, env: NodeJS.ProcessEnv = process.env): AuditOutcome {
  const outcome = npmAudit(root, env);
  // npm's messages name the registry's address: keep the path, leave the host out of the log.
  return outcome.kind === "ran" ? outcome : { kind: outcome.kind, reason: outcome.reason.replace(/\b[a-z][a-z+.-]*:\/\/[^\s/]+/gi, "<registry>") };
}

function npmAudit(root: string, env: NodeJS.ProcessEnv): AuditOutcome {
  const npm = env.npm_execpath;
  const args = ["audit", "--json", "--fetch-retries=0", "--fetch-timeout=20000"];
  const run =
    npm !== undefined && npm.endsWith(".js")
      ? spawnSync(process.execPath, [npm, ...args], { cwd: root, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
      : spawnSync("npm", args, { cwd: root, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  let json: NpmAuditJson;
  try {
    json = JSON.parse(run.stdout) as NpmAuditJson;
  } catch {
    const text = `${run.stderr}`.trim().split("\n").slice(-4).join(" | ");
    return UNAVAILABLE_CODES.test(text) ? { kind: "unavailable", reason: text } : { kind: "error", reason: `npm audit exited ${run.status} without a report: ${text}` };
  }
  if (json.vulnerabilities === undefined) {
    const what = json.message ?? json.error?.summary ?? run.stderr.trim();
    const unavailable = (json.statusCode !== undefined && json.statusCode !== 401 && json.statusCode !== 403) || UNAVAILABLE_CODES.test(`${json.error?.code ?? ""} ${what}`);
    return unavailable ? { kind: "unavailable", reason: what } : { kind: "error", reason: `npm audit failed: ${what}` };
  }
  return { kind: "ran", advisories: advisoriesOf(json, devPaths(root)) };
}

/** The lockfile's dev-only package paths (`"dev": true`). */
function devPaths(root: string): Set<string> {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages?: Record<string, { dev?: boolean }> };
  return new Set(Object.entries(lock.packages ?? {}).filter(([, p]) => p.dev === true).map(([path]) => path));
}

/**
 * The advisories of an `npm audit --json` report, one per (advisory, package).
 *
 * @example
 * advisoriesOf(report, devOnlyPackages); // [{ id, package, severity, production, ... }, ...]
 */
export function advisoriesOf(json: NpmAuditJson, dev: ReadonlySet<string>): Advisory[] {
  const out = new Map<string, Advisory>();
  for (const vuln of Object.values(json.vulnerabilities ?? {})) {
    for (const via of vuln.via) {
      if (typeof via === "string") continue; // vulnerable only through another package: listed there
      const nodes = json.vulnerabilities?.[via.name]?.nodes ?? vuln.nodes;
      const id = /\/(GHSA-[\w-]+)$/i.exec(via.url)?.[1] ?? String(via.source);
      out.set(`${id} ${via.name}`, {
        id,
        source: via.source,
        package: via.name,
        title: via.title,
        severity: via.severity,
        range: via.range,
        url: via.url,
        production: nodes.some((n) => !dev.has(n)),
      });
    }
  }
  return [...out.values()].sort((a, b) => a.package.localeCompare(b.package) || a.id.localeCompare(b.id));
}

/**
 * Does this advisory fail the step (before the allowlist)?
 *
 * @example
 * blocks({ ...advisory, severity: "high", production: false }); // false: high but dev-only
 */
export function blocks(a: Advisory): boolean {
  return a.severity === "critical" || (a.severity === "high" && a.production);
}

export interface AuditResult {
  failures: Advisory[];
  warnings: Advisory[];
  accepted: Advisory[];
  badEntries: string[];
  unused: string[];
}

/**
 * Apply the policy and the allowlist to the advisories found.
 *
 * @example
 * const { failures, warnings } = judgeAdvisories(advisories, allowlist, today());
 */
export function judgeAdvisories(advisories: readonly Advisory[], allow: readonly AuditAllow[], day: string): AuditResult {
  const badEntries: string[] = [];
  const live: AuditAllow[] = [];
  for (const [i, e] of allow.entries()) {
    const problems = reviewProblems(e, day);
    if (typeof e.id !== "string" || typeof e.package !== "string") problems.push("missing id or package");
    if (problems.length > 0) badEntries.push(`audit allowlist entry ${i} (${e.id ?? "?"} ${e.package ?? "?"}): ${problems.join(", ")}`);
    else live.push(e);
  }
  const used = new Set<AuditAllow>();
  const result: AuditResult = { failures: [], warnings: [], accepted: [], badEntries, unused: [] };
  for (const a of advisories) {
    const entry = live.find((e) => (e.id === a.id || e.id === String(a.source)) && e.package === a.package);
    if (entry !== undefined) {
      used.add(entry);
      result.accepted.push(a);
    } else if (blocks(a)) result.failures.push(a);
    else if (a.severity === "high") result.warnings.push(a);
  }
  result.unused = live.filter((e) => !used.has(e)).map((e) => `${e.id} ${e.package}`);
  return result;
}

/**
 * One line per advisory.
 *
 * @example
 * formatAdvisory(advisory); // "high GHSA-… some-package <1.2.3 (production): title https://…"
 */
export function formatAdvisory(a: Advisory): string {
  return `${a.severity} ${a.id} ${a.package} ${a.range} (${a.production ? "production" : "dev-only"}): ${a.title} ${a.url}`;
}
