/**
 * The gate in front of every tenant route: in a deployed environment (anything but ENVIRONMENT =
 * "development") with a required secret missing or malformed (production-config.ts), the Worker answers
 * 503 problem+json naming the secrets — names only — instead of serving with a development fallback. The
 * verdict is logged once per isolate and per distinct verdict (one structured line), not per request.
 */
import { createMiddleware } from "hono/factory";
import { ProblemError } from "@nethical/http";
import type { AppEnv } from "../app-env.ts";
import { checkConfig, type ConfigEnv, type ConfigReport } from "./production-config.ts";

const verdicts = new WeakMap<object, ConfigReport>();
const logged = new Set<string>();

/**
 * The configuration verdict for `env`, computed once per env object.
 *
 * @example
 * configReport(c.env).ready; // false in production without DATABASE_URL
 */
export function configReport(env: ConfigEnv): ConfigReport {
  let report = verdicts.get(env);
  if (report === undefined) {
    report = checkConfig(env);
    verdicts.set(env, report);
  }
  return report;
}

/**
 * The secret names a not-ready report is about: missing first, then malformed.
 *
 * @example
 * unreadyNames(report); // ["DATABASE_URL", "AUDIT_SIGNING_KEY"]: the missing, then the malformed
 */
export function unreadyNames(report: ConfigReport): string[] {
  return [...report.missing, ...report.malformed.map((m) => m.name)];
}

function logOnce(report: ConfigReport): void {
  const line = JSON.stringify({
    level: "error",
    msg: "deployed environment misconfigured: refusing tenant routes",
    environment: report.environment,
    missing_secrets: report.missing,
    malformed_secrets: report.malformed,
  });
  if (logged.has(line)) return;
  logged.add(line);
  console.error(line);
}

/**
 * The problem a not-ready report is answered with: 503 `unavailable`, the names in `missing_secrets` and
 * `malformed_secrets` (never values), logged once per verdict.
 *
 * @example
 * if (!report.ready) throw notConfigured(report);
 */
export function notConfigured(report: ConfigReport): ProblemError {
  logOnce(report);
  const names = unreadyNames(report);
  const where = report.environment === "" ? "deployment (ENVIRONMENT unset)" : `${report.environment} deployment`;
  return new ProblemError("unavailable", `this ${where} is not configured: ${names.join(", ")} ${names.length === 1 ? "is" : "are"} missing or malformed`, {
    environment: report.environment,
    missing_secrets: report.missing,
    malformed_secrets: report.malformed.map((m) => m.name),
  });
}

/**
 * Middleware: refuse with 503 `unavailable` while this environment's configuration is incomplete.
 *
 * @example
 * app.route("/", healthRoutes()); // still answers, reporting what is missing
 * app.use("*", requireConfig());
 */
export function requireConfig() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const report = configReport(c.env);
    if (!report.ready) throw notConfigured(report);
    await next();
  });
}
