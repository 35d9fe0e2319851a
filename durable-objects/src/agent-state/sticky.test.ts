import { describe, expect, it } from "vitest";
import type { EvaluateResponse } from "@nethical/core";
import { enforceSticky, STICKY_TERMINATE_ID } from "./sticky.ts";

function response(decision: EvaluateResponse["decision"]): EvaluateResponse {
  return {
    decision_id: "d1",
    decision,
    risk_score: 0.1,
    violations: [],
    obligations: decision === "RESTRICT" ? [{ type: "log_only" }] : [],
    explanation: { summary: decision, decided_by: [{ kind: "default", id: "default", decision, reason: "policy default" }], laws: [], risk_features: {} },
    policy_version: "v1",
    latency_ms: 0,
  };
}

describe("enforceSticky", () => {
  it("turns any non-TERMINATE answer for a terminated agent into TERMINATE without obligations", () => {
    for (const decision of ["ALLOW", "RESTRICT", "BLOCK"] as const) {
      const out = enforceSticky(response(decision), true);
      expect(out.decision).toBe("TERMINATE");
      expect(out.obligations).toEqual([]);
      expect(out.explanation.decided_by[0]).toMatchObject({ kind: "agent_state", id: STICKY_TERMINATE_ID, decision: "TERMINATE" });
    }
  });

  it("leaves answers for agents that are not terminated, and TERMINATE answers, untouched", () => {
    const allow = response("ALLOW");
    expect(enforceSticky(allow, false)).toBe(allow);
    const terminate = response("TERMINATE");
    expect(enforceSticky(terminate, true)).toBe(terminate);
  });
});
