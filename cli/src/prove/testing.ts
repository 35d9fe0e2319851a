/**
 * Test-only: a planted, wrong combiner ("first match wins": the highest-priority matched tenant rule decides
 * alone; the law pack and agent state count only when no rule matched). The prover must find that it
 * weakens the law pack, which shows the law-preservation proof can fail.
 */
import type { Combiner } from "./combiner.ts";

/**
 * The mutated combiner.
 *
 * @example
 * await provePolicy(text, { combiner: firstMatchCombiner }); // law-preservation: violated, with a witness
 */
export const firstMatchCombiner: Combiner = (z, inputs) => {
  const ranked = [...inputs.rules].sort((a, b) => b.priority - a.priority || a.order - b.order);
  const noneMatched = z.Not(z.Or(z.Bool.val(false), ...ranked.map((r) => r.matched)));
  return (k) => {
    const first = ranked.map((r, i) => z.And(r.matched, ...ranked.slice(0, i).map((e) => z.Not(e.matched)), r.strength.ge(k)));
    const fallback = z.And(
      noneMatched,
      z.Or(inputs.lawAtLeast(k), inputs.terminated, k <= 2 ? inputs.rateLimited : z.Bool.val(false), inputs.defaultStrength.ge(k)),
    );
    return z.Or(fallback, ...first);
  };
};
