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
import { tenantResidency } from "@nethical/durable-objects/residency/tenant-record";
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
 * const principal = await principalFor(token, env); // { kind: "tenant", tenant: "acme", residency: "eu", role: "agent", keyId }
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
  // Residency is immutable, so after the first request of a tenant in this isolate this is a Map lookup.
  const residency = await tenantResidency(env, record.tenant);
  return {
    kind: "tenant",
    tenant: record.tenant,
    residency,
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
    const client = clientAddress(c.req.raw);
    const now = Date.now();
    refuseIfBackedOff(client, now);
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
      await countAuthFailure(c.env, client, now);
      throw new ProblemError("unauthorized", "the API key is not valid or has been revoked", {}, CHALLENGE);
    }
    if (principal.kind === "tenant") await withinRequestLimits(c.env, principal.tenant, principal.keyId);
    c.set("principal", principal);
    await next();
  });
}

/**
 * The client's address (`CF-Connecting-IP`), the key of the failed-authentication limit.
 *
 * @example
 * const client = clientAddress(c.req.raw); // "203.0.113.7"
 */
export function clientAddress(request: Request): string {
  return request.headers.get("cf-connecting-ip") ?? "unknown";
}

/**
 * Refuse (429, Retry-After) an address that failed authentication too often, before checking anything.
 *
 * @example
 * refuseIfBackedOff(clientAddress(c.req.raw), Date.now());
 */
export function refuseIfBackedOff(client: string, now: number): void {
  if ((backedOff.get(client) ?? 0) > now) throw tooManyFailures();
}

/**
 * Count one failed authentication of `client` (AUTH_FAILURE_LIMITER): past the limit the address is backed
 * off — 429 now, and its credentials are not even checked until the period ends. Returns when under it.
 *
 * @example
 * if (principal === null) { await countAuthFailure(env, client, now); throw unauthorized; }
 */
export async function countAuthFailure(env: Env, client: string, now: number): Promise<void> {
  const { success } = await env.AUTH_FAILURE_LIMITER.limit({ key: client });
  if (!success) {
    backOff(client, now + LIMIT_PERIOD_S * 1000);
    throw tooManyFailures();
  }
}

/** The period of the Workers Rate Limiting bindings in wrangler.toml (the platform allows 10 or 60 s). */
const LIMIT_PERIOD_S = 60;
const MAX_BACKED_OFF = 10_000;
/** Addresses this isolate refuses to check keys for, until the time given (ms). */
const backedOff = new Map<string, number>();

function backOff(client: string, until: number): void {
  if (backedOff.size >= MAX_BACKED_OFF) backedOff.delete(backedOff.keys().next().value as string);
  backedOff.set(client, until);
}

function tooManyFailures(): ProblemError {
  return new ProblemError("too-many-requests", "too many requests with invalid API keys from this address; wait before trying again", {}, {
    "retry-after": String(LIMIT_PERIOD_S),
  });
}

/**
 * Per-key and per-tenant request limits (Workers Rate Limiting, wrangler.toml KEY_LIMITER and
 * TENANT_LIMITER): 429 with Retry-After when either is spent. `keyId` names the credential (an API key
 * id, or `webhook:<source>` for a signed inbound webhook).
 *
 * @example
 * await withinRequestLimits(env, "acme", "3f2a9c01d4e5b6a7");
 */
export async function withinRequestLimits(env: Env, tenant: string, keyId: string): Promise<void> {
  const [key, all] = await Promise.all([env.KEY_LIMITER.limit({ key: `${tenant}:${keyId}` }), env.TENANT_LIMITER.limit({ key: tenant })]);
  if (key.success && all.success) return;
  const which = key.success ? "this tenant's" : "this API key's";
  throw new ProblemError("too-many-requests", `${which} request limit is spent; try again shortly`, { limit: key.success ? "tenant" : "key" }, {
    "retry-after": String(LIMIT_PERIOD_S),
  });
}
