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

/** Device keys are issued by device enrolment (POST /v2/devices), bound to the device: not here. */
const IssueKeySchema = z
  .object({
    role: z.enum(ROLES).exclude(["device"]),
    label: z.string().trim().min(1).max(100).optional(),
    /** Bind an agent key to these agent ids: it may then evaluate only for them. */
    agent_ids: z.array(z.string().min(1).max(256)).min(1).max(1000).optional(),
  })
  .strict()
  .refine((k) => k.agent_ids === undefined || k.role === "agent", { message: "agent_ids binds only keys of role agent", path: ["agent_ids"] });

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
    return c.json({ ...meta, secret }, 201, { "cache-control": "no-store" });
  });

  app.get("/v2/admin/tenants/:tenant/keys", async (c) => {
    const tenant = await existingTenant(c, "keys:read");
    return c.json({ keys: await listApiKeys(c.env.POLICY_KV, tenant) }, 200, { "cache-control": "no-store" });
  });

  app.delete("/v2/admin/tenants/:tenant/keys/:key_id", async (c) => {
    const tenant = await existingTenant(c, "keys:write");
    const keyId = c.req.param("key_id");
    const revoked = /^[0-9a-f]{16}$/.test(keyId) ? await revokeApiKey(c.env.POLICY_KV, tenant, keyId, new Date().toISOString()) : null;
    if (revoked === null) throw new ProblemError("not-found", "this tenant has no key with that id");
    const { hash: _hash, ...meta } = revoked;
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
