/**
 * `GET /v2/whoami`: the caller as the Worker sees it, after the same middleware as every `/v2` route
 * (request context, authentication, the per-key and per-tenant limits), with no decision, no KV read
 * beyond authentication and no Durable Object call. For clients checking which tenant, role and key they
 * hold (and whether the key is bound to a device or to agent ids) without evaluating anything, and the
 * baseline the load suite (`npm run suite:load`) measures `/v2/evaluate` against. Never echoes the key.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import { ROLES, type Principal } from "../auth/principal.ts";
import { json, named } from "../openapi/components.ts";
import { ANY_CALLER, describeRoute } from "../openapi/describe-route.ts";

/** The body of `GET /v2/whoami`. */
export const WhoAmISchema = named(
  "WhoAmI",
  z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("platform") }).strict(),
    z
      .object({
        kind: z.literal("tenant"),
        tenant: z.string(),
        role: z.enum(ROLES),
        key_id: z.string().describe("The key's id (not its secret)"),
        device_id: z.string().optional().describe("Set for device keys: the device the key is bound to"),
        agent_ids: z.array(z.string()).readonly().optional().describe("Set for agent keys bound to agent ids"),
      })
      .strict(),
  ]),
);
export type WhoAmI = z.infer<typeof WhoAmISchema>;

/** The route's description in the API document. */
export const whoamiDocs = [
  describeRoute({
    method: "get",
    path: "/v2/whoami",
    tag: "meta",
    summary: "The caller",
    description: "The caller as the Worker sees it (tenant, role, key id, bindings), after the same authentication and limits as every /v2 route. Never echoes the key.",
    roles: ANY_CALLER,
    responses: { 200: { description: "The caller", ...json(WhoAmISchema, { kind: "tenant", tenant: "acme", role: "agent", key_id: "3f2a9c01d4e5b6a7" }) } },
  }),
];

/**
 * The caller, as JSON (snake_case, like the rest of the API).
 *
 * @example
 * whoAmI({ kind: "tenant", tenant: "acme", role: "agent", keyId: "k1" }); // { kind: "tenant", tenant: "acme", role: "agent", key_id: "k1" }
 */
export function whoAmI(principal: Principal): WhoAmI {
  if (principal.kind === "platform") return { kind: "platform" };
  return {
    kind: "tenant",
    tenant: principal.tenant,
    role: principal.role,
    key_id: principal.keyId,
    ...(principal.deviceId !== undefined ? { device_id: principal.deviceId } : {}),
    ...(principal.agentIds !== undefined ? { agent_ids: principal.agentIds } : {}),
  };
}

/**
 * The whoami route (mounted after `authenticate()`; every role and the bootstrap key may call it).
 *
 * @example
 * app.route("/", whoamiRoutes());
 */
export function whoamiRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/v2/whoami", (c) => c.json(whoAmI(c.get("principal")), 200, { "cache-control": "no-store" }));
  return app;
}
