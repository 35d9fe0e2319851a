/**
 * The decision combiner as z3 terms: from what each contributor says (law pack, agent state, matched tenant
 * rules, default) to `finalAtLeast(k)`, "the final decision is at least strength k" (1 RESTRICT, 2 BLOCK,
 * 3 TERMINATE). `denyOverrides` is evaluate-finish.ts's combination: the maximum over the law pack's
 * findings, rate limit (BLOCK), sticky terminate (TERMINATE), every matched tenant rule, and the policy
 * default only when no rule matched; a spent regex budget drops the rule matches and forces BLOCK.
 */
import type { Arith, Bool } from "z3-solver";
import type { Z3 } from "./encode.ts";

/** One tenant rule as the combiner sees it; `strength` may be symbolic (a policy quantified over). */
export interface CombinerRule {
  readonly matched: Bool<"main">;
  readonly strength: Arith<"main">;
  readonly priority: number;
  readonly order: number;
}

export interface CombinerInputs {
  readonly lawAtLeast: (k: number) => Bool<"main">;
  readonly rateLimited: Bool<"main">;
  readonly terminated: Bool<"main">;
  readonly budgetSpent: Bool<"main">;
  readonly rules: readonly CombinerRule[];
  readonly defaultStrength: Arith<"main">;
}

/** A combiner: its `finalAtLeast(k)` for k = 1..3. */
export type Combiner = (z: Z3, inputs: CombinerInputs) => (k: number) => Bool<"main">;

/**
 * evaluate's combination (deny-overrides).
 *
 * @example
 * const finalAtLeast = denyOverrides(z, inputs);
 * solver.add(inputs.lawAtLeast(2), z.Not(finalAtLeast(2))); // unsat: nothing weakens a law's BLOCK
 */
export const denyOverrides: Combiner = (z, inputs) => {
  const live = z.Not(inputs.budgetSpent);
  const noneMatched = z.Not(z.Or(z.Bool.val(false), ...inputs.rules.map((r) => r.matched)));
  return (k) =>
    z.Or(
      inputs.lawAtLeast(k),
      k <= 2 ? z.Or(inputs.rateLimited, inputs.budgetSpent) : z.Bool.val(false),
      inputs.terminated,
      z.And(live, z.Or(z.Bool.val(false), ...inputs.rules.map((r) => z.And(r.matched, r.strength.ge(k))))),
      z.And(live, noneMatched, inputs.defaultStrength.ge(k)),
    );
};

/**
 * "The law pack's decision is weakened": for some k, a law-pack contributor (a finding's law rule, the rate
 * limit, sticky terminate) says at least k and the final decision is below k. UNSAT = the property holds.
 *
 * @example
 * solver.add(lawWeakened(z, inputs, denyOverrides(z, inputs)));
 */
export function lawWeakened(z: Z3, inputs: CombinerInputs, finalAtLeast: (k: number) => Bool<"main">): Bool<"main"> {
  const lawSays = (k: number) => z.Or(inputs.lawAtLeast(k), inputs.terminated, k <= 2 ? inputs.rateLimited : z.Bool.val(false));
  return z.Or(...[1, 2, 3].map((k) => z.And(lawSays(k), z.Not(finalAtLeast(k)))));
}

/**
 * Inputs for "every tenant policy": `n` rules with free match flags and free decisions, a free default and
 * a free law-pack strength. A proof over these holds whatever the tenant writes (the combiner is a maximum,
 * so more rules add nothing new: n = 8 is enough to show it, any n gives the same result).
 *
 * @example
 * const { inputs, facts } = symbolicPolicy(z, 8);
 */
export function symbolicPolicy(z: Z3, n: number): { inputs: CombinerInputs; facts: Bool<"main">[] } {
  const law = z.Int.const("sym:law");
  const def = z.Int.const("sym:default");
  const facts: Bool<"main">[] = [law.ge(0), law.le(3), def.ge(0), def.le(3)];
  const rules: CombinerRule[] = [];
  for (let i = 0; i < n; i++) {
    const strength = z.Int.const(`sym:rule${i}`);
    facts.push(strength.ge(0), strength.le(3));
    rules.push({ matched: z.Bool.const(`sym:matched${i}`), strength, priority: n - i, order: i });
  }
  return {
    inputs: {
      lawAtLeast: (k) => law.ge(k),
      rateLimited: z.Bool.const("sym:rate_limited"),
      terminated: z.Bool.const("sym:terminated"),
      budgetSpent: z.Bool.const("sym:budget"),
      rules,
      defaultStrength: def,
    },
    facts,
  };
}
