/**
 * src/openapi.d.ts is what openapi-typescript generates from workers/openapi.json today (regenerate with
 * `npm run -w @nethical/client generate` when the API changes; the client is typed from it, so a route or
 * field it uses that the document dropped fails the typecheck).
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ROOT } from "./stack.ts";

describe("generated OpenAPI types", () => {
  it("are current with workers/openapi.json", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nethical-openapi-"));
    try {
      const out = join(dir, "openapi.d.ts");
      const cli = join(ROOT, "node_modules", "openapi-typescript", "bin", "cli.js");
      await promisify(execFile)(process.execPath, [cli, join(ROOT, "workers", "openapi.json"), "-o", out], { cwd: ROOT });
      const committed = await readFile(join(ROOT, "sdk", "typescript", "src", "openapi.d.ts"), "utf8");
      expect(committed === (await readFile(out, "utf8")), "src/openapi.d.ts is stale: run npm run -w @nethical/client generate").toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
