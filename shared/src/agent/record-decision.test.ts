import { describe, expect, it } from "vitest";
import { emptyAgentState } from "../schemas/agent-state.ts";
import { reinstateAgent, recordDecision } from "./record-decision.ts";

describe("recordDecision", () => {
  it("counts requests, decisions and violations", () => {
    let state = emptyAgentState();
    for (const d of ["ALLOW", "RESTRICT", "BLOCK", "ALLOW"] as const) state = recordDecision(state, d);
    expect(state.requests).toBe(4);
    expect(state.violations).toBe(2);
    expect(state.decisions).toEqual({ ALLOW: 2, RESTRICT: 1, BLOCK: 1, TERMINATE: 0 });
    expect(state.terminated).toBe(false);
  });

  it("makes TERMINATE sticky and keeps the first reason", () => {
    let state = recordDecision(emptyAgentState(), "TERMINATE", "first");
    state = recordDecision(state, "ALLOW");
    state = recordDecision(state, "TERMINATE", "second");
    expect(state.terminated).toBe(true);
    expect(state.terminated_reason).toBe("first");
  });

  it("does not modify its input", () => {
    const before = emptyAgentState();
    recordDecision(before, "TERMINATE");
    expect(before).toEqual(emptyAgentState());
  });

  it("reinstates without forgetting history", () => {
    const state = reinstateAgent(recordDecision(emptyAgentState(), "TERMINATE", "why"));
    expect(state.terminated).toBe(false);
    expect(state.terminated_reason).toBeUndefined();
    expect(state.decisions.TERMINATE).toBe(1);
  });
});
