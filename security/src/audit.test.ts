/**
 * The dependency audit, end to end: the pipeline's audit step runs in its own process and runs the real
 * `npm audit` on a planted project's package-lock.json against a local stand-in for the registry's
 * advisory endpoint (npm's bulk advisory API, served from this test). High on a production package fails;
 * allowlisted it passes; an expired entry fails; a dev-only high is a warning, a dev-only critical fails;
 * an endpoint that cannot be reached fails, or is SKIPPED with the reason when asked.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advisoriesOf, judgeAdvisories } from "./audit.ts";

const RUN = join(import.meta.dirname, "run.ts");
const temps: string[] = [];

interface FakeAdvisory {
  id: number;
  url: string;
  title: string;
  severity: string;
  vulnerable_versions: string;
}
/** What the stand-in registry answers, per package name. */
let advisories: Record<string, FakeAdvisory[]> = {};
const requests: string[] = [];
let server: Server;
let registry = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
      requests.push(`${req.method} ${req.url}`);
      if (req.method === "POST" && req.url === "/-/npm/v1/security/advisories/bulk") {
        const asked = JSON.parse(body.toString("utf8")) as Record<string, string[]>;
        const answer = Object.fromEntries(Object.keys(asked).filter((n) => advisories[n] !== undefined).map((n) => [n, advisories[n]]));
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(answer));
        return;
      }
      res.statusCode = 404;
      res.end("{}");
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((ok) => server.close(ok));
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

const advisory = (id: number, severity: string, title: string): FakeAdvisory => ({
  id,
  url: `https://advisories.invalid/GHSA-test-${id}`,
  title,
  severity,
  vulnerable_versions: "<2.0.0",
});

/** A project with a lockfile: prod-lib (production), dev-tool and dev-crit (dev-only). */
function project(allow: unknown[]): string {
  const root = mkdtempSync(join(tmpdir(), "nethical-audit-"));
  temps.push(root);
  const pkg = { name: "planted-app", version: "1.0.0", dependencies: { "prod-lib": "1.0.0" }, devDependencies: { "dev-tool": "1.0.0", "dev-crit": "1.0.0" } };
  const entry = (name: string, dev: boolean) => ({ version: "1.0.0", resolved: `${registry}${name}/-/${name}-1.0.0.tgz`, integrity: "sha512-AAAA", license: "MIT", ...(dev ? { dev: true } : {}) });
  const lock = {
    name: "planted-app",
    version: "1.0.0",
    lockfileVersion: 3,
    requires: true,
    packages: { "": pkg, "node_modules/prod-lib": entry("prod-lib", false), "node_modules/dev-tool": entry("dev-tool", true), "node_modules/dev-crit": entry("dev-crit", true) },
  };
  writeFileSync(join(root, "package.json"), JSON.stringify(pkg));
  writeFileSync(join(root, "package-lock.json"), JSON.stringify(lock));
  mkdirSync(join(root, "security", "allowlists"), { recursive: true });
  writeFileSync(join(root, "security", "allowlists", "audit.json"), JSON.stringify({ entries: allow }));
  return root;
}

function auditProcess(root: string, reg: string, extra: string[] = []): Promise<{ status: number; out: string }> {
  const env = { ...process.env, npm_config_registry: reg, npm_config_cache: join(root, ".npm-cache") };
  return new Promise((ok) => {
    execFile(process.execPath, [RUN, "--root", root, "--steps", "audit", ...extra], { env, encoding: "utf8" }, (error, stdout, stderr) => {
      ok({ status: error === null ? 0 : ((error as { code?: number }).code ?? 1), out: stdout + stderr });
    });
  });
}

const review = { reason: "the vulnerable function is never called: we only use parse()", reviewed_by: "test", reviewed_on: "2026-01-01", expires: "2999-12-31" };

