/**
 * API key administration for one tenant (tenant admins for their own tenant, the platform key for any):
 * `POST /v2/admin/tenants/{tenant}/keys` `{"role": "agent", "label": "…"}` issues a key and shows its
 * secret exactly once; `GET …/keys` lists keys without secrets or hashes (auditors too);
 * `DELETE …/keys/{key_id}` revokes one.
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import { isTenantId } from "@nethical/durable-objects/storage-keys";
import { policyStoreStub } from "@nethical/durable-objects/policy-store/store-address";
import type { AppEnv } from "../app-env.ts";
import { issueApiKey } from "../auth/issue-key.ts";
import { requireOn } from "../auth/authorize.ts";
import { listApiKeys, revokeApiKey } from "../auth/key-store.ts";
import { ROLES } from "../auth/principal.ts";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { callDurableObject } from "../durable-object-call.ts";
import { BODY_LIMITS, readJsonBody, parseOrProblem, ProblemError } from "@nethical/http";
import { json } from "../openapi/components.ts";
import { callersWith, describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";
import { ApiKeyRecordSchema } from "../auth/key-store.ts";
import { keyIssueEvent, keyRevokeEvent } from "../audit/key-admin-events.ts";
import { adminActor, recordAdminEvent } from "../audit/record-admin-event.ts";

/** Device keys are issued by device enrolment (POST /v2/devices), bound to the device: not here. */
export const IssueKeySchema = z
  .object({
    role: z.enum(ROLES).exclude(["device"]),
    label: z.string().trim().min(1).max(100).optional(),
    /** Bind an agent key to these agent ids: it may then evaluate only for them. */
    agent_ids: z.array(z.string().min(1).max(256)).min(1).max(1000).optional(),
  })
  .strict()
  .refine((k) => k.agent_ids === undefined || k.role === "agent", { message: "agent_ids binds only keys of role agent", path: ["agent_ids"] });

const KeyMeta = ApiKeyRecordSchema.omit({ hash: true });
const TenantParams = z.object({ tenant: z.string() });

/** The routes' descriptions in the API document. */
export const adminKeyDocs = [
  describeRoute({
    method: "post",
    path: "/v2/admin/tenants/{tenant}/keys",
    tag: "admin",
    summary: "Issue an API key",
    description: "Issues a key of a role (not `device`: device keys come from device enrolment). The secret is in this answer only. `agent_ids` binds an agent key to those agents.",
    roles: callersWith("keys:write"),
    request: { params: TenantParams, body: { required: true, ...json(IssueKeySchema, { role: "agent", label: "robot fleet", agent_ids: ["robot-1"] }) } },
    responses: { 201: { description: "The key, with its secret (shown once)", ...json(KeyMeta.extend({ secret: z.string() })) } },
    errors: [...JSON_BODY_ERRORS, "not-found"],
  }),
  describeRoute({
    method: "get",
    path: "/v2/admin/tenants/{tenant}/keys",
    tag: "admin",
    summary: "List API keys",
    description: "The tenant's keys, without secrets or hashes.",
    roles: callersWith("keys:read"),
    request: { params: TenantParams },
    responses: { 200: { description: "The keys", ...json(z.object({ keys: z.array(KeyMeta) }).strict()) } },
    errors: ["not-found"],
  }),
  describeRoute({
    method: "delete",
    path: "/v2/admin/tenants/{tenant}/keys/{key_id}",
    tag: "admin",
    summary: "Revoke an API key",
    description: "Revokes the key (it stops authenticating within the KV propagation time).",
    roles: callersWith("keys:write"),
    request: { params: TenantParams.extend({ key_id: z.string() }) },
    responses: { 200: { description: "The revoked key", ...json(KeyMeta) } },
    errors: ["not-found"],
  }),
];

/**
 * The key admin routes.
 *
 * @example
 * app.route("/", adminKeyRoutes());
 */
export function adminKeyRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/v2/admin/tenants/:tenant/keys", async (c) => {
    const tenant = await existingTenant(c, "keys:write");
    const { role, label, agent_ids } = parseOrProblem(IssueKeySchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the key request");
    const { meta, secret } = await issueApiKey(c.env.POLICY_KV, tenant, role, {
      ...(label === undefined ? {} : { label }),
      ...(agent_ids === undefined ? {} : { agent_ids }),
    });
    await recordAdminEvent(c.env, keyIssueEvent(tenant, adminActor(c.get("principal")), meta));
    return c.json({ ...meta, secret }, 201, { "cache-control": "no-store" });
  });

  app.get("/v2/admin/tenants/:tenant/keys", async (c) => {
    const tenant = await existingTenant(c, "keys:read");
    return c.json({ keys: await listApiKeys(c.env.POLICY_KV, tenant) }, 200, { "cache-control": "no-store" });
  });

  app.delete("/v2/admin/tenants/:tenant/keys/:key_id", async (c) => {
    const tenant = await existingTenant(c, "keys:write");
    const keyId = c.req.param("key_id");
    const at = new Date().toISOString();
    const revoked = /^[0-9a-f]{16}$/.test(keyId) ? await revokeApiKey(c.env.POLICY_KV, tenant, keyId, at) : null;
    if (revoked === null) throw new ProblemError("not-found", "this tenant has no key with that id");
    const { hash: _hash, ...meta } = revoked;
    // revokeApiKey keeps an earlier revocation time: then the key was already revoked before this call.
    await recordAdminEvent(c.env, keyRevokeEvent(tenant, adminActor(c.get("principal")), meta, meta.revoked_at === at ? null : (meta.revoked_at ?? null)));
    return c.json(meta, 200, { "cache-control": "no-store" });
  });

  return app;
}

/** The path's tenant, after checking the caller may act on it and that it exists. */
async function existingTenant(c: Context<AppEnv>, permission: "keys:read" | "keys:write"): Promise<string> {
  const tenant = c.req.param("tenant") ?? "";
  requireOn(c, tenant, permission);
  if (!isTenantId(tenant)) throw new ProblemError("not-found", "no tenant with that id");
  const stub = policyStoreStub(c.env, tenant);
  const info = await callDurableObject(stub.describe(tenant), "PolicyStore", DO_TIMEOUT_MS, "the tenant could not be looked up now; try again");
  if (info === null) throw new ProblemError("not-found", "no tenant with that id");
  return tenant;
}
