/**
 * The action_type rule (README, "The HTTP API"): the known types, or a custom lower-case identifier that a
 * tenant policy may match. Custom types are decided by the type-independent law-pack rules (dangerous
 * code is still blocked) but get none of the typed ones (outbound PII redaction is for message and
 * tool_call only); anything else is a 422 whose message names the known types.
 */
import { describe, expect, it } from "vitest";
import { ACTION_TYPES } from "@nethical/core";
import { api, createTenant, defaultPolicyWith, evaluate, setPolicy } from "../testing/api.ts";

describe("action_type", { timeout: 30_000 }, () => {
  it("refuses what is not a lower-case identifier, naming the known types", async () => {
    const { keys } = await createTenant("action-type");
    for (const action_type of ["Shell", "shell-cmd", "", "9lives"]) {
      const res = await api("/v2/evaluate", { key: keys.agent, json: { agent_id: "a", action: "ls", action_type } });
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const body = (await res.json()) as { errors: { path: string; message: string }[] };
      const error = body.errors.find((e) => e.path === "action_type");
      expect(error?.message).toBeDefined();
      if (action_type !== "") for (const known of ACTION_TYPES) expect(error?.message).toContain(known);
    }
  });

  it("accepts a custom type: type-independent laws still apply, typed ones do not, tenant rules match it", async () => {
    const { keys } = await createTenant("action-type");
    const shell = await evaluate(keys.agent, { agent_id: "a", action: "rm -rf / --no-preserve-root", action_type: "shell" });
    expect(shell.status).toBe(200);
    expect(shell.body.decision).toBe("BLOCK");

    const text = "Reply to jane.doe@example.com: your order has shipped";
    const message = await evaluate(keys.agent, { agent_id: "b", action: text, action_type: "message" });
    const sms = await evaluate(keys.agent, { agent_id: "b", action: text, action_type: "sms" });
    expect(message.body.obligations as unknown[]).toContainEqual(expect.objectContaining({ type: "redact" }));
    expect(sms.body.obligations as unknown[]).not.toContainEqual(expect.objectContaining({ type: "redact" }));

    const policy = defaultPolicyWith([{ id: "no-sms", priority: 1, when: { field: "action_type", op: "eq", value: "sms" }, then: { decision: "BLOCK", reason: "no SMS from agents" } }]);
    expect((await setPolicy(keys.operator, policy)).status).toBe(200);
    const blocked = await evaluate(keys.agent, { agent_id: "c", action: "hello", action_type: "sms" });
    expect(blocked.body.decision).toBe("BLOCK");
    expect(blocked.body.explanation.decided_by.map((d) => d.id)).toContain("no-sms");
  });
});
