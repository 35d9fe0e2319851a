import { mkdtempSync, rmSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../main.ts";
import { memoryIo } from "../testing.ts";

const root = join(import.meta.dirname, "..", "..", "..");
const messy = "rules: []\nname: p # the name\ndefault: { decision: ALLOW }\nversion: 1\n";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "nethical-fmt-"));
  dirs.push(dir);
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe("nethical fmt", () => {
  it("prints the canonical formatting without touching the file", async () => {
    const file = tempFile("p.yaml", messy);
    const io = memoryIo("");
    expect(await main(["fmt", file], io)).toBe(0);
    expect(io.out()).toBe("version: 1\nname: p # the name\ndefault: { decision: ALLOW }\nrules: []\n");
    expect(readFileSync(file, "utf8")).toBe(messy);
  });

  it("--check exits 1 for an unformatted file and 0 for a formatted one", async () => {
    const bad = memoryIo("");
    expect(await main(["fmt", "--check", tempFile("p.yaml", messy)], bad)).toBe(1);
    expect(bad.err()).toMatch(/not formatted/);
    const good = memoryIo("");
    expect(await main(["fmt", "--check", join(root, "examples", "policies", "acme.yaml")], good)).toBe(0);
    expect(good.out()).toMatch(/acme\.yaml is formatted\n$/);
  });

  it("--write rewrites the file so that --check passes; JSON stays JSON", async () => {
    const file = tempFile("p.json", '{"rules":[],"version":1,"name":"p","default":{"decision":"ALLOW"}}');
    expect(await main(["fmt", "--write", file], memoryIo(""))).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ version: 1, name: "p", default: { decision: "ALLOW" }, rules: [] });
    expect(readFileSync(file, "utf8").startsWith('{\n  "version": 1,')).toBe(true);
    expect(await main(["fmt", "--check", file], memoryIo(""))).toBe(0);
  });

  it("exits 2 for usage errors and unparsable files", async () => {
    for (const args of [["fmt"], ["fmt", "--write", "--check", "x.yaml"]]) expect(await main(args, memoryIo(""))).toBe(2);
    const io = memoryIo("");
    expect(await main(["fmt", tempFile("p.json", "{ nope")], io)).toBe(2);
    expect(io.err()).toMatch(/invalid JSON/);
  });
});
