/**
 * `GET /v2/openapi.json`: the API description (OpenAPI 3.1, generated from the routes' zod schemas; see
 * workers/src/openapi/). Any key may read it (every role and the platform key); it is authenticated like
 * every `/v2` route, so the same limits apply and the route table is not handed to anonymous scanners.
 * The committed workers/openapi.json is the same document (`npm run openapi:export`).
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import { ANY_CALLER, describeRoute } from "../openapi/describe-route.ts";

/** The route's description in the document. */
export const openApiDocs = [
  describeRoute({
    method: "get",
    path: "/v2/openapi.json",
    tag: "meta",
    summary: "This API description",
    description: "The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with. The same document is committed as workers/openapi.json.",
    roles: ANY_CALLER,
    responses: {
      200: {
        description: "The OpenAPI 3.1 document",
        content: { "application/json": { schema: z.object({ openapi: z.string(), info: z.object({ title: z.string(), version: z.string() }).loose(), paths: z.record(z.string(), z.unknown()) }).loose() } },
      },
    },
  }),
];

/**
 * The OpenAPI route (mounted after `authenticate()`). The document is passed in (app.ts passes
 * `openApiDocument`), so this module, whose description is part of the document, does not import it.
 *
 * @example
 * app.route("/", openApiRoutes(openApiDocument));
 */
export function openApiRoutes(document: () => Record<string, unknown>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/v2/openapi.json", (c) => c.json(document(), 200, { "cache-control": "no-store" }));
  return app;
}
