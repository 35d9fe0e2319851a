import { describe, expect, it } from "vitest";
import { defaultPolicy } from "../policy/default-policy.ts";
import { compilePolicy } from "../policy/compile.ts";
import { createBundle } from "../policy/bundle.ts";
import { evaluate } from "../evaluate.ts";
import { emptyAgentState } from "../schemas/agent-state.ts";
import type { EvaluateRequest } from "../schemas/action.ts";
import { canonicalJson } from "../util/canonical-json.ts";
import { auditEventFromDecision, auditEventId, type DecisionRecord } from "./from-decision.ts";
import { requestHash } from "./leaf.ts";

const NOW = Date.UTC(2026, 4, 1, 12, 0, 0, 123);
const policy = compilePolicy(await createBundle("acme", 1, defaultPolicy()));

function decide(request: EvaluateRequest, decisionId: string) {
  return evaluate(request, policy, emptyAgentState(), NOW, { decisionId });
}

let counter = 0;
const freshId = () => `fresh-${++counter}`;

function build(record: Omit<DecisionRecord, "eventId">) {
  return auditEventFromDecision({ ...record, eventId: auditEventId(record.request, record.response, freshId) });
}

describe("audit event from a decision", () => {
  const request: EvaluateRequest = {
    agent_id: "mailer-1",
    action: "send the report to alice.smith@example.com, SSN 078-05-1120",
    action_type: "message",
  };

  // @req CTL-explanations
  it("uses the server-made decision id as event id and copies the decision fields", async () => {
    const response = decide(request, "7d9e6f1c-0000-4000-8000-000000000001");
    const event = await build({ tenant: "acme", request, response, time: NOW, latencyMs: 1.25, policyHash: "f".repeat(64), source: "edge-worker" });
    expect(event.event_id).toBe(response.decision_id);
    expect(event.decision_id).toBeUndefined();
    expect(event.decision).toBe(response.decision);
    expect(event.violations).toEqual(response.violations);
    expect(event.explanation).toEqual(response.explanation);
    expect(event.time).toBe("2026-05-01T12:00:00.123Z");
    expect(event.request_hash).toBe(await requestHash(request));
  });

  // @req CTL-audit-no-raw-pii
  it("never holds the raw request: PII in the action text is absent from the serialised event", async () => {
    const response = decide(request, "id-2");
    const event = await build({ tenant: "acme", request, response, time: NOW, latencyMs: 1, policyHash: "f".repeat(64), source: "edge-worker" });
    const text = canonicalJson(event);
    expect(response.violations.length).toBeGreaterThan(0);
    expect(text).not.toContain("alice.smith@example.com");
    expect(text).not.toContain("078-05-1120");
    expect(text).not.toContain("send the report");
  });

  it("gives a caller-chosen request_id its own event id, so a reused id cannot hide a second decision", async () => {
    const withId = { ...request, request_id: "client-42" };
    const a = await build({ tenant: "acme", request: withId, response: decide(withId, "client-42"), time: NOW, latencyMs: 1, policyHash: "f".repeat(64), source: "edge-worker" });
    const b = await build({ tenant: "acme", request: withId, response: decide(withId, "client-42"), time: NOW + 1, latencyMs: 1, policyHash: "f".repeat(64), source: "edge-worker" });
    expect(a.decision_id).toBe("client-42");
    expect(b.decision_id).toBe("client-42");
    expect(a.event_id).not.toBe(b.event_id);
  });

  it("hashes the request canonically: key order does not matter, content does", async () => {
    const reordered = { action_type: request.action_type, action: request.action, agent_id: request.agent_id };
    expect(await requestHash(reordered)).toBe(await requestHash(request));
    expect(await requestHash({ ...request, action: `${request.action}.` })).not.toBe(await requestHash(request));
  });
});
