import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbRules } from "../policy/testing/rules.ts";
import { analyzePolicy } from "./analyze.ts";
import { buildExample } from "./example.ts";
import { toDnf } from "./dnf.ts";
import { doc, evaluateExample, matchedRules } from "./testing.ts";

describe("example actions", () => {
  it("every example in a report makes every rule it names match under evaluate (random policies)", () => {
    let examples = 0;
    fc.assert(
      fc.property(arbRules(6), (rules) => {
        const document = doc(rules);
        for (const f of analyzePolicy(document).findings) {
          if (f.example === undefined) continue;
          examples++;
          const matched = matchedRules(evaluateExample(document, f.example));
          for (const id of f.rules) expect(matched).toContain(id);
        }
      }),
      { numRuns: 300 },
    );
    expect(examples).toBeGreaterThan(10);
  });

  it("builds requests from the leaves: fields, nested context and tool arguments, agent counters, findings, regexes", () => {
    const when = {
      all: [
        { field: "action_type", op: "eq" as const, value: "tool_call" },
        { field: "tool.name", op: "eq" as const, value: "sql" },
        { field: "tool.arguments.query", op: "matches" as const, value: "^DELETE\\s+FROM\\s\\w+$" },
        { field: "context.deploy.stage", op: "in" as const, value: ["prod", "dr"] },
        { field: "agent.violations", op: "gt" as const, value: 2 },
        { finding: { type: "PII" as const, min_count: 2 } },
        { not: { finding: { type: "SECRET" as const } } },
      ],
    };
    const rules = [{ id: "r", when, then: { decision: "BLOCK" as const } }];
    const example = buildExample(toDnf(when)![0]!, []);
    expect(example).toBeDefined();
    expect(example!.request).toMatchObject({ action_type: "tool_call", tool: { name: "sql" }, context: { deploy: { stage: expect.stringMatching(/^(?:prod|dr)$/) } } });
    expect(example!.agent).toEqual({ violations: 3 });
    expect(matchedRules(evaluateExample(doc(rules), example!))).toEqual(["r"]);
  });

  it("finds a risk level by adding risky text when a rule needs a high risk score", () => {
    const when = { risk: { gte: 0.6 } };
    const example = buildExample(toDnf(when)![0]!, []);
    expect(example).toBeDefined();
    const response = evaluateExample(doc([{ id: "risky", when, then: { decision: "BLOCK" } }]), example!);
    expect(response.risk_score).toBeGreaterThanOrEqual(0.6);
    expect(matchedRules(response)).toEqual(["risky"]);
  });
});
