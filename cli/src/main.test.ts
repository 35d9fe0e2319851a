import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "./main.ts";
import { memoryIo } from "./testing.ts";

const root = join(import.meta.dirname, "..", "..");

describe("nethical", () => {
  it("prints usage for help and fails for unknown commands", async () => {
    const help = memoryIo("");
    expect(await main(["help"], help)).toBe(0);
    expect(help.out()).toMatch(/usage: nethical/);
    const unknown = memoryIo("");
    expect(await main(["frobnicate"], unknown)).toBe(2);
    expect(unknown.err()).toMatch(/unknown command "frobnicate"/);
    expect(await main([], memoryIo(""))).toBe(2);
  });

  it("runs as `npx nethical` in a real process", () => {
    const input = `${JSON.stringify({ id: "a", text: "reach me at dev@example.com" })}\n`;
    const result = spawnSync("npx", ["--no-install", "nethical", "scan"], { cwd: root, input, encoding: "utf8" });
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.id).toBe("a");
    expect(out.findings.map((f: { type: string }) => f.type)).toContain("EMAIL_ADDRESS");
  });

  it("answers `nethical eval --help` in a real process with its usage and exit 0", () => {
    const result = spawnSync("npx", ["--no-install", "nethical", "eval", "--help"], { cwd: root, input: "", encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^usage: nethical eval \[--policy FILE\]/);
    expect(result.stderr).toBe("");
  });
});
