/**
 * `POST /v2/admin/tenants` (platform bootstrap key only): create a tenant with `{"tenant": "acme",
 * "name": "Acme Robotics"}`. The tenant's PolicyStore starts it on `defaultPolicy()` as seq 1.
 */
import { Hono } from "hono";
import { z } from "zod";
import { TENANT_ID_PATTERN } from "@nethical/durable-objects/storage-keys";
import type { CreateTenantResult } from "@nethical/durable-objects";
import { policyStoreStub } from "@nethical/durable-objects/policy-store/store-address";
import type { AppEnv } from "../app-env.ts";
import { requirePlatform } from "../auth/authorize.ts";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { callDurableObject } from "../durable-object-call.ts";
import { BODY_LIMITS, readJsonBody, parseOrProblem, ProblemError } from "@nethical/http";
import { json } from "../openapi/components.ts";
import { describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";

/** Body of `POST /v2/admin/tenants`. */
export const CreateTenantSchema = z
  .object({
    tenant: z.string().regex(TENANT_ID_PATTERN, "tenant ids are 1–63 characters of a-z, 0-9 and inner hyphens"),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

/** The route's description in the API document. */
export const adminTenantDocs = [
  describeRoute({
    method: "post",
    path: "/v2/admin/tenants",
    tag: "admin",
    summary: "Create a tenant",
    description: "Creates a tenant; its PolicyStore starts it on the default policy as seq 1. 409 when it exists.",
    roles: ["platform"],
    request: { body: { required: true, ...json(CreateTenantSchema, { tenant: "acme", name: "Acme Robotics" }) } },
    responses: {
      201: {
        description: "The tenant",
        headers: { location: { description: "/v2/admin/tenants/{tenant}", schema: { type: "string" } } },
        ...json(z.object({ tenant: z.string(), name: z.string() }).loose()),
      },
    },
    errors: [...JSON_BODY_ERRORS, "conflict"],
  }),
];

/**
 * The tenant admin route.
 *
 * @example
 * app.route("/", adminTenantRoutes());
 */
export function adminTenantRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post("/v2/admin/tenants", async (c) => {
    requirePlatform(c);
    const { tenant, name } = parseOrProblem(CreateTenantSchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the tenant");
    const stub = policyStoreStub(c.env, tenant);
    const result = await callDurableObject<CreateTenantResult>(
      stub.createTenant(tenant, name ?? tenant, Date.now()),
      "PolicyStore",
      DO_TIMEOUT_MS,
      "the tenant could not be created now; try again",
    );
    if (!result.ok) throw new ProblemError("conflict", result.message);
    return c.json(result.tenant, 201, { "cache-control": "no-store", location: `/v2/admin/tenants/${tenant}` });
  });
  return app;
}
