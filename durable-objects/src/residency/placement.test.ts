/**
 * The residency seam's choices, in workerd with the real namespaces: for each residency, which jurisdiction
 * every tenant object (AgentState, PolicyStore, AuditLog, WebhookOutbox, WebhookInbox, StreamHub) is addressed
 * in and which database holds the audit rows. workerd refuses `namespace.jurisdiction()` locally, so the
 * jurisdiction call is injected: it records the namespace and jurisdiction and hands back the local
 * namespace, and the objects behind the stubs are real and answer.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { durableObjectErrorOf } from "../errors.ts";
import {
  agentStateStub,
  auditDatabaseFor,
  auditLogStub,
  jurisdictionFor,
  metricsStoreStub,
  observePlacements,
  oversightStub,
  platformObjectStub,
  residencyGaps,
  policyStoreStub,
  streamHubStub,
  TENANT_OBJECTS,
  useJurisdictionCall,
  webhookInboxStub,
  webhookOutboxStub,
  witnessStub,
  type Jurisdiction,
  type PlacementEvent,
  type TenantObject,
} from "./placement.ts";
import { RESIDENCIES, type Residency } from "./residency.ts";

const undo: (() => void)[] = [];
afterEach(() => {
  while (undo.length > 0) undo.pop()?.();
});

/** Record every jurisdiction call (binding name and jurisdiction) and every placement event. */
function recordCalls() {
  const calls: { binding: string; jurisdiction: Jurisdiction }[] = [];
  const names = new Map<unknown, string>(TENANT_OBJECTS.map((b) => [env[b], b]));
  undo.push(
    useJurisdictionCall((ns, jurisdiction) => {
      calls.push({ binding: names.get(ns) ?? "unknown", jurisdiction });
      return ns;
    }),
  );
  const events: PlacementEvent[] = [];
  undo.push(observePlacements((e) => events.push(e)));
  return { calls, events };
}

const tenantId = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

/** Address all six objects of `tenant` and make one real call on each. */
async function touchAll(environment: typeof env, tenant: string, residency: Residency): Promise<void> {
  const ref = { tenant, residency };
  const created = await policyStoreStub(environment, ref).createTenant(tenant, tenant, Date.now(), residency);
  expect(created.ok).toBe(true);
  expect(await agentStateStub(environment, ref, "robot-1").snapshot(tenant, "robot-1", Date.now())).toBeNull();
  expect((await auditLogStub(environment, ref).stats(tenant)).tree_size).toBe(0);
  expect(await webhookOutboxStub(environment, ref).listSubscriptions(tenant, Date.now())).toEqual([]);
  expect(await webhookInboxStub(environment, ref).listSecrets(tenant, "openai", Date.now())).toEqual([]);
  expect(await streamHubStub(environment, ref).streams(tenant)).toEqual([]);
  expect((await metricsStoreStub(environment, ref).snapshot(tenant)).counters).toEqual([]);
  expect(await oversightStub(environment, ref).getApproval(tenant, "none", Date.now())).toBeNull();
  expect(await witnessStub(environment, ref).lastCosigned(tenant)).toBeNull();
}

const ALL_EIGHT: TenantObject[] = ["POLICY_STORE", "AGENT_STATE", "AUDIT_LOG", "WEBHOOK_OUTBOX", "WEBHOOK_INBOX", "STREAM_HUB", "METRICS", "OVERSIGHT", "WITNESS"];

describe("jurisdictionFor", () => {
  it("eu and us tenants' objects all go to their jurisdiction; any tenants' to the default namespace", () => {
    for (const object of TENANT_OBJECTS) {
      expect(jurisdictionFor("eu", object, "us-east")).toBe("eu");
      expect(jurisdictionFor("us", object, "eu-west")).toBe("us");
      expect(jurisdictionFor("any", object, "us-east")).toBeNull();
    }
  });

  it("keeps the eu jurisdiction of an `any` tenant's PolicyStore in an eu region (stores created before residency)", () => {
    expect(jurisdictionFor("any", "POLICY_STORE", "eu-west")).toBe("eu");
    expect(jurisdictionFor("any", "AUDIT_LOG", "eu-west")).toBeNull();
  });
});

describe("the seam with jurisdictions on (injected jurisdiction call)", { timeout: 30_000 }, () => {
  const on = { ...env, USE_JURISDICTIONS: "true" } as unknown as typeof env;

  it("addresses every object of an eu tenant through jurisdiction('eu'), and they answer", async () => {
    const { calls } = recordCalls();
    await touchAll(on, tenantId("res-eu"), "eu");
    expect(calls).toEqual(ALL_EIGHT.map((binding) => ({ binding, jurisdiction: "eu" })));
  });

  it("addresses every object of a us tenant through jurisdiction('us')", async () => {
    const { calls } = recordCalls();
    await touchAll(on, tenantId("res-us"), "us");
    expect(calls.map((c) => c.jurisdiction)).toEqual(ALL_EIGHT.map(() => "us"));
    expect(new Set(calls.map((c) => c.binding))).toEqual(new Set(TENANT_OBJECTS));
  });

  it("never narrows the namespace of an `any` tenant (this deployment's region is not an eu one)", async () => {
    const { calls, events } = recordCalls();
    await touchAll(on, tenantId("res-any"), "any");
    expect(calls).toEqual([]);
    expect(events.filter((e) => e.kind === "object").map((e) => e.kind === "object" && e.jurisdiction)).toEqual(ALL_EIGHT.map(() => null));
  });

  it("the PolicyStore remembers the residency it was created with", async () => {
    recordCalls();
    const tenant = tenantId("res-info");
    await touchAll(on, tenant, "eu");
    expect((await policyStoreStub(on, { tenant, residency: "eu" }).describe(tenant))?.residency).toBe("eu");
  });
});

