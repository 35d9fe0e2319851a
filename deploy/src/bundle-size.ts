/**
 * The Worker bundle as Cloudflare measures it: `wrangler deploy --dry-run --outdir DIR` bundles exactly
 * what a deploy uploads (nothing is sent); wrangler prints `Total Upload: <raw> KiB / gzip: <gzip> KiB`, and
 * the size limit applies to the gzip figure: 3 MiB on the Workers Free plan, 10 MiB on Paid. The bundle
 * is also gzipped here, to cross-check wrangler's figure and to measure what one part of it (the
 * classifier weights) costs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { runWrangler } from "./wrangler-cli.ts";

/** Workers script size limits (compressed), in KiB. */
export const WORKERS_LIMITS_KIB = { free: 3 * 1024, paid: 10 * 1024 } as const;

/** wrangler's own figures. */
export interface WranglerUploadSize {
  readonly raw_kib: number;
  readonly gzip_kib: number;
}

/**
 * wrangler's `Total Upload: … KiB / gzip: … KiB` line, or null when it printed none.
 *
 * @example
 * parseUploadSize("Total Upload: 3640.72 KiB / gzip: 820.39 KiB"); // { raw_kib: 3640.72, gzip_kib: 820.39 }
 */
export function parseUploadSize(output: string): WranglerUploadSize | null {
  const m = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/.exec(output.replace(/\x1b\[[0-9;]*m/g, ""));
  return m === null ? null : { raw_kib: Number(m[1]), gzip_kib: Number(m[2]) };
}

/**
 * Size of `bytes` gzipped (zlib's default level, what wrangler's figure matches), in bytes.
 *
 * @example
 * gzipBytes(readFileSync("dist/index.js")); // 840081
 */
export function gzipBytes(bytes: Uint8Array | string): number {
  return gzipSync(bytes).byteLength;
}

/** A finished dry run. */
export interface DryRun {
  readonly code: number;
  /** wrangler's output (stdout and stderr), for a failure's message. */
  readonly output: string;
  readonly outdir: string;
  /** wrangler's figures (null when it did not print them, e.g. on failure). */
  readonly reported: WranglerUploadSize | null;
}

/**
 * Bundle with `wrangler deploy --dry-run --env <env> --outdir <outdir>` (no credentials needed; offline).
 *
 * @example
 * const run = await dryRunDeploy("production", "/tmp/dist"); // run.code === 0, run.reported.gzip_kib ≈ 820
 */
export async function dryRunDeploy(env: string, outdir: string): Promise<DryRun> {
  const run = await runWrangler(["deploy", "--dry-run", "--env", env, "--outdir", outdir]);
  const output = `${run.stdout}\n${run.stderr}`;
  return { code: run.code, output, outdir, reported: parseUploadSize(output) };
}

/**
 * The bundle's main module as written by the dry run.
 *
 * @example
 * gzipSync(readBundle(outdir)).length; // the gzip size wrangler reports
 */
export function readBundle(outdir: string): Buffer {
  return readFileSync(join(outdir, "index.js"));
}

/**
 * The classifier weights (shared/src/classifier/model-data.ts, `weights_i8_b64`) as they appear in the
 * bundle: the base64 string literal, or null when the bundle does not contain it.
 *
 * @example
 * weightsLiteral(bundleText)?.length; // 174764
 */
export function weightsLiteral(bundleText: string): string | null {
  const m = /weights_i8_b64\s*:\s*"([A-Za-z0-9+/=]+)"/.exec(bundleText);
  return m === null ? null : (m[1] as string);
}
