/**
 * `GET /health`: liveness and readiness, no authentication, no secrets, no bindings touched. 200 while the
 * Worker runs and can serve; 503 `not_ready` in a deployed environment whose required secrets are missing
 * or malformed (workers/src/config/), naming them (names only) — the same verdict that refuses tenant routes.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import { configReport } from "../config/require-config.ts";
import { json } from "../openapi/components.ts";
import { describeRoute } from "../openapi/describe-route.ts";

/** The body of `GET /health` when the Worker can serve. */
export const HealthSchema = z.object({ status: z.literal("ok"), service: z.literal("nethical-edge") }).strict();

/** The body of `GET /health` when this deployment is missing configuration (names only, never values). */
export const NotReadySchema = z
  .object({
    status: z.literal("not_ready"),
    service: z.literal("nethical-edge"),
    environment: z.string().describe("ENVIRONMENT of this deployment (\"\" when unset)"),
    missing_secrets: z.array(z.string()).describe("Required secrets that are not set"),
    malformed_secrets: z.array(z.string()).describe("Secrets that are set but unusable"),
  })
  .strict();

const HEALTHY: z.infer<typeof HealthSchema> = { status: "ok", service: "nethical-edge" };
const NO_STORE = { "cache-control": "no-store" };

/** The route's description in the API document. */
export const healthDocs = [
  describeRoute({
    method: "get",
    path: "/health",
    tag: "meta",
    summary: "Liveness and readiness",
    description:
      "Answers 200 while the Worker runs and can serve. In a deployed environment (staging, production) without its required secrets, 503 `not_ready` names them; tenant routes answer 503 problem+json meanwhile. Touches no binding and needs no key.",
    roles: "public",
    responses: {
      200: { description: "The Worker is up and configured", ...json(HealthSchema) },
      503: { description: "The Worker is up but this deployment is missing configuration", ...json(NotReadySchema) },
    },
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
    if (report.ready) return c.json(HEALTHY, 200, NO_STORE);
    const body: z.infer<typeof NotReadySchema> = {
      status: "not_ready",
      service: "nethical-edge",
      environment: report.environment,
      missing_secrets: [...report.missing],
      malformed_secrets: report.malformed.map((m) => m.name),
    };
    return c.json(body, 503, NO_STORE);
  });
  return app;
}
