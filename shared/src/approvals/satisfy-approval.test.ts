import { describe, expect, it } from "vitest";
import { needsApproval, satisfyApproval, withApprovalId } from "./satisfy-approval.ts";
import { EvaluateResponseSchema, type EvaluateResponse, type Obligation } from "../schemas/response.ts";

function restrict(obligations: Obligation[]): EvaluateResponse {
  return {
    decision_id: "d-1",
    decision: "RESTRICT",
    risk_score: 0.6,
    violations: [],
    obligations,
    explanation: { summary: "RESTRICT: bulk export", decided_by: [{ kind: "rule", id: "bulk-export", decision: "RESTRICT", reason: "Bulk export needs approval" }], laws: [6], risk_features: {} },
    policy_version: "3.abcdef",
    latency_ms: 0,
  };
}

const grant = { id: `apr_${"0".repeat(32)}`, decidedBy: "k_operator", decidedAt: Date.UTC(2026, 11, 5, 17, 0, 0) };

describe("satisfyApproval", () => {
  it("turns a RESTRICT whose only obligation is require_human_approval into ALLOW, naming the approver", () => {
    const out = satisfyApproval(restrict([{ type: "require_human_approval", reason: "Bulk data export" }]), grant);
    expect(out).not.toBeNull();
    expect(out?.decision).toBe("ALLOW");
    expect(out?.obligations).toEqual([]);
    expect(out?.approval).toEqual({ approval_id: grant.id, approved_by: "k_operator", approved_at: "2026-12-05T17:00:00.000Z" });
    expect(out?.explanation.decided_by[0]).toEqual({
      kind: "approval",
      id: grant.id,
      decision: "ALLOW",
      reason: "require_human_approval satisfied: approved by key k_operator at 2026-12-05T17:00:00.000Z",
    });
    expect(out?.explanation.decided_by[1]?.id).toBe("bulk-export");
    expect(EvaluateResponseSchema.safeParse(out).success).toBe(true);
  });

  it("keeps other obligations: RESTRICT without the approval obligation", () => {
    const out = satisfyApproval(restrict([{ type: "redact", spans: [{ start: 0, end: 4 }] }, { type: "require_human_approval" }]), grant);
    expect(out?.decision).toBe("RESTRICT");
    expect(out?.obligations).toEqual([{ type: "redact", spans: [{ start: 0, end: 4 }] }]);
  });

  it("changes nothing that does not wait for a person", () => {
    expect(satisfyApproval(restrict([{ type: "log_only" }]), grant)).toBeNull();
    for (const decision of ["ALLOW", "BLOCK", "TERMINATE"] as const) {
      expect(satisfyApproval({ ...restrict([]), decision }, grant)).toBeNull();
      expect(needsApproval({ ...restrict([{ type: "require_human_approval" }]), decision })).toBe(false);
    }
  });
});

describe("withApprovalId", () => {
  it("writes the approval id and expiry into the require_human_approval obligation only", () => {
    const out = withApprovalId(restrict([{ type: "log_only" }, { type: "require_human_approval", reason: "r" }]), grant.id, Date.UTC(2026, 11, 5, 18));
    expect(out.obligations).toEqual([{ type: "log_only" }, { type: "require_human_approval", reason: "r", approval_id: grant.id, expires_at: "2026-12-05T18:00:00.000Z" }]);
    expect(EvaluateResponseSchema.safeParse(out).success).toBe(true);
  });
});
