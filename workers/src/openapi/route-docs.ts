/**
 * Every route's description, from the route modules. A new route module adds its `…Docs` export here;
 * the contract test (workers/src/openapi/contract.test.ts) fails, naming the route, when a route the app
 * serves is missing from the document.
 */
import type { RouteConfig } from "@hono/zod-openapi";
import { batchEvaluateDocs } from "../routes/batch-evaluate.ts";
import { evaluateDocs } from "../routes/evaluate.ts";
import { healthDocs } from "../routes/health.ts";
import { openApiDocs } from "../routes/openapi.ts";
import { whoamiDocs } from "../routes/whoami.ts";

/**
 * The route descriptions, in the order the document lists them.
 *
 * @example
 * for (const route of routeDocs()) registry.registerPath(route);
 */
export function routeDocs(): RouteConfig[] {
  return [
    ...healthDocs,
    ...openApiDocs,
    ...whoamiDocs,
    ...evaluateDocs,
    ...batchEvaluateDocs,
  ];
}
