import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "@nethical/edge-device/testing/fixtures";
import { buildDevice, codeLoadedPreload, medianRss } from "@nethical/bench/edge-memory.ts";

const NODE = join(import.meta.dirname, "..", "node_modules", ".bin", "node");
// What a process has on its heap, and whether the launcher's zod setting is on, once its script runs.
const REPORT = `console.log(JSON.stringify({ heap: process.memoryUsage().heapUsed, jitless: globalThis.__zod_globalConfig?.jitless === true }))`;

function run(args: string[]): { status: number | null; out: { heap: number; jitless: boolean } | undefined; stderr: string } {
  const r = spawnSync(NODE, [...args, "-e", REPORT], { encoding: "utf8", timeout: 60_000 });
  return { status: r.status, out: r.status === 0 ? JSON.parse(r.stdout) : undefined, stderr: r.stderr };
}

describe("codeLoadedPreload (the floor under a cold start: the device's code loaded, nothing started)", () => {
  it("loads the one-file build's code with the launcher's tuning, starts nothing, and the script after it runs", async () => {
    const { dir, remove } = tempDir("nethical-edge-code-loaded-");
    try {
      const entry = await buildDevice(join(dir, "nethical-edge.mjs"));
      const bare = run([]);
      const loaded = run(["--import", codeLoadedPreload(entry)]);
      expect(loaded.status, loaded.stderr).toBe(0); // exited by itself: nothing listening, nothing opened
      expect(loaded.out?.jitless).toBe(true); // applyTuning ran
      expect(bare.out?.jitless).toBe(false);
      // The core's tables, zod schemas and classifier weights are on the heap: several MB over a bare process.
      expect((loaded.out?.heap ?? 0) - (bare.out?.heap ?? 0)).toBeGreaterThan(3 * 2 ** 20);
    } finally {
      remove();
    }
  });

  it("says which chunk is missing, and fails a preload whose main chunk has no main()", () => {
    const { dir, remove } = tempDir("nethical-edge-code-loaded-");
    try {
      mkdirSync(join(dir, "chunks"));
      expect(() => codeLoadedPreload(join(dir, "nethical-edge.mjs"))).toThrow(/no tuning-\*\.mjs chunk/);
      writeFileSync(join(dir, "chunks", "tuning-A.mjs"), "export function applyTuning() { return []; }\n");
      expect(() => codeLoadedPreload(join(dir, "nethical-edge.mjs"))).toThrow(/no main-\*\.mjs chunk/);
      writeFileSync(join(dir, "chunks", "main-B.mjs"), "export const other = 1;\n");
      const r = run(["--import", codeLoadedPreload(join(dir, "nethical-edge.mjs"))]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/exports no main\(\)/);
    } finally {
      remove();
    }
  });
});

describe("medianRss", () => {
  it("takes the median of each part on its own", () => {
    const runs = [
      { rss: 90, anon: 42, file: 50 },
      { rss: 92.04, anon: 40, file: 52 },
      { rss: 91, anon: 41, file: 49 },
    ];
    expect(medianRss(runs)).toEqual({ rss_mb: 91, rss_anon_mb: 41, rss_file_mb: 50 });
  });
});
