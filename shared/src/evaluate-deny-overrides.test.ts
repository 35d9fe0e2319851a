import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.ts";
import { createBundle } from "./policy/bundle.ts";
import { compilePolicy, type CompiledPolicy } from "./policy/compile.ts";
import type { PolicyDocument, PolicyRule } from "./policy/schema.ts";
import { arbAgent, arbRequest } from "./policy/testing/requests.ts";
import { arbRule, arbRules } from "./policy/testing/rules.ts";
import { DECISIONS, decisionStrength, type Decision } from "./schemas/decision.ts";

const HASH = "0".repeat(64);
const compileDoc = (rules: PolicyRule[], fallback: Decision = "ALLOW"): CompiledPolicy =>
  compilePolicy({ tenant: "t", seq: 1, hash: HASH, policy: { version: 1, name: "p", default: { decision: fallback }, rules } satisfies PolicyDocument });

const NOW = 1_700_000_000_000;
const LAW_PACK_ONLY = compileDoc([]);

describe("deny-overrides", () => {
  it("adding a rule never weakens a decision (default ALLOW)", () => {
    fc.assert(
      fc.property(arbRules(4), arbRule("added"), arbRequest, arbAgent, (rules, added, request, agent) => {
        const before = evaluate(request, compileDoc(rules), agent, NOW);
        const after = evaluate(request, compileDoc([...rules, added]), agent, NOW);
        expect(decisionStrength(after.decision)).toBeGreaterThanOrEqual(decisionStrength(before.decision));
      }),
      { numRuns: 200 },
    );
  });

  it("adding a rule never weakens a decision once some tenant rule matched (any default)", () => {
    fc.assert(
      fc.property(arbRules(4), arbRule("added"), fc.constantFrom(...DECISIONS), arbRequest, arbAgent, (rules, added, fallback, request, agent) => {
        const before = evaluate(request, compileDoc(rules, fallback), agent, NOW);
        fc.pre(before.explanation.decided_by.some((d) => d.kind === "rule"));
        const after = evaluate(request, compileDoc([...rules, added], fallback), agent, NOW);
        expect(decisionStrength(after.decision)).toBeGreaterThanOrEqual(decisionStrength(before.decision));
      }),
      { numRuns: 200 },
    );
  });

  it("the decision is the strongest outcome among all contributors", () => {
    fc.assert(
      fc.property(arbRules(5), fc.constantFrom(...DECISIONS), arbRequest, arbAgent, (rules, fallback, request, agent) => {
        const res = evaluate(request, compileDoc(rules, fallback), agent, NOW);
        const strongest = Math.max(...res.explanation.decided_by.map((d) => decisionStrength(d.decision)));
        expect(decisionStrength(res.decision)).toBe(strongest);
        expect(res.explanation.decided_by[0]?.decision).toBe(res.decision);
      }),
      { numRuns: 200 },
    );
  });
});

describe("the law pack cannot be weakened", () => {
  it("no tenant policy (even ALLOW-everything rules) gives a weaker decision or drops a law violation", () => {
    fc.assert(
      fc.property(arbRules(5), fc.constantFrom(...DECISIONS), arbRequest, arbAgent, (rules, fallback, request, agent) => {
        const allowAll: PolicyRule = { id: "allow-everything", priority: 1_000_000, when: { all: [] }, then: { decision: "ALLOW" } };
        const floor = evaluate(request, LAW_PACK_ONLY, agent, NOW);
        const tenant = evaluate(request, compileDoc([allowAll, ...rules], fallback), agent, NOW);
        expect(decisionStrength(tenant.decision)).toBeGreaterThanOrEqual(decisionStrength(floor.decision));
        const tenantIds = new Set(tenant.violations.map((v) => v.id));
        for (const v of floor.violations) expect(tenantIds.has(v.id), v.id).toBe(true);
        for (const law of floor.explanation.laws) expect(tenant.explanation.laws).toContain(law);
      }),
      { numRuns: 200 },
    );
  });

  it("cannot be edited at run time", () => {
    const rules = LAW_PACK_ONLY.lawRules as unknown as { min_score: number }[];
    expect(() => {
      (rules[0] as { min_score: number }).min_score = 2;
    }).toThrow(TypeError);
  });
});

describe("the default policy is applied exactly when no tenant rule matches", () => {
  it("with an ALLOW-everything rule the default never shows", async () => {
    const policy = compilePolicy(await createBundle("t", 1, { version: 1, name: "p", default: { decision: "BLOCK" }, rules: [{ id: "ok", when: { all: [] }, then: { decision: "ALLOW" } }] }));
    fc.assert(
      fc.property(arbRequest, arbAgent, (request, agent) => {
        const res = evaluate(request, policy, agent, NOW);
        expect(res.explanation.decided_by.some((d) => d.kind === "default")).toBe(false);
      }),
      { numRuns: 50 },
    );
  });
});
