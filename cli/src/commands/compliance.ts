/**
 * `nethical compliance report [--format json|md] [--url URL --key KEY] [--repo DIR]`: every compliance
 * control, checked against the repository at DIR (default: the working directory) and, with --url, live
 * against the running API with KEY (an auditor or admin key; or $NETHICAL_API_KEY). Exit 1 when a control
 * fails, 0 otherwise; the report (the same model as `GET /v2/compliance/report`) on stdout.
 */
import { parseArgs } from "node:util";
import { complianceMarkdown, complianceReport, type LiveTarget } from "@nethical/core/compliance/index.ts";
import type { CliIo } from "../io.ts";
import { httpTarget } from "../compliance/http-target.ts";
import { repositoryChecker } from "../compliance/repository-check.ts";

/** What the command accepts, parsed. */
export interface ReportOptions {
  format: "json" | "md";
  url?: string;
  key?: string;
  repo: string;
}

/**
 * Parse the report's options, or throw a usage error.
 *
 * @example
 * reportOptions(["--format", "md", "--url", "http://127.0.0.1:8787"], { NETHICAL_API_KEY: "k" }); // { format: "md", url: …, key: "k", repo: "." }
 */
export function reportOptions(args: string[], env: Record<string, string | undefined>): ReportOptions {
  const { values } = parseArgs({ args, options: { format: { type: "string", default: "json" }, url: { type: "string" }, key: { type: "string" }, repo: { type: "string", default: "." } } });
  if (values.format !== "json" && values.format !== "md") throw new UsageError("--format is json or md");
  const key = values.key ?? env.NETHICAL_API_KEY;
  if (values.url !== undefined && (key === undefined || key === "")) throw new UsageError("--url needs --key KEY (or $NETHICAL_API_KEY)");
  return { format: values.format, repo: values.repo, ...(values.url !== undefined ? { url: values.url } : {}), ...(key !== undefined ? { key } : {}) };
}

/** A bad command line (exit 2). */
export class UsageError extends Error {}

const USAGE = "usage: nethical compliance report [--format json|md] [--url URL --key KEY] [--repo DIR]\n";

/**
 * Dispatch `nethical compliance …`. `live` replaces the HTTP target (a test seam).
 *
 * @example
 * process.exitCode = await complianceCommand(["report", "--format", "md"], io);
 */
export async function complianceCommand(args: string[], io: CliIo, live?: LiveTarget): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "report") {
    io.stderr.write(USAGE);
    return 2;
  }
  let options: ReportOptions;
  try {
    options = reportOptions(rest, process.env);
  } catch (error) {
    io.stderr.write(`nethical compliance: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const target = live ?? (options.url !== undefined ? httpTarget(options.url, options.key ?? "") : undefined);
  let tenant: string | null = null;
  if (target !== undefined) {
    const who = await target.request("GET", "/v2/whoami");
    if (who.status !== 200) {
      io.stderr.write(`nethical compliance: GET /v2/whoami answered ${who.status}: check --url and --key\n`);
      return 1;
    }
    const t = (who.body as { tenant?: unknown }).tenant;
    tenant = typeof t === "string" ? t : null;
  }
  const report = await complianceReport({ ...(target !== undefined ? { live: target } : {}), repository: repositoryChecker(options.repo), tenant });
  io.stdout.write(options.format === "md" ? complianceMarkdown(report) : `${JSON.stringify(report, null, 2)}\n`);
  return report.summary.fail > 0 ? 1 : 0;
}
