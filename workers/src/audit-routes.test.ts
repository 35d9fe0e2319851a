/**
 * The audit and decision routes: who may call them (auditor, admin), tenant isolation (another tenant's
 * ids are simply not found), filters and keyset paging, the text view, and problem+json for every error.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { verifySegment, type AuditSegment } from "@nethical/core";
import { waitForDecision } from "./audit/testing.ts";
import { action, api, createTenant, evaluate, killSwitchPolicy, setPolicy, type TestTenant } from "./testing/api.ts";

let a: TestTenant;
let b: TestTenant;
const ids: string[] = [];

beforeAll(async () => {
  a = await createTenant("audit-a");
  b = await createTenant("audit-b");
  await setPolicy(a.keys.operator, killSwitchPolicy());
  const plan = [action("arm-1"), action("arm-2", { context: { block: true } }), action("arm-1"), action("arm-1", { context: { block: true } }), action("arm-2")];
  for (const request of plan) {
    const { headers } = await evaluate(a.keys.agent, request);
    ids.push(headers.get("x-nethical-audit-event-id")!);
  }
  for (const id of ids) await waitForDecision(a.keys.auditor, id);
}, 30_000);

async function problem(res: Response, status: number): Promise<Record<string, unknown>> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return (await res.json()) as Record<string, unknown>;
}

describe("audit routes: roles", () => {
  const routes = (id: string): [string, string, unknown?][] => [
    ["GET", `/v2/decisions/${id}`],
    ["GET", "/v2/decisions"],
    ["GET", `/v2/audit/${id}`],
    ["GET", "/v2/audit/tree-head"],
    ["GET", "/v2/audit/consistency?from=1"],
    ["GET", "/v2/audit/status"],
    ["POST", "/v2/audit/export", {}],
  ];

  it("auditor and admin may read; agent and operator may not (403 problem)", async () => {
    for (const [method, path, json] of routes(ids[0]!)) {
      for (const role of ["auditor", "admin"] as const) {
        const res = await api(path, { method, key: a.keys[role], ...(json !== undefined ? { json } : {}) });
        expect(res.status, `${role} ${method} ${path}`).toBe(200);
        await res.body?.cancel();
      }
      for (const role of ["agent", "operator"] as const) {
        await problem(await api(path, { method, key: a.keys[role], ...(json !== undefined ? { json } : {}) }), 403);
      }
      await problem(await api(path, { method, ...(json !== undefined ? { json } : {}) }), 401);
    }
  });

  it("tenant B sees none of tenant A's decisions or proofs", async () => {
    await problem(await api(`/v2/decisions/${ids[0]}`, { key: b.keys.auditor }), 404);
    await problem(await api(`/v2/audit/${ids[0]}`, { key: b.keys.admin }), 404);
    const list = (await (await api("/v2/decisions", { key: b.keys.auditor })).json()) as { decisions: unknown[] };
    expect(list.decisions).toEqual([]);
    const head = (await (await api("/v2/audit/tree-head", { key: b.keys.auditor })).json()) as { tree_head: { log_id: string; tree_size: number } };
    expect(head.tree_head).toMatchObject({ log_id: b.tenant });
  });
});

describe("GET /v2/decisions", () => {
  it("filters by agent and decision, oldest first", async () => {
    const res = await api("/v2/decisions?agent_id=arm-1&decision=BLOCK", { key: a.keys.auditor });
    expect(res.headers.get("x-nethical-audit-source")).toBe("audit-log");
    const { decisions } = (await res.json()) as { decisions: { event_id: string; agent_id: string; decision: string }[] };
    expect(decisions.map((d) => d.event_id)).toEqual([ids[3]]);
  });

  it("pages with next_cursor until every decision was seen once", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api(`/v2/decisions?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { key: a.keys.auditor });
      const page = (await res.json()) as { decisions: { event_id: string; time: string }[]; next_cursor: string | null };
      expect(page.decisions.length).toBeLessThanOrEqual(2);
      seen.push(...page.decisions.map((d) => d.event_id));
      cursor = page.next_cursor;
    } while (cursor !== null);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it("takes a time range", async () => {
    const future = await api(`/v2/decisions?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`, { key: a.keys.auditor });
    expect(((await future.json()) as { decisions: unknown[] }).decisions).toEqual([]);
    const past = await api(`/v2/decisions?from=0&to=${Date.now() + 1000}`, { key: a.keys.auditor });
    expect(((await past.json()) as { decisions: unknown[] }).decisions).toHaveLength(ids.length);
  });

  it.each([
    ["decision=DENY", "decision"],
    ["limit=0", "limit"],
    ["limit=501", "limit"],
    ["from=yesterday", "from"],
    ["cursor=bogus", "cursor"],
    ["colour=red", "(root)"],
  ])("refuses ?%s with a 422 problem naming %s", async (query, path) => {
    const body = await problem(await api(`/v2/decisions?${query}`, { key: a.keys.auditor }), 422);
    expect(JSON.stringify(body.errors)).toContain(path);
  });
});

describe("GET /v2/decisions/{id}", () => {
  it("answers JSON with the explanation, or text with Accept: text/plain", async () => {
    const json = (await (await api(`/v2/decisions/${ids[1]}`, { key: a.keys.auditor })).json()) as Record<string, unknown>;
    expect(json).toMatchObject({ event_id: ids[1], decision: "BLOCK", agent_id: "arm-2", leaf_index: expect.any(Number) });
    expect((json.explanation as { summary: string }).summary).toMatch(/BLOCK/);
    const text = await api(`/v2/decisions/${ids[1]}`, { key: a.keys.auditor, headers: { accept: "text/plain" } });
    expect(text.headers.get("content-type")).toMatch(/^text\/plain/);
    const body = await text.text();
    expect(body).toContain(`Decision ${ids[1]} — BLOCK`);
    expect(body).toContain("block-flag");
    expect(await (await api(`/v2/decisions/${ids[1]}?format=text`, { key: a.keys.auditor })).text()).toBe(body);
  });

  it("404 problem for an unknown id", async () => {
    await problem(await api("/v2/decisions/no-such-decision", { key: a.keys.auditor }), 404);
  });
});

describe("audit log routes", () => {
  // The log also holds the tenant's admin changes: its four keys issued and its policy set (admin-audit.test.ts).
  async function adminEventCount(): Promise<number> {
    const body = (await (await api("/v2/audit/admin-events?limit=500", { key: a.keys.auditor })).json()) as { admin_events: unknown[] };
    return body.admin_events.length;
  }

  it("status: tree size, outbox, no database in these tests, development key", async () => {
    const status = (await (await api("/v2/audit/status", { key: a.keys.auditor })).json()) as Record<string, unknown>;
    const size = ids.length + (await adminEventCount());
    expect(await adminEventCount()).toBe(5);
    expect(status).toMatchObject({ tree_size: size, pending_db: size, database: "none", signing_key: "development" });
  });

  it("consistency: 422 problem outside 1 ≤ from ≤ to ≤ size", async () => {
    await problem(await api("/v2/audit/consistency?from=0", { key: a.keys.auditor }), 422);
    await problem(await api("/v2/audit/consistency?from=2&to=999", { key: a.keys.auditor }), 422);
    await problem(await api("/v2/audit/consistency", { key: a.keys.auditor }), 422);
    const ok = (await (await api("/v2/audit/consistency?from=2&to=4", { key: a.keys.auditor })).json()) as { from_tree_head: { tree_size: number }; to_tree_head: { tree_size: number } };
    expect([ok.from_tree_head.tree_size, ok.to_tree_head.tree_size]).toEqual([2, 4]);
  });

  it("export: a segment that verifies offline; bad bodies are 4xx problems", async () => {
    const res = await api("/v2/audit/export", { key: a.keys.admin, json: { agent_id: "arm-1", since_tree_size: 2 } });
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="audit-/);
    const segment = (await res.json()) as AuditSegment;
    expect(segment.entries).toHaveLength(3);
    expect((await verifySegment(segment)).ok).toBe(true);
    const empty = await api("/v2/audit/export", { method: "POST", key: a.keys.admin });
    expect(((await empty.json()) as AuditSegment).entries).toHaveLength(ids.length + (await adminEventCount()));
    await problem(await api("/v2/audit/export", { key: a.keys.admin, json: { limit: 0 } }), 422);
    await problem(await api("/v2/audit/export", { key: a.keys.admin, json: { everything: true } }), 422);
    await problem(await api("/v2/audit/export", { key: a.keys.admin, body: "{", headers: { "content-type": "application/json" } }), 400);
  });
});
