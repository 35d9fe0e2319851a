/**
 * Data residency end to end in workerd (jurisdictions off locally, as always here): a tenant's residency is
 * set at creation, validated, shown and immutable; an eu tenant's routes all work, and every one of its
 * objects — AgentState, PolicyStore, AuditLog — is addressed by the seam with the `eu` jurisdiction it would
 * use in production (never without it); with jurisdictions switched on (and the namespace's jurisdiction
 * call injected, since workerd refuses the real one) the same routes narrow each namespace to `eu`; and the
 * audit queue consumer writes each tenant's rows to the database of its residency.
 */
import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { sampleAuditEvent } from "@nethical/core/audit/testing/sample-log.ts";
import { observePlacements, useJurisdictionCall, TENANT_OBJECTS, type PlacementEvent } from "@nethical/durable-objects/residency/placement";
import { readTenantRecord } from "@nethical/durable-objects/residency/tenant-record";
import { Hono } from "hono";
import { installErrorHandlers, requestContext } from "@nethical/http";
import type { AppEnv } from "./app-env.ts";
import { authenticate } from "./auth/authenticate.ts";
import { agentRoutes } from "./routes/agents.ts";
import { auditRoutes } from "./routes/audit.ts";
import { policyRoutes } from "./routes/policies.ts";
import { adminTenantRoutes } from "./routes/admin-tenants.ts";
import { action, api, bootstrapKey, evaluate, issueKey, ORIGIN, uniqueTenant } from "./testing/api.ts";
import { AUDIT_QUEUE_NAME, handleQueue } from "./queue/handle-queue.ts";

const undo: (() => void)[] = [];
afterEach(() => {
  while (undo.length > 0) undo.pop()?.();
});

function placements(): PlacementEvent[] {
  const events: PlacementEvent[] = [];
  undo.push(observePlacements((e) => events.push(e)));
  return events;
}

/** The Worker's middleware and the agent, policy and audit routes (as app.ts mounts them), on an env of our choosing. */
function routesApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: false });
  app.use("*", requestContext<AppEnv>());
  app.use("/v2/*", authenticate());
  app.route("/", agentRoutes());
  app.route("/", policyRoutes());
  app.route("/", auditRoutes());
  app.route("/", adminTenantRoutes());
  installErrorHandlers(app);
  return app;
}

async function createResident(prefix: string, residency?: string): Promise<{ tenant: string; res: Response }> {
  const tenant = uniqueTenant(prefix);
  const res = await api("/v2/admin/tenants", { key: bootstrapKey(), json: { tenant, ...(residency !== undefined ? { residency } : {}) } });
  return { tenant, res };
}

describe("tenant residency at creation", () => {
  it("is set, shown in the answer and the tenant view, and kept in the tenant record", async () => {
    const { tenant, res } = await createResident("res-view", "eu");
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ tenant, residency: "eu" });
    const view = await api(`/v2/admin/tenants/${tenant}`, { key: bootstrapKey() });
    expect(view.status).toBe(200);
    expect(await view.json()).toMatchObject({ tenant, residency: "eu" });
    expect(await readTenantRecord(env.POLICY_KV, tenant)).toMatchObject({ tenant, residency: "eu" });
  });

  it("defaults to any", async () => {
    const { tenant, res } = await createResident("res-default");
    expect(await res.json()).toMatchObject({ tenant, residency: "any" });
  });

  it("refuses anything but eu, us and any", async () => {
    for (const residency of ["EU", "fedramp", "", "de"]) {
      const { res } = await createResident("res-bad", residency);
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("never changes: creating again with another residency is 409 and the tenant keeps its own", async () => {
    const { tenant } = await createResident("res-fixed", "eu");
    const again = await api("/v2/admin/tenants", { key: bootstrapKey(), json: { tenant, residency: "us" } });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { detail: string }).detail).toContain("residency cannot change");
    const same = await api("/v2/admin/tenants", { key: bootstrapKey(), json: { tenant, residency: "eu" } });
    expect(same.status).toBe(409);
    expect(await (await api(`/v2/admin/tenants/${tenant}`, { key: bootstrapKey() })).json()).toMatchObject({ residency: "eu" });
  });

  it("only the platform key reads the tenant view; an unknown tenant is 404", async () => {
    const { tenant } = await createResident("res-auth", "us");
    const admin = await issueKey(tenant, "admin", bootstrapKey());
    expect((await api(`/v2/admin/tenants/${tenant}`, { key: admin.secret })).status).toBe(403);
    expect((await api(`/v2/admin/tenants/${uniqueTenant("nobody")}`, { key: bootstrapKey() })).status).toBe(404);
  });
});

