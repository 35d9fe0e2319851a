/**
 * The API description: an OpenAPI 3.1 document generated from the route descriptions (route-docs.ts)
 * and the zod schemas they name. Deterministic (no clock, no environment), so the committed
 * workers/openapi.json can be compared with what the Worker serves.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { ACTION_TYPES } from "@nethical/core";
import { routeDocs } from "./route-docs.ts";

/** The document's `info.version`: the API's version, bumped when a route or schema changes incompatibly. */
export const API_VERSION = "2.0.0";

const DESCRIPTION = [
  "Nethical Edge: decisions (ALLOW, RESTRICT, BLOCK, TERMINATE) on what AI agents are about to do, the agents' state, tenant policies and a verifiable audit log.",
  "",
  "Every `/v2` route needs `Authorization: Bearer <key>`; keys are tenant-scoped and have one role (agent, operator, auditor, admin, device); the platform bootstrap key only creates tenants and manages keys. Each operation lists its roles in its description and in `x-nethical-roles`.",
  "",
  "Every error is RFC 9457 `application/problem+json` (`Problem`), with the request id as `instance`; validation errors list `errors[].path`, never the values sent.",
  "",
  `Known action types: ${ACTION_TYPES.join(", ")}. Custom lower-case action types are accepted for tenant policies to match (see EvaluateRequest.action_type).`,
].join("\n");

let cached: Record<string, unknown> | undefined;

/**
 * The OpenAPI 3.1 document (built once per isolate).
 *
 * @example
 * const doc = openApiDocument(); // doc.paths["/v2/evaluate"].post
 */
export function openApiDocument(): Record<string, unknown> {
  if (cached !== undefined) return cached;
  // OpenAPIHono only as the registry and generator: the app's own routes stay plain Hono handlers.
  const describer = new OpenAPIHono();
  const registry = describer.openAPIRegistry;
  registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "A tenant API key (shown once when issued) or the platform bootstrap key",
  });
  for (const route of routeDocs()) registry.registerPath(route);
  const doc = describer.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: "Nethical Edge API", version: API_VERSION, description: DESCRIPTION },
    security: [{ bearerAuth: [] }],
  });
  cached = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
  return cached;
}
