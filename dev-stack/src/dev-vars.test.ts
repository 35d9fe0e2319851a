import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureBootstrapKey, parseDevVars } from "./dev-vars.ts";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "nethical-devvars-"));
  dirs.push(dir);
  return join(dir, ".dev.vars");
}

describe(".dev.vars", () => {
  it("parses KEY=value lines", () => {
    expect(parseDevVars('A=1\n# comment\n\nB="two"\nbad line\n')).toEqual({ A: "1", B: "two" });
  });

  it("adds a bootstrap key once and keeps other lines", async () => {
    const file = await tempFile();
    await writeFile(file, "OTHER=keep");
    const first = await ensureBootstrapKey(file);
    const second = await ensureBootstrapKey(file);
    expect(first.created).toBe(true);
    expect(second).toEqual({ key: first.key, created: false });
    expect(first.key).toMatch(/^nbk_[A-Za-z0-9_-]{32}$/);
    expect(parseDevVars(await readFile(file, "utf8"))).toEqual({ OTHER: "keep", BOOTSTRAP_ADMIN_KEY: first.key });
  });

  it("creates the file when absent", async () => {
    const file = await tempFile();
    const { created } = await ensureBootstrapKey(file);
    expect(created).toBe(true);
  });
});
