import { beforeAll, describe, expect, it } from "vitest";
import { defaultPolicy } from "./policy/default-policy.ts";
import { compilePolicy, type CompiledPolicy } from "./policy/compile.ts";
import { createBundle } from "./policy/bundle.ts";
import { evaluate } from "./evaluate.ts";
import { emptyAgentState } from "./schemas/agent-state.ts";
import { EvaluateResponseSchema } from "./schemas/response.ts";
import { emergencyStopResponse } from "./emergency-stop.ts";

const stop = { seq: 4, reason: "fire in hall 3", actor_key_id: "k_op1", since: "2026-12-05T17:00:00.000Z" };

let policy: CompiledPolicy;
beforeAll(async () => {
  policy = compilePolicy(await createBundle("acme", 1, defaultPolicy()));
});

describe("emergencyStopResponse", () => {
  it("turns an ALLOW into a TERMINATE with the stop's violation, law 7 and an explanation naming who, when, why", () => {
    const allow = evaluate({ agent_id: "a", action: "list files", action_type: "query" }, policy, emptyAgentState(), Date.now());
    expect(allow.decision).toBe("ALLOW");
    const stopped = emergencyStopResponse(allow, stop);
    expect(stopped.decision).toBe("TERMINATE");
    expect(stopped.risk_score).toBe(1);
    expect(stopped.obligations).toEqual([]);
    expect(stopped.violations[0]).toMatchObject({ id: "emergency_stop", law: 7, severity: "emergency" });
    expect(stopped.explanation.laws).toContain(7);
    expect(stopped.explanation.decided_by[0]).toMatchObject({ kind: "override", id: "emergency_stop", decision: "TERMINATE" });
    expect(stopped.explanation.summary).toBe("TERMINATE: tenant-wide emergency stop engaged at 2026-12-05T17:00:00.000Z by key k_op1 (control 4): fire in hall 3");
    expect(EvaluateResponseSchema.safeParse(stopped).success).toBe(true);
  });

  it("a response that was already TERMINATE still gets the stop's entry first, once", () => {
    const allow = evaluate({ agent_id: "a", action: "list files", action_type: "query" }, policy, emptyAgentState(), Date.now());
    const twice = emergencyStopResponse(emergencyStopResponse(allow, stop), stop);
    expect(twice.decision).toBe("TERMINATE");
    expect(twice.explanation.decided_by[0]?.id).toBe("emergency_stop");
    expect(twice.violations.filter((v) => v.id === "emergency_stop")).toHaveLength(1);
  });
});
