/**
 * The API contract, in workerd through the real Worker: every method and path the app serves is described
 * in `GET /v2/openapi.json` (and every description is served), and real answers — 200s and problem+json
 * errors — match the zod schema the document names for their status and media type (the same schema
 * objects the document was generated from). The document's examples match their schemas too.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { RouteConfig } from "@hono/zod-openapi";
import type { z } from "zod";
import { createApp } from "../app.ts";
import { waitForDecision } from "../audit/testing.ts";
import { action, api, bootstrapKey, createTenant, evaluate, type TestTenant } from "../testing/api.ts";
import { routeDocs } from "./route-docs.ts";

/** `METHOD /path/{param}` for every route the app serves (middleware, `ALL`, excluded). */
function servedRoutes(): string[] {
  const routes = createApp().routes.filter((r) => r.method !== "ALL");
  return [...new Set(routes.map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "{$1}")}`))].sort();
}

function describedRoutes(doc: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

/** The route config describing `method path` (OpenAPI path). */
function routeDoc(method: string, path: string): RouteConfig {
  const found = routeDocs().find((r) => r.method === method.toLowerCase() && r.path === path);
  if (found === undefined) throw new Error(`no description for ${method} ${path}`);
  return found;
}

/** The zod schema the document names for this route, status and media type. */
function schemaFor(method: string, path: string, status: number, mediaType: string): z.ZodType {
  const response = routeDoc(method, path).responses[status] as { content?: Record<string, { schema: z.ZodType }> } | undefined;
  const schema = response?.content?.[mediaType]?.schema;
  if (schema === undefined) throw new Error(`${method} ${path} documents no ${status} ${mediaType}`);
  return schema;
}

/** Check a real response against the document: status documented, media type and body match. */
async function conforms(method: string, path: string, res: Response): Promise<unknown> {
  const mediaType = (res.headers.get("content-type") ?? "").split(";")[0]!.trim();
  const body: unknown = await res.json();
  const schema = schemaFor(method, path, res.status, mediaType);
  const parsed = schema.safeParse(body);
  expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`), `${method} ${path} → ${res.status} ${mediaType}`).toEqual([]);
  return body;
}

describe("every route is described", () => {
  it("each method and path the app serves is in /v2/openapi.json, and each described one is served", async () => {
    const res = await api("/v2/openapi.json", { key: bootstrapKey() });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.1.0");
    const served = servedRoutes();
    const described = describedRoutes(doc);
    expect(served.filter((r) => !described.includes(r)), "routes the app serves but /v2/openapi.json does not describe").toEqual([]);
    expect(described.filter((r) => !served.includes(r)), "routes described but not served").toEqual([]);
    expect(served).toContain("GET /v2/sync");
    expect(served).toContain("GET /health");
  });

  it("each operation names its roles, problem+json errors and (unless public) bearer security", async () => {
    const doc = (await (await api("/v2/openapi.json", { key: bootstrapKey() })).json()) as {
      paths: Record<string, Record<string, { "x-nethical-roles": string[]; security: unknown[]; responses: Record<string, { content?: Record<string, unknown> }> }>>;
      components: { securitySchemes: Record<string, { scheme: string }> };
    };
    expect(doc.components.securitySchemes.bearerAuth?.scheme).toBe("bearer");
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        const streamSocket = path.startsWith("/v2/streams/") && path !== "/v2/streams/token";
        const open = path === "/health" || path === "/v2/sync" || path === "/v2/webhooks/{source}" || streamSocket;
        expect(op["x-nethical-roles"].length > 0, where).toBe(!open);
        expect(op.security.length > 0, where).toBe(!open);
        const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
        expect(errors.length, where).toBeGreaterThan(0);
        for (const [status, response] of errors) expect(Object.keys(response.content ?? {}), `${where} ${status}`).toEqual(["application/problem+json"]);
      }
    }
  });

  it("the examples match their schemas", () => {
    for (const route of routeDocs()) {
      const bodies = [
        ...Object.values((route.request?.body?.content ?? {}) as Record<string, { schema: z.ZodType; example?: unknown; examples?: Record<string, { value: unknown }> }>),
        ...Object.values(route.responses).flatMap((r) => Object.values(((r as { content?: unknown }).content ?? {}) as Record<string, { schema: z.ZodType; example?: unknown; examples?: Record<string, { value: unknown }> }>)),
      ];
      for (const media of bodies) {
        const examples = [...(media.example !== undefined ? [media.example] : []), ...Object.values(media.examples ?? {}).map((e) => e.value)];
        for (const example of examples) expect(media.schema.safeParse(example).success, `${route.method} ${route.path} example`).toBe(true);
      }
    }
  });
});

