/**
 * Test helpers for the workerd tests: call the Worker through `exports.default.fetch` (the real
 * handler, real KV and Durable Objects), create a tenant and one key per role through the admin API
 * with the test bootstrap key, and evaluate.
 */
import { env, exports } from "cloudflare:workers";
import { defaultPolicy, type PolicyRule } from "@nethical/core";
import type { Role } from "../auth/principal.ts";

/** Origin used for test requests. */
export const ORIGIN = "https://nethical.test";

/** Options of {@link api}. */
export interface ApiInit {
  method?: string;
  /** Bearer key; omitted → no Authorization header. */
  key?: string;
  /** JSON body (serialised) … */
  json?: unknown;
  /** … or a raw body, sent as is. */
  body?: BodyInit;
  headers?: Record<string, string>;
}

/**
 * Call the Worker.
 *
 * @example
 * const res = await api("/v2/evaluate", { method: "POST", key, json: request });
 */
export function api(path: string, init: ApiInit = {}): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key !== undefined) headers.authorization = `Bearer ${init.key}`;
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers["content-type"] ??= "application/json";
  }
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, body: body ?? null }));
}

/** The platform bootstrap key the tests run with (set in vitest.config.ts). */
export function bootstrapKey(): string {
  const key = env.BOOTSTRAP_ADMIN_KEY;
  if (key === undefined) throw new Error("BOOTSTRAP_ADMIN_KEY is not set for the workers tests (vitest.config.ts)");
  return key;
}

/**
 * A tenant id no other test uses.
 *
 * @example
 * uniqueTenant("auth"); // "auth-3f2a9c01"
 */
export function uniqueTenant(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

/** A created tenant with one key (secret) and key id per role. */
export interface TestTenant {
  tenant: string;
  keys: Record<Role, string>;
  keyIds: Record<Role, string>;
}

/**
 * Create a tenant and issue one key per role, through the admin API.
 *
 * @example
 * const { tenant, keys } = await createTenant("batch");
 */
export async function createTenant(prefix: string): Promise<TestTenant> {
  const tenant = uniqueTenant(prefix);
  const created = await api("/v2/admin/tenants", { key: bootstrapKey(), json: { tenant } });
  if (created.status !== 201) throw new Error(`tenant not created: ${created.status} ${await created.text()}`);
  const keys = {} as Record<Role, string>;
  const keyIds = {} as Record<Role, string>;
  for (const role of ["agent", "operator", "auditor", "admin"] as const) {
    const issued = await issueKey(tenant, role, bootstrapKey());
    keys[role] = issued.secret;
    keyIds[role] = issued.key_id;
  }
  return { tenant, keys, keyIds };
}

/**
 * Issue a key for `tenant` with `role`, using `asKey` (bootstrap or a tenant admin key).
 *
 * @example
 * const { secret, key_id } = await issueKey(tenant, "agent", bootstrapKey());
 */
export async function issueKey(tenant: string, role: Role, asKey: string): Promise<{ secret: string; key_id: string }> {
  const res = await api(`/v2/admin/tenants/${tenant}/keys`, { key: asKey, json: { role } });
  if (res.status !== 201) throw new Error(`key not issued: ${res.status} ${await res.text()}`);
  return (await res.json()) as { secret: string; key_id: string };
}

/**
 * Set the tenant's policy document (JSON) with an operator or admin key.
 *
 * @example
 * await setPolicy(keys.operator, { version: 1, name: "p", default: { decision: "ALLOW" }, rules: [] });
 */
export async function setPolicy(key: string, policy: unknown): Promise<Response> {
  const res = await api("/v2/policies/active", { method: "PUT", key, json: policy });
  if (res.status !== 200) throw new Error(`policy not set: ${res.status} ${await res.text()}`);
  return res;
}

/**
 * The policy a new tenant gets, with `rules` added after its own.
 *
 * @example
 * await setPolicy(keys.operator, defaultPolicyWith([{ id: "r", when: { field: "action", op: "contains", value: "x" }, then: { decision: "BLOCK" } }]));
 */
export function defaultPolicyWith(rules: unknown[]): Record<string, unknown> {
  const base = defaultPolicy();
  return { ...base, rules: [...base.rules, ...(rules as PolicyRule[])] };
}

/** A minimal evaluate request for `agentId`. */
export function action(agentId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { agent_id: agentId, action: "read the weather forecast", action_type: "query", ...extra };
}

/** The JSON body of a decision response. */
export interface DecisionBody {
  decision: string;
  decision_id: string;
  policy_version: string;
  latency_ms: number;
  explanation: { summary: string; decided_by: { kind: string; id: string; decision: string; reason: string }[] };
  [k: string]: unknown;
}

/**
 * POST /v2/evaluate and return status, headers and body.
 *
 * @example
 * const { status, body } = await evaluate(keys.agent, action("a1"));
 */
export async function evaluate(key: string, request: unknown): Promise<{ status: number; headers: Headers; body: DecisionBody }> {
  const res = await api("/v2/evaluate", { key, json: request });
  return { status: res.status, headers: res.headers, body: (await res.json()) as DecisionBody };
}

/**
 * A test policy: ALLOW by default, TERMINATE when `context.kill` is true, BLOCK when
 * `context.block` is true; optional rate limit.
 *
 * @example
 * await setPolicy(keys.operator, killSwitchPolicy());
 */
export function killSwitchPolicy(rateLimit?: { capacity: number; refill_per_s: number }): Record<string, unknown> {
  return {
    version: 1,
    name: "test-kill-switch",
    default: { decision: "ALLOW" },
    ...(rateLimit !== undefined ? { limits: { rate_limit: rateLimit } } : {}),
    rules: [
      { id: "kill-switch", when: { field: "context.kill", op: "eq", value: true }, then: { decision: "TERMINATE", reason: "test kill switch" } },
      { id: "block-flag", when: { field: "context.block", op: "eq", value: true }, then: { decision: "BLOCK", reason: "test block flag" } },
    ],
  };
}
