/**
 * Batch evaluate: results come back in request order, each item is answered or gets its own problem
 * object, and items for one agent are decided in their order (so a TERMINATE mid-batch holds for the
 * agent's later items).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { action, api, createTenant, killSwitchPolicy, setPolicy, type TestTenant } from "./testing/api.ts";

interface BatchResult {
  index: number;
  status: number;
  agent_seq?: number;
  response?: { decision: string; policy_version: string; latency_ms: number };
  problem?: { type: string; status: number; detail: string; errors: { path: string }[] };
}

let t: TestTenant;
beforeAll(async () => {
  t = await createTenant("batch");
  await setPolicy(t.keys.operator, killSwitchPolicy());
});

async function batch(requests: unknown[]): Promise<{ status: number; results: BatchResult[] }> {
  const res = await api("/v2/batch-evaluate", { key: t.keys.agent, json: { requests } });
  return { status: res.status, results: ((await res.json()) as { results: BatchResult[] }).results };
}

describe("batch evaluate", () => {
  it("keeps request order across agents", async () => {
    const plan = ["x", "y", "z", "x", "y", "z", "x", "y", "z", "x"].map((agent, i) => ({ agent, block: i % 3 === 1 }));
    const { status, results } = await batch(plan.map((p) => action(`order-${p.agent}`, { context: { block: p.block } })));
    expect(status).toBe(200);
    expect(results.map((r) => r.index)).toEqual(plan.map((_, i) => i));
    expect(results.map((r) => r.response?.decision)).toEqual(plan.map((p) => (p.block ? "BLOCK" : "ALLOW")));
    for (const agent of ["x", "y", "z"]) {
      const seqs = results.filter((_, i) => plan[i]?.agent === agent).map((r) => r.agent_seq);
      expect(seqs).toEqual(seqs.map((_, k) => k + 1));
    }
  });

  it("gives each invalid item its own problem and still answers the valid ones", async () => {
    const { status, results } = await batch([action("mixed-1"), { agent_id: 7 }, action("mixed-1", { extra: true }), action("mixed-2")]);
    expect(status).toBe(200);
    expect(results.map((r) => r.status)).toEqual([200, 422, 422, 200]);
    expect(results[1]?.problem?.type).toBe("urn:nethical:problem:validation-failed");
    expect(results[1]?.problem?.errors.map((e) => e.path)).toContain("requests.1.agent_id");
    expect(results[2]?.problem?.detail).toBe("requests.2 does not match the schema (first at requests.2)");
    expect(results[0]?.response?.decision).toBe("ALLOW");
    expect(results[3]?.response?.decision).toBe("ALLOW");
  });

  it("a TERMINATE mid-batch holds for the agent's later items, not for other agents", async () => {
    const items = [
      action("mid-a"),
      action("mid-a", { context: { kill: true } }),
      action("mid-b"),
      action("mid-a"),
      action("mid-b"),
      action("mid-a"),
    ];
    const { results } = await batch(items);
    expect(results.map((r) => r.response?.decision)).toEqual(["ALLOW", "TERMINATE", "ALLOW", "TERMINATE", "ALLOW", "TERMINATE"]);
    expect(results.map((r) => r.agent_seq)).toEqual([1, 2, 1, 3, 2, 4]);
  });

  it("answers all 100 items of a full batch", async () => {
    const { results } = await batch(Array.from({ length: 100 }, (_, i) => action(`full-${i % 7}`)));
    expect(results).toHaveLength(100);
    expect(results.every((r, i) => r.index === i && r.status === 200 && r.response?.decision === "ALLOW")).toBe(true);
  });
});
