/**
 * `GET /health`: liveness, no authentication, no secrets, no bindings touched.
 */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";

/**
 * The health route.
 *
 * @example
 * app.route("/", healthRoutes());
 */
export function healthRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/health", (c) => c.json({ status: "ok", service: "nethical-edge" }, 200, { "cache-control": "no-store" }));
  return app;
}
