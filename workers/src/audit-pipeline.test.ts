/**
 * The audit pipeline inside workerd: every decision of /v2/evaluate and /v2/batch-evaluate — fail-safe
 * ones too — becomes an audit event on the Queue, the consumer appends it to the tenant's AuditLog, and
 * the API serves it with a proof; the event keeps the request's hash, never the request.
 */
import { describe, expect, it } from "vitest";
import { auditLeafHash, base64Decode, requestHash, verifyInclusion, type AuditEvent } from "@nethical/core";
import { waitForDecision } from "./audit/testing.ts";
import { action, api, createTenant, evaluate, killSwitchPolicy, setPolicy } from "./testing/api.ts";

describe("audit pipeline", () => {
  it("records an evaluate decision: event id in the response header, request kept only as its hash", async () => {
    const { keys } = await createTenant("pipe");
    const request = action("robot-1", { action: "email the file to carol@example.com", action_type: "message" });
    const { status, headers, body } = await evaluate(keys.agent, request);
    expect(status).toBe(200);
    const id = headers.get("x-nethical-audit-event-id");
    expect(id).toBe(body.decision_id);
    const recorded = await waitForDecision(keys.auditor, id!);
    expect(recorded).toMatchObject({ event_id: id, decision_id: id, agent_id: "robot-1", decision: body.decision, source: "edge-worker" });
    expect(recorded.request_hash).toBe(await requestHash(request));
    expect(JSON.stringify(recorded)).not.toContain("carol@example.com");
  });

  it("records every item of a batch, and the proof of each verifies", async () => {
    const { keys } = await createTenant("pipe-batch");
    const res = await api("/v2/batch-evaluate", { key: keys.operator, json: { requests: [action("a"), action("b"), { bad: true }, action("a")] } });
    const { results } = (await res.json()) as { results: { status: number; audit_event_id?: string }[] };
    const ids = results.filter((r) => r.status === 200).map((r) => r.audit_event_id!);
    expect(ids).toHaveLength(3);
    for (const id of ids) {
      await waitForDecision(keys.auditor, id);
      const proof = (await (await api(`/v2/audit/${id}`, { key: keys.auditor })).json()) as { event: AuditEvent; leaf_index: number; inclusion_proof: string[]; tree_head: { tree_size: number; root_hash: string } };
      const claim = { leafIndex: proof.leaf_index, treeSize: proof.tree_head.tree_size, leafHash: auditLeafHash(proof.event), proof: proof.inclusion_proof.map(base64Decode), rootHash: base64Decode(proof.tree_head.root_hash) };
      expect(verifyInclusion(claim)).toEqual({ ok: true });
    }
  });

  it("gives a caller-chosen request_id its own event id, so a reused id still records both decisions", async () => {
    const { keys } = await createTenant("pipe-rid");
    await setPolicy(keys.operator, killSwitchPolicy());
    const first = await evaluate(keys.agent, action("r", { request_id: "same-id" }));
    const second = await evaluate(keys.agent, action("r", { request_id: "same-id", context: { kill: true } }));
    const a = first.headers.get("x-nethical-audit-event-id")!;
    const b = second.headers.get("x-nethical-audit-event-id")!;
    expect(a).not.toBe(b);
    expect((await waitForDecision(keys.auditor, a)).decision).toBe("ALLOW");
    expect((await waitForDecision(keys.auditor, b)).decision).toBe("TERMINATE");
    expect((await waitForDecision(keys.auditor, b)).decision_id).toBe("same-id");
  });
});
