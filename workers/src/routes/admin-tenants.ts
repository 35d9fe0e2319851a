/**
 * `POST /v2/admin/tenants` (platform bootstrap key only): create a tenant with `{"tenant": "acme",
 * "name": "Acme Robotics", "residency": "eu"}`; `GET /v2/admin/tenants/{tenant}`: the tenant view. The
 * residency (`eu`, `us`, `any`; default `any`) is fixed at creation: the tenant record in KV
 * (`t:<tenant>:meta`) is written first, then the tenant's PolicyStore — addressed through the residency seam
 * in the tenant's jurisdiction — starts it on `defaultPolicy()` as seq 1. Asking again with another residency
 * is 409: residency never changes (README "Data residency" says how to move a tenant).
 */
import { Hono } from "hono";
import { z } from "zod";
import { TENANT_ID_PATTERN } from "@nethical/durable-objects/storage-keys";
import type { CreateTenantResult, TenantInfo } from "@nethical/durable-objects";
import { policyStoreStub, residencyGaps } from "@nethical/durable-objects/residency/placement";
import { RESIDENCIES, DEFAULT_RESIDENCY, type Residency } from "@nethical/durable-objects/residency/residency";
import { putTenantRecord, readTenantRecord, tenantResidency } from "@nethical/durable-objects/residency/tenant-record";
import { durableObjectErrorOf } from "@nethical/durable-objects/errors";
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
    residency: z
      .enum(RESIDENCIES)
      .optional()
      .describe("Where the tenant's Durable Objects and audit rows live: `eu` (EU jurisdiction, EU database), `us` (US jurisdiction), `any` (default). Fixed at creation."),
  })
  .strict();

/** The tenant view (201 of the create, 200 of the read). */
export const TenantViewSchema = z
  .object({
    tenant: z.string(),
    name: z.string(),
    residency: z.enum(RESIDENCIES).describe("Fixed at creation; `any` for tenants created before residency existed."),
    created_at: z.string(),
  })
  .loose();

/** The routes' descriptions in the API document. */
export const adminTenantDocs = [
  describeRoute({
    method: "post",
    path: "/v2/admin/tenants",
    tag: "admin",
    summary: "Create a tenant",
    description:
      "Creates a tenant with its data residency (`eu`, `us` or `any`, default `any`); its PolicyStore starts it on the default policy as seq 1. " +
      "409 when it exists — also when it exists with another residency, which never changes. " +
      "In a deployed environment (any but development), 503 (`missing` names them) when it cannot keep that residency: `USE_JURISDICTIONS` not `true` (eu, us) or no `DATABASE_URL_EU` (eu).",
    roles: ["platform"],
    request: { body: { required: true, ...json(CreateTenantSchema, { tenant: "acme", name: "Acme Robotics", residency: "eu" }) } },
    responses: {
      201: {
        description: "The tenant",
        headers: { location: { description: "/v2/admin/tenants/{tenant}", schema: { type: "string" } } },
        ...json(TenantViewSchema),
      },
    },
    errors: [...JSON_BODY_ERRORS, "conflict", "unavailable"],
  }),
  describeRoute({
    method: "get",
    path: "/v2/admin/tenants/{tenant}",
    tag: "admin",
    summary: "Read a tenant",
    description: "The tenant view: id, name, residency and creation time, with the active policy bundle's meta. 404 when there is no such tenant.",
    roles: ["platform"],
    request: { params: z.object({ tenant: z.string() }) },
    responses: { 200: { description: "The tenant", ...json(TenantViewSchema) } },
    errors: ["not-found"],
  }),
];

/**
 * The tenant admin routes.
 *
 * @example
 * app.route("/", adminTenantRoutes());
 */
export function adminTenantRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post("/v2/admin/tenants", async (c) => {
    requirePlatform(c);
    const body = parseOrProblem(CreateTenantSchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the tenant");
    const { tenant } = body;
    const residency: Residency = body.residency ?? DEFAULT_RESIDENCY;
    const name = body.name ?? tenant;
    const gaps = residencyGaps(c.env, residency);
    if (gaps.length > 0) {
      console.error(JSON.stringify({ event: "residency_unavailable", residency, missing: gaps }));
      throw new ProblemError("unavailable", `this deployment cannot keep a tenant of residency '${residency}': ${gaps.join(" and ")} not set`, { missing: gaps });
    }
    const existing = await existingResidency(c.env, tenant);
    if (existing !== null && existing !== residency) {
      throw new ProblemError("conflict", `a tenant with that id already exists with residency '${existing}'; residency cannot change`);
    }
    // The record first: from here on every path addresses this tenant's objects in its jurisdiction.
    if (existing === null) await putTenantRecord(c.env.POLICY_KV, { tenant, name, residency, created_at: new Date().toISOString() });
    const result = await callDurableObject<CreateTenantResult>(
      policyStoreStub(c.env, { tenant, residency }).createTenant(tenant, name, Date.now(), residency),
      "PolicyStore",
      DO_TIMEOUT_MS,
      "the tenant could not be created now; try again",
    );
    if (!result.ok) throw new ProblemError("conflict", result.message);
    return c.json(result.tenant, 201, { "cache-control": "no-store", location: `/v2/admin/tenants/${tenant}` });
  });

  app.get("/v2/admin/tenants/:tenant", async (c) => {
    requirePlatform(c);
    const tenant = c.req.param("tenant");
    if (!TENANT_ID_PATTERN.test(tenant)) throw new ProblemError("not-found", "no tenant with that id");
    const residency = await callDurableObject(tenantResidency(c.env, tenant), "PolicyStore", DO_TIMEOUT_MS, "the tenant could not be read now; try again");
    const info = await callDurableObject<TenantInfo | null>(
      policyStoreStub(c.env, { tenant, residency }).describe(tenant),
      "PolicyStore",
      DO_TIMEOUT_MS,
      "the tenant could not be read now; try again",
    );
    if (info === null) throw new ProblemError("not-found", "no tenant with that id");
    return c.json(info, 200, { "cache-control": "no-store" });
  });
  return app;
}

/** The residency `tenant` already has (its record's, or `any` for a tenant from before residency), or null when it is new. */
async function existingResidency(env: Env, tenant: string): Promise<Residency | null> {
  try {
    return (await readTenantRecord(env.POLICY_KV, tenant))?.residency ?? (await tenantResidency(env, tenant));
  } catch (error) {
    if (durableObjectErrorOf(error)?.code === "unknown_tenant") return null;
    throw new ProblemError("unavailable", "the tenant could not be created now; try again");
  }
}
