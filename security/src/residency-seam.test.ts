/**
 * No code path bypasses the residency seam: the repository's Worker and Durable Object sources address no
 * Durable Object and narrow no namespace outside durable-objects/src/residency/ (only reviewed allowlist
 * entries may), and the check itself finds planted bypasses — on each tenant binding, through an alias, with
 * getByName — while comments, tests and the seam itself do not count.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readAllowlist, today } from "./allowlist.ts";
import { checkSeam, findBypasses, isScanned, seamFiles, type SeamAllow } from "./residency-seam.ts";

const ROOT = join(import.meta.dirname, "..", "..");

describe("the repository", () => {
  it("addresses Durable Objects only through the residency seam", () => {
    const files = seamFiles(ROOT);
    expect(files).toContain("workers/src/routes/agents.ts");
    expect(files).toContain("durable-objects/src/audit-log/audit-log.ts");
    expect(files.some((f) => f.startsWith("durable-objects/src/residency/"))).toBe(true);
    const report = checkSeam(ROOT, files, readAllowlist<SeamAllow>(join(ROOT, "security", "allowlists", "residency-seam.json")), today());
    expect(report.bypasses.map((b) => `${b.file}:${b.line} ${b.binding}.${b.method}(`)).toEqual([]);
    expect(report.unusedAllows).toEqual([]);
    expect(report.reviewProblems).toEqual([]);
  });

  it("the seam itself makes the calls it guards (the scan reads it, and exempts it)", () => {
    const seam = "durable-objects/src/residency/placement.ts";
    expect(isScanned(seam)).toBe(true);
    expect(findBypasses("elsewhere/placement.ts", readFileSync(join(ROOT, seam), "utf8")).length).toBeGreaterThan(0);
    expect(findBypasses(seam, "env.AUDIT_LOG.idFromName(t)")).toEqual([]);
  });
});

describe("the check", () => {
  const bindings = ["AGENT_STATE", "POLICY_STORE", "AUDIT_LOG", "WEBHOOK_OUTBOX", "WEBHOOK_INBOX", "STREAM_HUB", "METRICS", "OVERSIGHT"];

  it("finds a direct address of every tenant binding, by idFromName and by getByName", () => {
    for (const binding of bindings) {
      const text = `export function f(env: Env, t: string) {\n  return env.${binding}.get(env.${binding}.idFromName(t));\n}\nconst g = (env: Env) => env.${binding}.getByName("x");\n`;
      expect(findBypasses("workers/src/x.ts", text)).toEqual([
        { file: "workers/src/x.ts", line: 2, binding, method: "idFromName" },
        { file: "workers/src/x.ts", line: 4, binding, method: "getByName" },
      ]);
    }
  });

  it("finds an alias, a jurisdiction of its own, and ids from strings", () => {
    const text = "const ns = this.env.AUDIT_LOG;\nns.get(ns.idFromString(s));\nenv.AGENT_STATE.jurisdiction(\"eu\");\nns.newUniqueId();\n";
    expect(findBypasses("durable-objects/src/y.ts", text).map((b) => `${b.line} ${b.binding}.${b.method}`)).toEqual(["2 ns.idFromString", "3 AGENT_STATE.jurisdiction", "4 ns.newUniqueId"]);
  });

  it("ignores comments but not code after a string holding //", () => {
    const text = '/**\n * env.AUDIT_LOG.idFromName("acme")\n */\n// env.STREAM_HUB.getByName(t)\nconst u = "https://x"; env.STREAM_HUB.getByName(t);\n';
    expect(findBypasses("workers/src/z.ts", text)).toEqual([{ file: "workers/src/z.ts", line: 5, binding: "STREAM_HUB", method: "getByName" }]);
  });

  it("reads served sources only", () => {
    expect(isScanned("workers/src/routes/audit.ts")).toBe(true);
    expect(isScanned("workers/src/routes/audit.test.ts")).toBe(false);
    expect(isScanned("workers/src/testing/api.ts")).toBe(false);
    expect(isScanned("durable-objects/src/audit-log/testing.ts")).toBe(false);
    expect(isScanned("workers/worker-configuration.d.ts")).toBe(false);
    expect(isScanned("edge-device/src/x.ts")).toBe(false);
  });

  it("an allowlist entry must be used and reviewed", () => {
    const stale: SeamAllow = { file: "workers/src/gone.ts", binding: "METRICS", reason: "r", reviewed_by: "a", reviewed_on: "2026-01-01", expires: "2026-01-02" };
    const report = checkSeam(ROOT, [], [stale], "2026-12-05");
    expect(report.unusedAllows).toEqual([stale]);
    expect(report.reviewProblems).toEqual(["workers/src/gone.ts METRICS: expired on 2026-01-02"]);
  });
});
