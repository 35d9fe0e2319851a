/**
 * `GET /v2/whoami`: the caller as the Worker sees it, after the same middleware as every `/v2` route
 * (request context, authentication, the per-key and per-tenant limits), with no decision, no KV read
 * beyond authentication and no Durable Object call. For clients checking which tenant, role and key they
 * hold (and whether the key is bound to a device or to agent ids) without evaluating anything, and the
 * baseline the load suite (`npm run suite:load`) measures `/v2/evaluate` against. Never echoes the key.
 */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import type { Principal } from "../auth/principal.ts";

/** The body of `GET /v2/whoami`. */
export type WhoAmI =
  | { kind: "platform" }
  | { kind: "tenant"; tenant: string; role: string; key_id: string; device_id?: string; agent_ids?: readonly string[] };

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
