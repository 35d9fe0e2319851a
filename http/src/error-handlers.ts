/**
 * The last stop of every adapter's Hono app: a ProblemError becomes its problem+json response; anything
 * else is logged by error name only (never the request, never secrets) and answered 500 without a stack
 * trace; an unknown route is 404, or 405 with `Allow` when the path exists for other methods.
 */
import type { Context, Hono } from "hono";
import { allowedMethods } from "./method-not-allowed.ts";
import { ProblemError, problemResponse } from "./problem.ts";
import type { RequestEnv } from "./request-context.ts";

/**
 * Install `notFound` and `onError` on `app`.
 *
 * @example
 * const app = new Hono<AppEnv>();
 * app.use("*", requestContext());
 * // … routes …
 * installErrorHandlers(app);
 */
export function installErrorHandlers<E extends RequestEnv>(app: Hono<E>): void {
  app.notFound((c) => {
    const allow = allowedMethods(app.routes, c.req.path);
    const requestId = requestIdOf(c);
    if (allow.length > 0) {
      const error = new ProblemError("method-not-allowed", `${c.req.method} is not allowed here; use ${allow.join(", ")}`);
      return problemResponse(error, requestId, { allow: allow.join(", ") });
    }
    return problemResponse(new ProblemError("not-found", "no such route"), requestId);
  });
  app.onError((error, c) => {
    const requestId = requestIdOf(c);
    if (error instanceof ProblemError) return problemResponse(error, requestId);
    console.error(JSON.stringify({ level: "error", request_id: requestId, route: c.req.routePath, error: error.name }));
    return problemResponse(new ProblemError("internal", "the request could not be completed"), requestId);
  });
}

function requestIdOf(c: Context): string {
  const id: unknown = c.get("requestId");
  return typeof id === "string" ? id : "unknown";
}
