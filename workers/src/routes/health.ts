/**
 * `GET /health`: liveness, no authentication, no secrets, no bindings touched.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
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
    summary: "Liveness",
    description: "Answers 200 while the Worker runs. Touches no binding and needs no key.",
    roles: "public",
    responses: { 200: { description: "The Worker is up", ...json(HealthSchema) } },
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
  app.get("/health", (c) => c.json(HEALTHY, 200, { "cache-control": "no-store" }));
  return app;
}
