import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ComplianceReport, LiveTarget } from "@nethical/core/compliance/index.ts";
import { memoryIo } from "../testing.ts";
import { complianceCommand, reportOptions } from "./compliance.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..");

describe("nethical compliance report", () => {
  it("refuses bad usage with exit 2: no subcommand, a bad format, --url without a key", async () => {
    for (const args of [[], ["report", "--format", "xml"], ["report", "--url", "http://127.0.0.1:1"]]) {
      const io = memoryIo("");
      expect(await complianceCommand(args, io), args.join(" ")).toBe(2);
      expect(io.err()).toContain("usage: nethical compliance report");
    }
    expect(reportOptions(["--url", "http://x"], { NETHICAL_API_KEY: "k" })).toEqual({ format: "json", url: "http://x", key: "k", repo: "." });
  });

  it("without --url runs the repository checks only: exit 0, live controls manual with the reason", async () => {
    const io = memoryIo("");
    expect(await complianceCommand(["report", "--repo", ROOT], io)).toBe(0);
    const report = JSON.parse(io.out()) as ComplianceReport;
    expect(report.scopes).toEqual(["repository"]);
    expect(report.summary.fail).toBe(0);
    expect(report.controls.every((c) => c.status === "manual")).toBe(true);
  });

  it("a live target whose checks fail makes exit 1, each failed control with its reason", async () => {
    const whoamiOnly: LiveTarget = { request: async (_m, path) => (path === "/v2/whoami" ? { status: 200, body: { kind: "tenant", tenant: "acme", role: "auditor" } } : { status: 500, body: {} }) };
    const io = memoryIo("");
    expect(await complianceCommand(["report", "--repo", ROOT, "--format", "md"], io, whoamiOnly)).toBe(1);
    expect(io.out()).toContain("| `record-keeping` Tamper-evident audit trail with signed tree heads |");
    expect(io.out()).toContain("FAIL | live: GET /v2/audit/tree-head answered 500 |");
  });
});
