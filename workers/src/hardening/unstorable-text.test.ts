/**
 * Red-team defect 2 (high), reproduced through the API: `agent_id: "nul\u0000agent"` was answered ALLOW
 * and then kept its batch out of Postgres for good; `"sur\ud800agent"` was stored as U+FFFD, so the row no
 * longer matched the signed event. Both are now refused with 400 problem+json naming the field, as are
 * such characters in a URL, and nothing is decided or recorded for them.
 */
import { describe, expect, it } from "vitest";
import { api, createTenant } from "../testing/api.ts";

async function post(key: string, path: string, body: string) {
  const res = await api(path, { method: "POST", key, body, headers: { "content-type": "application/json" } });
  return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as { type?: string; errors?: { path: string }[]; decision?: string } };
}

describe("text that cannot be stored is refused at the edge", () => {
  it.each([
    ["NUL in agent_id", '{"agent_id":"nul\\u0000agent","action":"read the weather","action_type":"query"}', "agent_id"],
    ["lone surrogate in agent_id", '{"agent_id":"sur\\ud800agent","action":"read the weather","action_type":"query"}', "agent_id"],
    ["NUL deep in tool arguments", '{"agent_id":"a","action":"x","action_type":"tool_call","tool":{"name":"t","arguments":{"q":["ok","\\u0000"]}}}', "tool.arguments.q.1"],
  ])("%s → 400 invalid-text naming the field, no decision", async (_name, body, path) => {
    const { keys } = await createTenant("hygiene");
    const res = await post(keys.agent, "/v2/evaluate", body);
    expect(res.status).toBe(400);
    expect(res.type).toBe("application/problem+json");
    expect(res.body.type).toBe("urn:nethical:problem:invalid-text");
    expect(res.body.errors?.[0]?.path).toBe(path);
    expect(JSON.stringify(res.body)).not.toMatch(/nul.agent|sur.agent/);
    expect(res.body.decision).toBeUndefined();
  });

  it("refuses a batch holding such an item, naming the item's field", async () => {
    const { keys } = await createTenant("hygiene-batch");
    const res = await post(keys.agent, "/v2/batch-evaluate", '{"requests":[{"agent_id":"a","action":"x","action_type":"query"},{"agent_id":"b\\u0000","action":"x","action_type":"query"}]}');
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.path).toBe("requests.1.agent_id");
  });

  it("refuses NUL and undecodable escapes in the URL", async () => {
    const { keys } = await createTenant("hygiene-url");
    for (const path of ["/v2/agents/a%00b", "/v2/agents/a%ED%A0%80b"]) {
      const res = await api(path, { key: keys.operator });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { type: string }).type).toBe("urn:nethical:problem:invalid-text");
    }
  });
});
