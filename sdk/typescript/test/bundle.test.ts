/**
 * The client runs in browsers: esbuild bundles src/index.ts for platform "browser" with no Node built-in
 * (a `node:` import or a bare `fs`/`crypto` would fail to resolve there), and the bundle holds only the
 * client, openapi-fetch and the core's merkle/signing/audit-leaf/util modules: no zod, no engine.
 */
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const ENTRY = join(import.meta.dirname, "..", "src", "index.ts");

describe("browser bundle", () => {
  it("bundles for the browser without Node built-ins", async () => {
    const result = await build({ entryPoints: [ENTRY], bundle: true, platform: "browser", format: "esm", minify: true, write: false, metafile: true, logLevel: "silent" });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((i) => i.startsWith("node:") || /(^|\/)node_modules\/(?!openapi-fetch|@nethical\/core)/.test(i))).toEqual([]);
    const fromCore = inputs.filter((i) => i.includes("shared/src/") || i.includes("@nethical/core"));
    expect(fromCore.every((i) => /src\/(merkle|signing|util|audit\/leaf\.ts)/.test(i))).toBe(true);
    const bytes = result.outputFiles[0]?.contents.byteLength ?? 0;
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(64 * 1024);
    console.log(`browser bundle: ${bytes} bytes minified; core modules: ${fromCore.length}`);
  });
});
