/**
 * How a route module describes its routes in the API description (`GET /v2/openapi.json`): next to the
 * handler, export `describeRoute({...})` objects (OpenAPI route configs of `@hono/zod-openapi`'s
 * `createRoute`) built from the route's own zod schemas; add the export to `routeDocs()` in
 * route-docs.ts. The handler and its validation stay as they are: the description documents, it does not
 * validate. `describeRoute` adds what every route shares: the roles (in the description and as
 * `x-nethical-roles`), the bearer security requirement, and the problem+json error responses.
 */
import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import { PROBLEMS, PROBLEM_CONTENT_TYPE, type ProblemSlug } from "@nethical/http";
import { Problem } from "./components.ts";
import { mayActOn, ROLE_PERMISSIONS, type Permission, type Role } from "../auth/principal.ts";

/** Who may call a route: tenant key roles, and `platform` for the bootstrap key. */
export type Caller = Role | "platform";

/** Errors any authenticated route may answer: no or a bad key, a role without the permission, a limit, a fault. */
const AUTHENTICATED_ERRORS: readonly ProblemSlug[] = ["unauthorized", "forbidden", "too-many-requests", "invalid-text", "invalid-header", "internal", "unavailable"];
/** Errors of a route that reads a JSON body (readJsonBody + parseOrProblem). */
export const JSON_BODY_ERRORS: readonly ProblemSlug[] = [
  "invalid-json",
  "invalid-encoding",
  "nesting-too-deep",
  "invalid-text",
  "incomplete-body",
  "payload-too-large",
  "unsupported-media-type",
  "validation-failed",
];

/** What a route module says about one route. */
export interface RouteDescription {
  method: "get" | "post" | "put" | "delete";
  /** OpenAPI path: `/v2/agents/{agent_id}` for Hono's `/v2/agents/:agent_id`. */
  path: string;
  summary: string;
  description: string;
  /** One tag per route module (groups routes in viewers). */
  tag: string;
  /**
   * The callers allowed; `"public"` (no key), `"device-signature"` (no key; the device signs a challenge) or
   * `"webhook-signature"` (no key; a Standard Webhooks signature with the tenant's inbound secret) or
   * `"stream-token"` (no key; a single-use stream token from POST /v2/streams/token).
   */
  roles: readonly Caller[] | "public" | "device-signature" | "webhook-signature" | "stream-token";
  request?: RouteConfig["request"];
  /** Success responses (2xx, 101). */
  responses: RouteConfig["responses"];
  /** Problem types this route answers besides the common ones (auth, limits, internal). */
  errors?: readonly ProblemSlug[];
}

/**
 * The callers holding `permission` (ROLE_PERMISSIONS, plus the platform key where it may act).
 *
 * @example
 * callersWith("agents:reinstate"); // ["operator", "admin"]
 * callersWith("keys:write");       // ["admin", "platform"]
 */
export function callersWith(permission: Permission): Caller[] {
  const platform = mayActOn({ kind: "platform" }, "", permission);
  return [...ROLE_PERMISSIONS[permission], ...(platform ? (["platform"] as const) : [])];
}

/** Every caller with a key (any role, and the platform key). */
export const ANY_CALLER: readonly Caller[] = ["agent", "operator", "auditor", "admin", "device", "platform"];

/**
 * An OpenAPI route config for `route`, with roles, security and problem+json errors filled in.
 *
 * @example
 * export const whoamiDocs = [
 *   describeRoute({ method: "get", path: "/v2/whoami", tag: "whoami", summary: "The caller", description: "…",
 *     roles: ANY_CALLER, responses: { 200: { description: "The caller", content: { "application/json": { schema: WhoAmISchema } } } } }),
 * ];
 */
export function describeRoute(route: RouteDescription): RouteConfig {
  const keyed = Array.isArray(route.roles);
  const who =
    route.roles === "public"
      ? "No authentication."
      : route.roles === "device-signature"
        ? "No API key: the device authenticates inside the WebSocket by signing a challenge with its enrolled key."
        : route.roles === "webhook-signature"
          ? "No API key: the Standard Webhooks signature (`webhook-id`, `webhook-timestamp`, `webhook-signature`) by one of the tenant's inbound secrets for the source authenticates."
          : route.roles === "stream-token"
            ? "No API key: a stream token from POST /v2/streams/token (single-use, valid 60 s, issued to operator, auditor and admin keys) authenticates."
            : `Roles: ${(route.roles as readonly Caller[]).map((r) => (r === "platform" ? "the platform bootstrap key" : r)).join(", ")}.`;
  const slugs = new Set<ProblemSlug>([...(keyed ? AUTHENTICATED_ERRORS : ["internal" as const]), ...(route.errors ?? [])]);
  const config = {
    method: route.method,
    path: route.path,
    tags: [route.tag],
    summary: route.summary,
    description: `${route.description}\n\n${who}`,
    "x-nethical-roles": keyed ? [...(route.roles as readonly Caller[])] : [],
    security: keyed ? [{ bearerAuth: [] }] : [],
    ...(route.request !== undefined ? { request: route.request } : {}),
    responses: { ...route.responses, ...problemResponses([...slugs]) },
  };
  return createRoute(config as RouteConfig);
}

/**
 * One problem+json response per status the slugs map to; the description lists the problem types.
 *
 * @example
 * problemResponses(["invalid-json", "validation-failed"]); // { 400: {...}, 422: {...} }
 */
export function problemResponses(slugs: readonly ProblemSlug[]): RouteConfig["responses"] {
  const byStatus = new Map<number, ProblemSlug[]>();
  for (const slug of slugs) {
    const status = PROBLEMS[slug].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), slug]);
  }
  const out: RouteConfig["responses"] = {};
  for (const status of [...byStatus.keys()].sort((a, b) => a - b)) {
    const list = (byStatus.get(status) ?? []).sort();
    out[status] = {
      description: list.map((s) => `\`${s}\` (${PROBLEMS[s].title})`).join("; "),
      content: { [PROBLEM_CONTENT_TYPE]: { schema: Problem } },
      ...(status === 429 ? { headers: { "retry-after": { description: "Seconds to wait before retrying", schema: { type: "integer" } } } } : {}),
    };
  }
  return out;
}
