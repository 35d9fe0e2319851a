/**
 * `GET /health`: liveness and readiness, no authentication, no secrets, no bindings touched. 200 while the
 * Worker runs and can serve; in a deployed environment whose required secrets are missing or malformed
 * (workers/src/config/), the same 503 problem+json the tenant routes answer, naming them (names only).
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import { configReport, notConfigured } from "../config/require-config.ts";
import { json } from "../openapi/components.ts";
import { describeRoute } from "../openapi/describe-route.ts";

/** The body of `GET /health`. */
export const HealthSchema = z.object({ status: z.literal("ok"), service: z.literal("nethical-edge") }).strict();

const HEALTHY: z.infer<typeof HealthSchema> = { status: "ok", service: "nethical-edge" };

/** The route's description in the API document. */
export const healthDocs = [
  describeRoute({
    method: "get",
    path: "/health",
    tag: "meta",
    summary: "Liveness and readiness",
    description:
      "Answers 200 while the Worker runs and can serve. In a deployed environment (staging, production) without its required secrets, 503 `unavailable` with `environment`, `missing_secrets` and `malformed_secrets` (names only), as every other route answers meanwhile. Touches no binding and needs no key.",
    roles: "public",
    responses: { 200: { description: "The Worker is up and configured", ...json(HealthSchema) } },
    errors: ["unavailable"],
  }),
];

/**
 * The health route.
 *
 * @example
 * app.route("/", healthRoutes());
 */
export function healthRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/health", (c) => {
    const report = configReport(c.env);
    if (!report.ready) throw notConfigured(report);
    return c.json(HEALTHY, 200, { "cache-control": "no-store" });
  });
  return app;
}
