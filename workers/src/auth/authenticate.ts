/**
 * Authentication: `Authorization: Bearer <key>` → Principal. The platform bootstrap key (secret
 * `BOOTSTRAP_ADMIN_KEY`) is compared in constant time; tenant keys are looked up by tenant and key id
 * and their SHA-256 compared in constant time. Every failure gives the same 401, so the answer never
 * tells which part was wrong. A key-store outage is a 503, never a pass.
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";
import { ProblemError } from "@nethical/http";
import { constantTimeEqual, hashApiKey, parseApiKey } from "./api-key.ts";
import { KV_TIMEOUT_MS, withTimeout } from "../decide/with-timeout.ts";
import { getApiKey } from "./key-store.ts";
import type { Principal } from "./principal.ts";

/** Shortest bootstrap key that is honoured; a shorter (or missing) secret disables bootstrap. */
export const MIN_BOOTSTRAP_KEY_LENGTH = 24;

const CHALLENGE = { "www-authenticate": 'Bearer realm="nethical"' };

/**
 * Resolve a bearer token to a Principal, or null when it is not a valid, unrevoked key. A token in the
 * tenant key format (`nk_…`) is only ever looked up as a tenant key; anything else is only ever compared
 * with the bootstrap key.
 *
 * @example
 * const principal = await principalFor(token, env); // { kind: "tenant", tenant: "acme", role: "agent", keyId }
 */
export async function principalFor(token: string, env: Env): Promise<Principal | null> {
  const parts = parseApiKey(token);
  if (parts === null) {
    const bootstrap = env.BOOTSTRAP_ADMIN_KEY;
    const enabled = typeof bootstrap === "string" && bootstrap.length >= MIN_BOOTSTRAP_KEY_LENGTH;
    return enabled && (await constantTimeEqual(token, bootstrap)) ? { kind: "platform" } : null;
  }
  const record = await getApiKey(env.POLICY_KV, parts.tenant, parts.keyId);
  if (record === null || record.revoked_at !== undefined) return null;
  const presented = await hashApiKey(token);
  const a = new TextEncoder().encode(presented);
  const b = new TextEncoder().encode(record.hash);
  if (a.byteLength !== b.byteLength || !crypto.subtle.timingSafeEqual(a, b)) return null;
  return {
    kind: "tenant",
    tenant: record.tenant,
    role: record.role,
    keyId: record.key_id,
    ...(record.device_id !== undefined ? { deviceId: record.device_id } : {}),
    ...(record.agent_ids !== undefined ? { agentIds: record.agent_ids } : {}),
  };
}

/**
 * Middleware: authenticate the request or answer 401 (503 when the key store cannot be read).
 *
 * @example
 * app.use("/v2/*", authenticate());
 */
export function authenticate() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer[ ]+([^\s]+)[ ]*$/i.exec(header);
    if (match === null || match[1] === undefined) {
      throw new ProblemError("unauthorized", "send an API key as 'Authorization: Bearer <key>'", {}, CHALLENGE);
    }
    let principal: Principal | null;
    try {
      principal = await withTimeout(principalFor(match[1], c.env), KV_TIMEOUT_MS, "key store");
    } catch {
      throw new ProblemError("unavailable", "the key store could not be read; try again");
    }
    if (principal === null) {
      throw new ProblemError("unauthorized", "the API key is not valid or has been revoked", {}, CHALLENGE);
    }
    c.set("principal", principal);
    await next();
  });
}
