import { describe, expect, it } from "vitest";
import { overrideDecision, type OverrideSource } from "./override-decision.ts";
import type { EvaluateResponse } from "./schemas/response.ts";

function response(decision: EvaluateResponse["decision"]): EvaluateResponse {
  return {
    decision_id: "d1",
    decision,
    risk_score: 0.1,
    violations: [],
    obligations: decision === "RESTRICT" ? [{ type: "log_only" }] : [],
    explanation: { summary: decision, decided_by: [{ kind: "default", id: "default", decision, reason: "policy default" }], laws: [], risk_features: {} },
    policy_version: "1.abc",
    latency_ms: 0,
  };
}

const sticky: OverrideSource = { kind: "override", id: "sticky_terminate", reason: "the agent is terminated until reinstated" };
const failClosed: OverrideSource = { kind: "override", id: "device_fail_closed", reason: "fail closed: no bundle" };

describe("overrideDecision", () => {
  it("raises any weaker answer to TERMINATE without obligations, the override first in decided_by", () => {
    for (const decision of ["ALLOW", "RESTRICT", "BLOCK"] as const) {
      const out = overrideDecision(response(decision), "TERMINATE", sticky);
      expect(out.decision).toBe("TERMINATE");
      expect(out.obligations).toEqual([]);
      expect(out.explanation.summary).toBe("TERMINATE: the agent is terminated until reinstated");
      expect(out.explanation.decided_by[0]).toEqual({ kind: "override", id: "sticky_terminate", decision: "TERMINATE", reason: sticky.reason });
      expect(out.explanation.decided_by[1]).toMatchObject({ kind: "default", decision });
    }
  });

  it("never weakens: a stronger or equal answer comes back as the same object", () => {
    const terminate = response("TERMINATE");
    expect(overrideDecision(terminate, "BLOCK", failClosed)).toBe(terminate);
    expect(overrideDecision(terminate, "TERMINATE", sticky)).toBe(terminate);
    const block = response("BLOCK");
    expect(overrideDecision(block, "RESTRICT", failClosed)).toBe(block);
    expect(overrideDecision(block, "BLOCK", failClosed)).toBe(block);
  });

  it("gives a RESTRICT result require_human_approval, keeping a RESTRICT's other obligations", () => {
    const fromAllow = overrideDecision(response("ALLOW"), "RESTRICT", failClosed);
    expect(fromAllow.obligations).toEqual([{ type: "require_human_approval", reason: failClosed.reason }]);
    const fromRestrict = overrideDecision(response("RESTRICT"), "RESTRICT", failClosed);
    expect(fromRestrict.obligations).toEqual([{ type: "log_only" }, { type: "require_human_approval", reason: failClosed.reason }]);
    expect(fromRestrict.explanation.decided_by[0]?.kind).toBe("override");
  });
});
