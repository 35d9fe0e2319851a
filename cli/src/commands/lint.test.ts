import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../main.ts";
import { memoryIo } from "../testing.ts";

const root = join(import.meta.dirname, "..", "..", "..");
const example = (name: string) => join(root, "examples", "policies", name);

describe("nethical lint", () => {
  it("exits 0 and says so for a clean policy", async () => {
    const io = memoryIo("");
    expect(await main(["lint", example("acme.yaml")], io)).toBe(0);
    expect(io.out()).toMatch(/acme\.yaml: no problems found/);
  });

  it("exits 1 for a policy with errors, printing each finding with its rules and an example", async () => {
    const io = memoryIo("");
    expect(await main(["lint", example("broken.yaml")], io)).toBe(1);
    const out = io.out();
    expect(out).toMatch(/rules\[1\]: error \[contradictory\] allow-secrets-to-vault and block-secrets/);
    expect(out).toMatch(/rules\[2\]: warning \[shadowed\] redact-github-tokens/);
    expect(out).toMatch(/rules\[3\]\.when: error \[unreachable\] prod-and-staging/);
    expect(out).toMatch(/rules\[4\]\.when\.value: error \[unsafe-regex\]/);
    expect(out).toMatch(/rules\[5\]\.when\.finding\.subtype: error \[unknown-subtype\]/);
    expect(out).toMatch(/ {2}example: \{"request":/);
    expect(out).toMatch(/broken\.yaml: 4 errors, 1 warning\n$/);
  });

  it("prints the report as JSON with --format json", async () => {
    const io = memoryIo("");
    expect(await main(["lint", "--format", "json", example("broken.yaml")], io)).toBe(1);
    const report = JSON.parse(io.out());
    expect(report.ok).toBe(false);
    expect(report.findings.map((f: { code: string }) => f.code)).toEqual(["contradictory", "shadowed", "unreachable", "unsafe-regex", "unknown-subtype"]);
  });

  it("exits 2 for usage errors and unreadable files", async () => {
    for (const args of [["lint"], ["lint", "a", "b"], ["lint", "--format", "xml", example("acme.yaml")], ["lint", "--nope", "x"]]) {
      const io = memoryIo("");
      expect(await main(args, io)).toBe(2);
      expect(io.err()).toMatch(/nethical lint:/);
    }
    const missing = memoryIo("");
    expect(await main(["lint", join(root, "no-such-policy.yaml")], missing)).toBe(2);
    expect(missing.err()).toMatch(/cannot read .*ENOENT/);
  });

  it("runs as `npx nethical lint` in a real process", () => {
    const ok = spawnSync("npx", ["--no-install", "nethical", "lint", "examples/policies/acme.yaml"], { cwd: root, encoding: "utf8" });
    expect(ok.status).toBe(0);
    const bad = spawnSync("npx", ["--no-install", "nethical", "lint", "--format", "json", "examples/policies/broken.yaml"], { cwd: root, encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout).ok).toBe(false);
  }, 60_000); // two `npx` process starts: seconds each on a loaded CI machine
});
