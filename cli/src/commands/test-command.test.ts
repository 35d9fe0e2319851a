import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../main.ts";
import { memoryIo } from "../testing.ts";

const root = join(import.meta.dirname, "..", "..", "..");
const acme = join(root, "examples", "policies", "acme.yaml");
const acmeTests = join(root, "examples", "policies", "acme.test.yaml");

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "nethical-test-"));
  dirs.push(dir);
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe("nethical test", () => {
  it("passes the example policy's tests, one PASS line per case", async () => {
    const io = memoryIo("");
    expect(await main(["test", acme, acmeTests], io)).toBe(0);
    expect(io.out().match(/^PASS /gm)).toHaveLength(8);
    expect(io.out()).toMatch(/8 passed, 0 failed\n$/);
  });

  it("exits 1 and prints an expected/actual diff for a failing case", async () => {
    const tests = tempFile("t.yaml", `
- name: rm is allowed (wrong)
  request: { agent_id: a, action: "rm -rf /", action_type: code_execution }
  expect: { decision: ALLOW, violations: [block-destructive-code] }
- name: a query is allowed
  request: { agent_id: a, action: hello, action_type: query }
  expect: { decision: ALLOW }
`);
    const io = memoryIo("");
    expect(await main(["test", acme, tests], io)).toBe(1);
    const out = io.out();
    expect(out).toMatch(/FAIL .*t\.yaml: rm is allowed \(wrong\)\n {4}- decision: "ALLOW"\n {4}\+ decision: "BLOCK"\n/);
    expect(out).toMatch(/- violations: \["block-destructive-code"\]\n {4}\+ violations: \["block-destructive-code","law\./);
    expect(out).toMatch(/PASS .*a query is allowed/);
    expect(out).toMatch(/1 passed, 1 failed\n$/);
  });

  it("exits 2 without running anything for usage errors, an invalid policy or an invalid tests file", async () => {
    const usage = memoryIo("");
    expect(await main(["test", acme], usage)).toBe(2);
    expect(usage.err()).toMatch(/usage: nethical test/);
    const badPolicy = memoryIo("");
    expect(await main(["test", join(root, "examples", "policies", "broken.yaml"), acmeTests], badPolicy)).toBe(2);
    expect(badPolicy.err()).toMatch(/fork_bombs|not a linear-time regular expression/);
    const badTests = memoryIo("");
    expect(await main(["test", acme, acmeTests, tempFile("t.yaml", "- name: x\n  expect: { decision: MAYBE }\n")], badTests)).toBe(2);
    expect(badTests.err()).toMatch(/\[0\]\.expect\.decision/);
    expect(badTests.out()).toBe("");
  });
});
