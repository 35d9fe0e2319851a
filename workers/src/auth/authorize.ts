/**
 * Authorisation helpers used by routes: the caller's own tenant for tenant routes, or a check that the
 * caller may act on the tenant named in the path for admin routes.
 */
import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { ProblemError } from "@nethical/http";
import { mayActOn, roleAllows, type Permission } from "./principal.ts";

/**
 * The caller's tenant, if its role holds `permission`; otherwise a 403 ProblemError.
 * Tenant routes (`/v2/evaluate`, `/v2/agents/…`, `/v2/policies/…`) act on this tenant only.
 *
 * @example
 * const tenant = tenantFor(c, "agents:read");
 */
export function tenantFor(c: Context<AppEnv>, permission: Permission): string {
  const principal = c.get("principal");
  if (principal.kind !== "tenant") {
    throw new ProblemError("forbidden", "the platform key manages tenants and keys; use a tenant key here");
  }
  if (!roleAllows(principal.role, permission)) {
    throw new ProblemError("forbidden", `the '${principal.role}' role may not do '${permission}'`);
  }
  return principal.tenant;
}

/**
 * Check the caller may do `permission` on `tenant` (from the path), or throw 403.
 *
 * @example
 * requireOn(c, c.req.param("tenant"), "keys:write");
 */
export function requireOn(c: Context<AppEnv>, tenant: string, permission: Permission): void {
  if (!mayActOn(c.get("principal"), tenant, permission)) {
    throw new ProblemError("forbidden", `this key may not do '${permission}' on that tenant`);
  }
}

/**
 * Check an agent-bound key (issued with `agent_ids`) is asking for one of its agents, or throw 403.
 * Unbound keys may ask for any agent of their tenant.
 *
 * @example
 * for (const r of requests) requireAgent(c, r.agent_id);
 */
export function requireAgent(c: Context<AppEnv>, agentId: string): void {
  const principal = c.get("principal");
  if (principal.kind === "tenant" && principal.agentIds !== undefined && !principal.agentIds.includes(agentId)) {
    throw new ProblemError("forbidden", "this key is bound to other agent ids");
  }
}

/**
 * Check the caller is the platform bootstrap key, or throw 403.
 *
 * @example
 * requirePlatform(c); // before creating a tenant
 */
export function requirePlatform(c: Context<AppEnv>): void {
  if (c.get("principal").kind !== "platform") {
    throw new ProblemError("forbidden", "only the platform bootstrap key may create tenants");
  }
}