describe("dependency audit (real npm audit against a stand-in advisory endpoint)", () => {
  it("fails on a high advisory of a production package and prints it", async () => {
    advisories = { "prod-lib": [advisory(1001, "high", "Prototype pollution in prod-lib")] };
    const { status, out } = await auditProcess(project([]), registry);
    expect(requests).toContain("POST /-/npm/v1/security/advisories/bulk");
    expect(out).toContain("FAIL high GHSA-test-1001 prod-lib <2.0.0 (production): Prototype pollution in prod-lib");
    expect(out).toContain("== security audit: FAILED");
    expect(status).toBe(1);
  }, 60_000);

  it("passes when the advisory is allowlisted, fails again once the entry has expired", async () => {
    advisories = { "prod-lib": [advisory(1001, "high", "Prototype pollution in prod-lib")] };
    const entry = { id: "GHSA-test-1001", package: "prod-lib", ...review };
    let { status, out } = await auditProcess(project([entry]), registry);
    expect(out).toContain("allowlisted high GHSA-test-1001 prod-lib");
    expect(status).toBe(0);

    ({ status, out } = await auditProcess(project([{ ...entry, expires: "2025-06-30" }]), registry));
    expect(out).toContain("FAIL audit allowlist entry 0 (GHSA-test-1001 prod-lib): expired on 2025-06-30");
    expect(out).toContain("FAIL high GHSA-test-1001 prod-lib");
    expect(status).toBe(1);
  }, 60_000);

  it("a dev-only high is a warning, a dev-only critical fails, moderate passes", async () => {
    advisories = { "dev-tool": [advisory(2001, "high", "ReDoS in dev-tool")], "prod-lib": [advisory(2002, "moderate", "Minor")] };
    let { status, out } = await auditProcess(project([]), registry);
    expect(out).toContain("warn high GHSA-test-2001 dev-tool <2.0.0 (dev-only)");
    expect(out).toContain("0 failing, 1 warnings");
    expect(status).toBe(0);

    advisories = { "dev-crit": [advisory(2003, "critical", "Code execution in dev-crit")] };
    ({ status, out } = await auditProcess(project([]), registry));
    expect(out).toContain("FAIL critical GHSA-test-2003 dev-crit <2.0.0 (dev-only)");
    expect(status).toBe(1);
  }, 60_000);

  it("an advisory endpoint that cannot be reached fails, or is SKIPPED with the reason when asked; never passes", async () => {
    const closed = createServer();
    await new Promise<void>((ok) => closed.listen(0, "127.0.0.1", ok));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((ok) => closed.close(ok));
    const root = project([]);
    let { status, out } = await auditProcess(root, `http://127.0.0.1:${port}/`);
    expect(out).toContain("the registry's advisory endpoint could not be used");
    expect(out).toContain("this run says NOTHING about known vulnerabilities");
    expect(out).toContain("== security audit: FAILED");
    expect(out).not.toContain("http://127.0.0.1"); // the registry address is left out of the log
    expect(status).toBe(1);

    ({ status, out } = await auditProcess(root, `http://127.0.0.1:${port}/`, ["--audit-unavailable", "skip"]));
    expect(out).toContain("== security audit: SKIPPED");
    expect(out).toContain("this run says NOTHING about known vulnerabilities");
    expect(status).toBe(0);
  }, 60_000);
});

describe("advisories from npm audit's JSON", () => {
  it("one per advisory and package, transitive entries left to the package that has the advisory", () => {
    const json = {
      vulnerabilities: {
        a: { nodes: ["node_modules/a"], via: [{ source: 7, name: "a", title: "t", url: "https://x.invalid/GHSA-aaaa-bbbb-cccc", severity: "high" as const, range: "<1" }] },
        b: { nodes: ["node_modules/b"], via: ["a"] },
      },
    };
    const found = advisoriesOf(json, new Set(["node_modules/a"]));
    expect(found).toEqual([{ id: "GHSA-aaaa-bbbb-cccc", source: 7, package: "a", title: "t", severity: "high", range: "<1", url: "https://x.invalid/GHSA-aaaa-bbbb-cccc", production: false }]);
    expect(judgeAdvisories(found, [], "2026-12-05").warnings).toHaveLength(1);
    const byNumber = judgeAdvisories(found, [{ id: "7", package: "a", ...review }], "2026-12-05");
    expect(byNumber.accepted).toHaveLength(1);
  });
});
