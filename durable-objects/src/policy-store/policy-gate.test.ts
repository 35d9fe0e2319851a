import { describe, expect, it } from "vitest";
import { publishGateErrors } from "./policy-gate.ts";

const base = { version: 1, name: "p", default: { decision: "ALLOW" } };

describe("publish gate", () => {
  it("lets a clean policy through", () => {
    expect(publishGateErrors({ ...base, rules: [] })).toEqual([]);
  });

  it("keeps a policy with an unreachable rule in quarantine, naming the rule", () => {
    const errors = publishGateErrors({
      ...base,
      rules: [
        {
          id: "never",
          when: { all: [{ field: "action_type", op: "eq", value: "query" }, { field: "action_type", op: "eq", value: "message" }] },
          then: { decision: "BLOCK" },
        },
      ],
    });
    expect(errors.map((e) => e.code)).toContain("unreachable");
    expect(errors.find((e) => e.code === "unreachable")?.rules).toEqual(["never"]);
  });

  it("refuses schema errors with paths", () => {
    const errors = publishGateErrors({ ...base, rules: "nope" });
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]?.code).toBe("schema");
  });
});