describe("a deployed environment that cannot keep a residency", () => {
  async function create(environment: Record<string, string>, residency: string): Promise<Response> {
    const ctx = createExecutionContext();
    const res = await routesApp().request(
      `${ORIGIN}/v2/admin/tenants`,
      { method: "POST", headers: { authorization: `Bearer ${bootstrapKey()}`, "content-type": "application/json" }, body: JSON.stringify({ tenant: uniqueTenant("res-prod"), residency }) },
      { ...env, ...environment } as unknown as Env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    return res;
  }

  it("refuses to create the tenant (503 naming what is missing) instead of keeping it elsewhere", async () => {
    const eu = await create({ ENVIRONMENT: "production", USE_JURISDICTIONS: "false" }, "eu");
    expect(eu.status).toBe(503);
    expect(await eu.json()).toMatchObject({ missing: ["USE_JURISDICTIONS", "DATABASE_URL_EU"] });
    const us = await create({ ENVIRONMENT: "staging", USE_JURISDICTIONS: "false" }, "us");
    expect(us.status).toBe(503);
    expect(await us.json()).toMatchObject({ missing: ["USE_JURISDICTIONS"] });
  });

  it("creates an any tenant there (nothing to keep anywhere in particular)", async () => {
    expect((await create({ ENVIRONMENT: "production", USE_JURISDICTIONS: "false" }, "any")).status).toBe(201);
  });
});

describe("an eu tenant's routes with jurisdictions off (workerd)", { timeout: 30_000 }, () => {
  it("creation probes only the pre-residency location (default-namespace PolicyStore, read) before the record exists", async () => {
    const events = placements();
    const { tenant } = await createResident("res-probe", "eu");
    const mine = events.filter((e) => e.kind === "object" && e.tenant === tenant);
    expect(mine.map((e) => e.kind === "object" && [e.object, e.residency, e.jurisdiction])).toEqual([
      ["POLICY_STORE", "any", null], // is there a tenant of that id from before residency? (describe only)
      ["POLICY_STORE", "eu", "eu"], // createTenant, in the tenant's jurisdiction
    ]);
  });

  it("work, and every object they reach is addressed with the eu jurisdiction", async () => {
    const { tenant } = await createResident("res-eu", "eu");
    const events = placements();
    const operator = await issueKey(tenant, "operator", bootstrapKey());
    const auditor = await issueKey(tenant, "auditor", bootstrapKey());
    const agent = await issueKey(tenant, "agent", bootstrapKey());
    const decided = await evaluate(agent.secret, action("robot-eu"));
    expect(decided.status).toBe(200);
    expect((await api("/v2/agents/robot-eu", { key: operator.secret })).status).toBe(200);
    expect((await api("/v2/policies/active", { key: operator.secret })).status).toBe(200);
    expect((await api("/v2/audit/tree-head", { key: auditor.secret })).status).toBe(200);
    expect((await api("/v2/audit/status", { key: auditor.secret })).status).toBe(200);

    const mine = events.filter((e): e is Extract<PlacementEvent, { kind: "object" }> => e.kind === "object" && e.tenant === tenant);
    const reached = new Set(mine.map((e) => e.object));
    for (const object of ["AGENT_STATE", "POLICY_STORE", "AUDIT_LOG"] as const) expect(reached).toContain(object);
    // Not one address of this tenant's data outside its jurisdiction.
    expect(mine.filter((e) => e.jurisdiction !== "eu")).toEqual([]);
    expect(mine.every((e) => e.residency === "eu" && !e.applied)).toBe(true);
  });
});

describe("an eu tenant's routes with jurisdictions on (injected jurisdiction call)", { timeout: 30_000 }, () => {
  it("narrow AgentState, PolicyStore and AuditLog to jurisdiction('eu')", async () => {
    const { tenant } = await createResident("res-on", "eu");
    const operator = await issueKey(tenant, "operator", bootstrapKey());
    const auditor = await issueKey(tenant, "auditor", bootstrapKey());
    await evaluate((await issueKey(tenant, "agent", bootstrapKey())).secret, action("robot-on"));

    const names = new Map<unknown, string>(TENANT_OBJECTS.map((b) => [env[b], b]));
    const calls: string[] = [];
    undo.push(
      useJurisdictionCall((ns, jurisdiction) => {
        calls.push(`${names.get(ns) ?? "?"}:${jurisdiction}`);
        return ns; // workerd refuses the real call; the local namespace stands in for the EU one
      }),
    );
    const on = { ...env, USE_JURISDICTIONS: "true" } as unknown as Env;
    const app = routesApp();
    for (const [path, key] of [
      ["/v2/agents/robot-on", operator.secret],
      ["/v2/policies/active", operator.secret],
      ["/v2/audit/tree-head", auditor.secret],
    ] as const) {
      const ctx = createExecutionContext();
      const res = await app.request(`${ORIGIN}${path}`, { headers: { authorization: `Bearer ${key}` } }, on, ctx);
      await waitOnExecutionContext(ctx);
      expect(res.status).toBe(200);
    }
    expect(new Set(calls)).toEqual(new Set(["AGENT_STATE:eu", "POLICY_STORE:eu", "AUDIT_LOG:eu"]));
  });
});

describe("audit rows go to the database of the tenant's residency", { timeout: 30_000 }, () => {
  /** Run one audit batch of two events of each tenant with `environment`; the acks and retries by tenant. */
  async function consume(environment: Env, tenants: string[]) {
    const bodies = tenants.flatMap((tenant) => [0, 1].map((i) => sampleAuditEvent(i, { tenant })));
    const batch = createMessageBatch(AUDIT_QUEUE_NAME, bodies.map((body, i) => ({ id: `m${i}`, timestamp: Date.now(), attempts: 1, body })));
    const ctx = createExecutionContext();
    await handleQueue(batch, environment);
    const result = await getQueueResult(batch, ctx);
    const tenantOf = (id: string) => tenants[Math.floor(Number(id.slice(1)) / 2)];
    return {
      acked: new Set(result.explicitAcks.map(tenantOf)),
      retried: new Set(result.retryMessages.map((m) => tenantOf(m.msgId))),
    };
  }
  // Nothing listens on port 9: a tenant whose rows go to a configured database is retried, one whose
  // residency's database is not configured is acknowledged (its AuditLog keeps the trail).
  const dead = "postgresql://nethical_app:x@127.0.0.1:5432/nethical";

  it("an eu tenant's rows never go to DATABASE_URL", async () => {
    const eu = (await createResident("res-db-eu", "eu")).tenant;
    const us = (await createResident("res-db-us", "us")).tenant;
    const events = placements();
    const { acked, retried } = await consume({ ...env, DATABASE_URL: dead, NEON_WS_PROXY_PORT: "9" } as Env, [eu, us]);
    expect([...acked]).toEqual([eu]);
    expect([...retried]).toEqual([us]);
    const chosen = events.filter((e) => e.kind === "database").map((e) => e.kind === "database" && [e.tenant, e.database, e.configured]);
    expect(chosen).toContainEqual([eu, "DATABASE_URL_EU", false]);
    expect(chosen).toContainEqual([us, "DATABASE_URL", true]);
  });

  it("an eu tenant's rows go to DATABASE_URL_EU, the others' not", async () => {
    const eu = (await createResident("res-db-eu2", "eu")).tenant;
    const any = (await createResident("res-db-any", "any")).tenant;
    const { acked, retried } = await consume({ ...env, DATABASE_URL_EU: dead, NEON_WS_PROXY_PORT: "9" } as Env, [eu, any]);
    expect([...retried]).toEqual([eu]);
    expect([...acked]).toEqual([any]);
  });
});
