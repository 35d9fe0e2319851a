import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EvaluateRequest } from "../schemas/action.ts";
import { emptyAgentState } from "../schemas/agent-state.ts";
import { FINDING_TYPES, type Finding } from "../schemas/finding.ts";
import { RISK_FEATURES, riskFeatures } from "./features.ts";
import { riskFeatureRecord, riskScore, round4 } from "./score.ts";

const req = (action_type: string, tool?: boolean): EvaluateRequest => ({
  agent_id: "a",
  action: "x",
  action_type,
  ...(tool === true ? { tool: { name: "t" } } : {}),
});
const f = (type: Finding["type"], score: number, subtype?: string): Finding => ({
  type, score, start: 0, end: 1, detector: "t", ...(subtype === undefined ? {} : { subtype }),
});

describe("riskFeatures", () => {
  it("has one value per documented feature, all in [0, 1]", () => {
    const x = riskFeatures([f("US_SSN", 0.9), f("SECRET", 0.8), f("JAILBREAK", 0.4)], req("message", true), emptyAgentState());
    expect(x).toHaveLength(RISK_FEATURES.length);
    expect(riskFeatureRecord(x)).toEqual({
      pii_max: 0.9,
      secret_max: 0.8,
      injection_max: 0.4,
      dangerous_code_max: 0,
      exfiltration_max: 0,
      safety_override_max: 0,
      harmful_content_max: 0,
      finding_count: 0.5,
      max_severity: 0.45, // US_SSN on a message is "high" (rank 2 of 4) × 0.9; SECRET high × 0.8 = 0.4 is lower
      action_type_base: 0.25,
      tool_present: 1,
      violation_ratio: 0,
      terminated: 0,
      rate_limited: 0,
    } satisfies Record<string, number>);
  });

  it("reads the agent's history", () => {
    const agent = { ...emptyAgentState(), requests: 10, violations: 4, terminated: true, rate_limited: true };
    const r = riskFeatureRecord(riskFeatures([], req("actuation"), agent));
    expect([r.violation_ratio, r.terminated, r.rate_limited, r.action_type_base]).toEqual([0.4, 1, 1, 1]);
    expect(riskFeatureRecord(riskFeatures([], req("custom_thing"), emptyAgentState())).action_type_base).toBe(0.4);
  });
});

describe("riskScore", () => {
  it("is low for a harmless query and high for a terminated agent", () => {
    expect(riskScore(riskFeatures([], req("query"), emptyAgentState()))).toBe(0.02);
    expect(riskScore(riskFeatures([], req("query"), { ...emptyAgentState(), terminated: true }))).toBe(1);
  });

  it("ranks doing above talking about", () => {
    const doing = riskScore(riskFeatures([f("DANGEROUS_CODE", 0.9, "disk_wipe")], req("code_execution"), emptyAgentState()));
    const talking = riskScore(riskFeatures([f("DANGEROUS_CODE", 0.25, "disk_wipe")], req("code_execution"), emptyAgentState()));
    expect(doing).toBeGreaterThan(0.8);
    expect(talking).toBeLessThan(0.45);
  });

  const arbFinding = fc.record({
    type: fc.constantFrom(...FINDING_TYPES),
    score: fc.double({ min: 0, max: 1, noNaN: true }),
    start: fc.constant(0),
    end: fc.constant(1),
    detector: fc.constant("t"),
  });

  it("stays in [0, 1] and never decreases when a finding is added", () => {
    fc.assert(
      fc.property(fc.array(arbFinding, { maxLength: 8 }), arbFinding, fc.constantFrom("query", "message", "actuation", "x"), (fs, extra, at) => {
        const before = riskScore(riskFeatures(fs, req(at), emptyAgentState()));
        const after = riskScore(riskFeatures([...fs, extra], req(at), emptyAgentState()));
        expect(before).toBeGreaterThanOrEqual(0);
        expect(after).toBeLessThanOrEqual(1);
        expect(after).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it("weights every feature within (0, 1]", () => {
    for (const { weight } of RISK_FEATURES) expect(weight > 0 && weight <= 1).toBe(true);
  });
});

describe("round4", () => {
  it("rounds to four decimals and normalises -0", () => {
    expect(round4(0.123456)).toBe(0.1235);
    expect(Object.is(round4(-0.00001), 0)).toBe(true);
  });
});