describe("real answers match the document", { timeout: 30_000 }, () => {
  let t: TestTenant;
  let eventId: string;

  beforeAll(async () => {
    t = await createTenant("contract");
    const { headers } = await evaluate(t.keys.agent, action("contract-agent"));
    eventId = headers.get("x-nethical-audit-event-id") ?? "";
    await waitForDecision(t.keys.auditor, eventId);
  });

  it("200s: evaluate, batch, whoami, agents, policies, decisions, audit tree head and proof, fleet, keys, openapi", async () => {
    const evaluated = (await conforms("POST", "/v2/evaluate", await api("/v2/evaluate", { key: t.keys.agent, json: { agent_id: "contract-agent", action: "rm -rf / --no-preserve-root", action_type: "code_execution" } }))) as { decision: string };
    expect(evaluated.decision).toBe("BLOCK");
    const batch = (await conforms(
      "POST",
      "/v2/batch-evaluate",
      await api("/v2/batch-evaluate", { key: t.keys.agent, json: { requests: [action("contract-agent"), { agent_id: "contract-agent", action: "hi", action_type: "Shell" }] } }),
    )) as { results: { status: number }[] };
    expect(batch.results.map((r) => r.status)).toEqual([200, 422]);
    for (const key of [t.keys.agent, t.keys.auditor, bootstrapKey()]) await conforms("GET", "/v2/whoami", await api("/v2/whoami", { key }));
    await conforms("GET", "/v2/agents/{agent_id}", await api("/v2/agents/contract-agent", { key: t.keys.operator }));
    await conforms("GET", "/v2/policies", await api("/v2/policies", { key: t.keys.auditor }));
    await conforms("GET", "/v2/policies/active", await api("/v2/policies/active?include=policy", { key: t.keys.auditor }));
    await conforms("GET", "/v2/policies/keys", await api("/v2/policies/keys", { key: t.keys.auditor }));
    await conforms("GET", "/v2/decisions", await api("/v2/decisions?limit=5", { key: t.keys.auditor }));
    await conforms("GET", "/v2/decisions/{id}", await api(`/v2/decisions/${eventId}`, { key: t.keys.auditor }));
    await conforms("GET", "/v2/audit/tree-head", await api("/v2/audit/tree-head", { key: t.keys.auditor }));
    await conforms("GET", "/v2/audit/status", await api("/v2/audit/status", { key: t.keys.auditor }));
    await conforms("GET", "/v2/audit/{id}", await api(`/v2/audit/${eventId}`, { key: t.keys.auditor }));
    await conforms("GET", "/v2/audit/consistency", await api("/v2/audit/consistency?from=1", { key: t.keys.auditor }));
    await conforms("GET", "/v2/fleet", await api("/v2/fleet", { key: t.keys.operator }));
    await conforms("GET", "/v2/admin/tenants/{tenant}/keys", await api(`/v2/admin/tenants/${t.tenant}/keys`, { key: t.keys.admin }));
    await conforms("GET", "/health", await api("/health"));
    await conforms("GET", "/v2/openapi.json", await api("/v2/openapi.json", { key: t.keys.auditor }));
  });

  it("4xx problems: 401, 403, 404, 400, 413, 415, 422", async () => {
    await conforms("POST", "/v2/evaluate", await api("/v2/evaluate", { json: action("a") }));
    await conforms("GET", "/v2/audit/tree-head", await api("/v2/audit/tree-head", { key: t.keys.agent }));
    await conforms("GET", "/v2/agents/{agent_id}", await api("/v2/agents/never-seen", { key: t.keys.operator }));
    await conforms("POST", "/v2/evaluate", await api("/v2/evaluate", { key: t.keys.agent, body: "{not json", headers: { "content-type": "application/json" } }));
    await conforms("POST", "/v2/evaluate", await api("/v2/evaluate", { key: t.keys.agent, body: "x".repeat(300 * 1024), headers: { "content-type": "application/json" } }));
    await conforms("POST", "/v2/evaluate", await api("/v2/evaluate", { key: t.keys.agent, body: "{}", headers: { "content-type": "text/plain" } }));
    const invalid = (await conforms("POST", "/v2/evaluate", await api("/v2/evaluate", { key: t.keys.agent, json: { agent_id: "a", action: "x", action_type: "Shell", extra: 1 } }))) as {
      errors: { path: string; message: string }[];
    };
    expect(invalid.errors.map((e) => e.path).sort()).toEqual(["(root)", "action_type"]);
    await conforms("POST", "/v2/admin/tenants", await api("/v2/admin/tenants", { key: bootstrapKey(), json: { tenant: t.tenant } }));
    await conforms("GET", "/v2/decisions", await api("/v2/decisions?limit=0", { key: t.keys.auditor }));
  });
});
