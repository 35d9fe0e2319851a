/**
 * `wrangler deploy --dry-run --env production --outdir DIR` — the bundle a deploy would upload, built by the
 * project's wrangler offline with metrics off — succeeds, and its compressed size is within the Workers
 * paid-plan limit (10 MiB gzip). wrangler's printed gzip figure agrees with gzipping the written bundle, and
 * the bundle carries the classifier weights (bench/results/deploy.json has the numbers: npm run bench:deploy).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dryRunDeploy, gzipBytes, readBundle, weightsLiteral, WORKERS_LIMITS_KIB } from "./bundle-size.ts";

const outdir = mkdtempSync(join(tmpdir(), "nethical-dry-run-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe("wrangler deploy --dry-run", () => {
  it("bundles the production Worker, within the Workers size limit", async () => {
    const run = await dryRunDeploy("production", outdir);
    expect(run.code, run.output.slice(-2000)).toBe(0);
    expect(run.output).toContain("--dry-run: exiting now.");
    expect(run.reported).not.toBeNull();
    const bundle = readBundle(outdir);
    const gzipKib = gzipBytes(bundle) / 1024;
    // wrangler gzips what it uploads; the main module is nearly all of it.
    expect(Math.abs(gzipKib - run.reported!.gzip_kib) / run.reported!.gzip_kib).toBeLessThan(0.02);
    expect(run.reported!.gzip_kib).toBeLessThan(WORKERS_LIMITS_KIB.paid);
    expect(weightsLiteral(bundle.toString("utf8"))?.length).toBeGreaterThan(100_000);
  }, 120_000);
});
