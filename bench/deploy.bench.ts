/**
 * The deploy bundle against the Workers size limits. `wrangler deploy --dry-run --env production --outdir`
 * builds exactly what `npm run deploy` uploads (offline, nothing sent); the limit applies to the gzip size:
 * 3 MiB on Workers Free, 10 MiB on Workers Paid. Reports wrangler's printed sizes, the bundle gzipped here
 * (zlib default level, to cross-check), the margin to each limit, and what the classifier weights cost:
 * the bundle gzipped with and without their base64 literal (same bundle, same run), and the weights file
 * (shared/src/classifier/model-data.ts) gzipped on its own. Sizes are deterministic for one checkout: no
 * timing here. Writes bench/results/deploy.json. Run: `npm run bench:deploy`.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dryRunDeploy, gzipBytes, readBundle, weightsLiteral, WORKERS_LIMITS_KIB } from "@nethical/deploy/bundle-size";
import { REPO_ROOT } from "@nethical/deploy/wrangler-cli";
import { MODEL_DATA } from "@nethical/core";
import { table, writeResult } from "./lib/results.ts";
import { round } from "./lib/stats.ts";

const ENV = "production";
const outdir = mkdtempSync(join(tmpdir(), "nethical-bench-deploy-"));
try {
  const run = await dryRunDeploy(ENV, outdir);
  if (run.code !== 0 || run.reported === null) throw new Error(`wrangler deploy --dry-run failed:\n${run.output.slice(-3000)}`);
  const bundle = readBundle(outdir);
  const text = bundle.toString("utf8");
  const weights = weightsLiteral(text);
  if (weights === null) throw new Error("the bundle has no classifier weights literal (weights_i8_b64)");
  const withoutWeights = text.replace(weights, "");
  const kib = (bytes: number) => round(bytes / 1024);
  const gzipKib = run.reported.gzip_kib;
  const ownGzip = gzipBytes(bundle);
  const ownGzipWithout = gzipBytes(withoutWeights);
  const modelFile = readFileSync(join(REPO_ROOT, "shared", "src", "classifier", "model-data.ts"));
  const margin = (limit: number) => ({ limit_kib: limit, margin_kib: round(limit - gzipKib), used_pct: round((100 * gzipKib) / limit, 1) });
  const result = {
    what: `wrangler deploy --dry-run --env ${ENV} (wrangler's "Total Upload" line; own gzip of the written index.js at zlib's default level)`,
    environment: ENV,
    bundle_gzip_kib: gzipKib,
    bundle_raw_kib: run.reported.raw_kib,
    bundle_js_bytes: bundle.byteLength,
    own_gzip_kib: kib(ownGzip),
    own_vs_wrangler_gzip_ratio: round(ownGzip / 1024 / gzipKib, 4),
    limits: { free: margin(WORKERS_LIMITS_KIB.free), paid: margin(WORKERS_LIMITS_KIB.paid) },
    classifier_weights: {
      source: `shared/src/classifier/model-data.ts (${MODEL_DATA.buckets} buckets x ${MODEL_DATA.heads.length} heads, int8, base64)`,
      base64_chars_in_bundle: weights.length,
      raw_kib_in_bundle: kib(weights.length),
      gzip_kib_in_bundle: kib(ownGzip - ownGzipWithout),
      share_of_bundle_gzip_pct: round((100 * (ownGzip - ownGzipWithout)) / ownGzip, 1),
      bundle_gzip_kib_without_weights: kib(ownGzipWithout),
      model_file_kib: kib(modelFile.byteLength),
      model_file_gzip_kib: kib(gzipBytes(modelFile)),
    },
  };
  const file = await writeResult("deploy", result);
  console.log(
    table([
      ["measure", "KiB"],
      ["bundle raw (wrangler)", result.bundle_raw_kib],
      ["bundle gzip (wrangler)", result.bundle_gzip_kib],
      ["bundle gzip (own)", result.own_gzip_kib],
      ["free limit margin", `${result.limits.free.margin_kib} (${result.limits.free.used_pct}% used)`],
      ["paid limit margin", `${result.limits.paid.margin_kib} (${result.limits.paid.used_pct}% used)`],
      ["classifier weights, gzip in bundle", `${result.classifier_weights.gzip_kib_in_bundle} (${result.classifier_weights.share_of_bundle_gzip_pct}%)`],
      ["bundle gzip without weights", result.classifier_weights.bundle_gzip_kib_without_weights],
      ["model-data.ts gzip alone", result.classifier_weights.model_file_gzip_kib],
    ]),
  );
  console.log(`wrote ${file}`);
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