describe("the seam with jurisdictions off (workerd, local development)", { timeout: 30_000 }, () => {
  it("uses the default namespace and reports the jurisdiction it would use", async () => {
    const { calls, events } = recordCalls();
    const tenant = tenantId("res-off");
    await touchAll(env, tenant, "eu");
    expect(calls).toEqual([]);
    const objects = events.filter((e): e is Extract<PlacementEvent, { kind: "object" }> => e.kind === "object" && e.tenant === tenant);
    expect(objects.map((e) => [e.object, e.jurisdiction, e.applied])).toEqual(ALL_EIGHT.map((o) => [o, "eu", false]));
  });

  it("refuses a resident tenant in a deployed environment (production, staging, unset) rather than serve it from the default namespace", () => {
    for (const ENVIRONMENT of ["production", "staging", undefined]) {
      for (const residency of ["eu", "us"] as const) {
        let error: unknown;
        try {
          auditLogStub({ ...env, ENVIRONMENT }, { tenant: "acme", residency });
        } catch (e) {
          error = e;
        }
        expect(durableObjectErrorOf(error)?.code).toBe("misconfigured");
      }
      expect(() => auditLogStub({ ...env, ENVIRONMENT }, { tenant: "acme", residency: "any" })).not.toThrow();
    }
  });
});

describe("platform objects", () => {
  it("the metrics registry (tenant ids only) stays in the default namespace, whatever the config", async () => {
    const { calls, events } = recordCalls();
    const on = { ...env, USE_JURISDICTIONS: "true", ENVIRONMENT: "production" } as unknown as typeof env;
    expect(Array.isArray(await platformObjectStub(on, "platform:metrics-registry").tenants())).toBe(true);
    expect(calls).toEqual([]);
    expect(events).toEqual([]);
  });
});

describe("auditDatabaseFor", () => {
  const urls = { DATABASE_URL: "postgresql://default.invalid/nethical", DATABASE_URL_EU: "postgresql://eu.invalid/nethical" };

  it("eu tenants' rows go to DATABASE_URL_EU, us and any tenants' to DATABASE_URL", () => {
    const { events } = recordCalls();
    expect(auditDatabaseFor(urls, { tenant: "e", residency: "eu" }).DATABASE_URL).toBe(urls.DATABASE_URL_EU);
    expect(auditDatabaseFor(urls, { tenant: "u", residency: "us" }).DATABASE_URL).toBe(urls.DATABASE_URL);
    expect(auditDatabaseFor(urls, { tenant: "a", residency: "any" }).DATABASE_URL).toBe(urls.DATABASE_URL);
    expect(events.map((e) => e.kind === "database" && [e.residency, e.database, e.configured])).toEqual([
      ["eu", "DATABASE_URL_EU", true],
      ["us", "DATABASE_URL", true],
      ["any", "DATABASE_URL", true],
    ]);
  });

  it("an eu tenant without DATABASE_URL_EU gets no database (never the default one); refused in production", () => {
    expect(auditDatabaseFor({ DATABASE_URL: urls.DATABASE_URL, ENVIRONMENT: "development" }, { tenant: "e", residency: "eu" })).toEqual({});
    let error: unknown;
    try {
      auditDatabaseFor({ DATABASE_URL: urls.DATABASE_URL, ENVIRONMENT: "production" }, { tenant: "e", residency: "eu" });
    } catch (e) {
      error = e;
    }
    expect(durableObjectErrorOf(error)?.code).toBe("misconfigured");
    expect(auditDatabaseFor({ ...urls, ENVIRONMENT: "production" }, { tenant: "e", residency: "eu" }).DATABASE_URL).toBe(urls.DATABASE_URL_EU);
  });

  it("keeps the local proxy port whichever database is chosen", () => {
    for (const residency of RESIDENCIES) {
      expect(auditDatabaseFor({ ...urls, NEON_WS_PROXY_PORT: "5433" }, { tenant: "t", residency }).NEON_WS_PROXY_PORT).toBe("5433");
    }
  });
});

describe("residencyGaps", () => {
  it("names what a deployed environment lacks for eu and us tenants; nothing in development or for any", () => {
    const full = { USE_JURISDICTIONS: "true", DATABASE_URL_EU: "postgresql://eu.invalid/n" };
    for (const ENVIRONMENT of ["production", "staging"]) {
      expect(residencyGaps({ ENVIRONMENT }, "eu")).toEqual(["USE_JURISDICTIONS", "DATABASE_URL_EU"]);
      expect(residencyGaps({ ENVIRONMENT }, "us")).toEqual(["USE_JURISDICTIONS"]);
      expect(residencyGaps({ ENVIRONMENT, USE_JURISDICTIONS: "true" }, "eu")).toEqual(["DATABASE_URL_EU"]);
      expect(residencyGaps({ ENVIRONMENT, ...full }, "eu")).toEqual([]);
      expect(residencyGaps({ ENVIRONMENT }, "any")).toEqual([]);
    }
    expect(residencyGaps({ ENVIRONMENT: "development" }, "eu")).toEqual([]);
  });
});
