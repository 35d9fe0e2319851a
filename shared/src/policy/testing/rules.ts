/**
 * fast-check arbitraries for tenant rules (valid by construction), for deny-overrides property tests.
 * Test support only; not exported from the package.
 */
import fc from "fast-check";
import { DECISIONS } from "../../schemas/decision.ts";
import { FINDING_TYPES } from "../../schemas/finding.ts";
import type { Condition } from "../condition-schema.ts";
import type { PolicyRule } from "../schema.ts";
import { ACTION_TYPES } from "./requests.ts";

const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.constantFrom(...ACTION_TYPES).map((v): Condition => ({ field: "action_type", op: "eq", value: v })),
  fc.subarray([...ACTION_TYPES], { minLength: 1 }).map((v): Condition => ({ field: "action_type", op: "in", value: v })),
  fc.constantFrom("sql", "shell", "email").map((v): Condition => ({ field: "tool.name", op: "eq", value: v })),
  fc.constantFrom("prod", "staging").map((v): Condition => ({ field: "context.environment", op: "eq", value: v })),
  fc.record({ type: fc.constantFrom("PII" as const, ...FINDING_TYPES), min_score: fc.constantFrom(0, 0.3, 0.5, 0.8) }).map((finding): Condition => ({ finding })),
  fc.constantFrom(0.1, 0.3, 0.6, 0.9).map((gte): Condition => ({ risk: { gte } })),
  fc.integer({ min: 0, max: 8 }).map((v): Condition => ({ field: "agent.decisions.BLOCK", op: "gte", value: v })),
  fc.constantFrom("rm", "DROP", "invoice").map((v): Condition => ({ field: "action", op: "contains", value: v })),
);

/** Arbitrary condition tree (depth ≤ 3). */
export const arbCondition: fc.Arbitrary<Condition> = fc.letrec<{ cond: Condition }>((tie) => ({
  cond: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("cond"), { maxLength: 3 }).map((all): Condition => ({ all })),
    fc.array(tie("cond"), { maxLength: 3 }).map((any): Condition => ({ any })),
    tie("cond").map((not): Condition => ({ not })),
  ),
})).cond;

/** Arbitrary rule with the given id. */
export const arbRule = (id: string): fc.Arbitrary<PolicyRule> =>
  fc.record({ when: arbCondition, decision: fc.constantFrom(...DECISIONS), priority: fc.integer({ min: -5, max: 5 }) }).map(
    ({ when, decision, priority }): PolicyRule => ({
      id,
      priority,
      when,
      then: decision === "RESTRICT" ? { decision, obligations: [{ type: "redact", findings: ["PII", "SECRET"] }] } : { decision },
    }),
  );

/** Arbitrary list of rules with ids r0, r1, … */
export const arbRules = (max: number): fc.Arbitrary<PolicyRule[]> =>
  fc.integer({ min: 0, max }).chain((n) => (n === 0 ? fc.constant([]) : fc.tuple(...Array.from({ length: n }, (_, i) => arbRule(`r${i}`)))));
