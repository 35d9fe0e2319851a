/**
 * Pairwise checks under deny-overrides (every matching rule counts, the strongest decision wins):
 *
 * - `contradictory` (error): two rules whose conditions are equivalent decide differently; the weaker one can
 *   never decide anything and the author's intent is ambiguous.
 * - `shadowed` (warning): whenever rule R matches, another rule S matches too and R adds nothing to the
 *   outcome: S decides more strongly (whatever its priority), or S decides the same, is tested before R
 *   (higher priority, then document order) and already carries R's obligations.
 *
 * Implication is proven symbolically (term-logic.ts), so both are never false alarms. Candidate pairs are
 * pruned with the rule index's action-type pins; past `maxPairs` implication checks the analysis stops with
 * one `not-analysed` warning instead of taking quadratic time on huge policies.
 */
import { canonicalJson } from "../util/canonical-json.ts";
import { buildExample } from "./example.ts";
import { finding, type AnalysisExample, type AnalysisFinding } from "./report.ts";
import { ranksBefore, type RuleFacts } from "./rule-facts.ts";
import { dnfImplies } from "./term-logic.ts";

/** Default budget of implication checks per analysis. */
export const MAX_PAIR_CHECKS = 200_000;

/**
 * Shadowed and contradictory findings, in rule order (one per shadowed rule: the first cause found).
 *
 * @example
 * overlapFindings(facts).map((f) => f.code); // e.g. ["shadowed"]
 */
export function overlapFindings(facts: readonly RuleFacts[], maxPairs: number = MAX_PAIR_CHECKS): AnalysisFinding[] {
  const usable = facts.filter((f) => f.dnf !== undefined && f.live.length > 0);
  const unpinned = usable.filter((f) => f.pins === undefined);
  const byType = new Map<string, RuleFacts[]>();
  for (const f of usable) for (const t of f.pins ?? []) (byType.get(t) ?? byType.set(t, []).get(t) as RuleFacts[]).push(f);
  const out: AnalysisFinding[] = [];
  let checks = 0;
  for (const r of usable) {
    const pinned = r.pins === undefined || r.pins.length === 0 ? [] : (byType.get(r.pins[0] as string) ?? []).filter((s) => r.pins?.every((t) => s.pins?.includes(t)));
    let shadow: AnalysisFinding | undefined;
    for (const s of [...unpinned, ...pinned]) {
      if (s === r || !(s.strength > r.strength || (s.strength === r.strength && ranksBefore(s, r)))) continue;
      if (++checks > maxPairs) {
        out.push(finding("not-analysed", `stopped looking for shadowed and contradictory rules after ${maxPairs} rule pairs`, [], "rules"));
        return out;
      }
      if (!dnfImplies(r.live, s.dnf ?? [])) continue;
      const equivalent = dnfImplies(s.live, r.dnf ?? []);
      if (equivalent && s.rule.then.decision !== r.rule.then.decision) {
        shadow = contradictory(r, s);
        break;
      }
      if (shadow === undefined && addsNothing(r, s)) shadow = shadowed(r, s, equivalent);
    }
    if (shadow !== undefined) out.push(shadow);
  }
  return out;
}

/** R's outcome adds nothing once S matched: S is stronger, or equal and R's obligations are all in S's. */
function addsNothing(r: RuleFacts, s: RuleFacts): boolean {
  if (s.strength > r.strength) return true;
  if (r.rule.then.decision !== "RESTRICT") return true;
  const have = new Set((s.rule.then.obligations ?? []).map((o) => canonicalJson(o)));
  return (r.rule.then.obligations ?? []).every((o) => have.has(canonicalJson(o)));
}

function contradictory(r: RuleFacts, s: RuleFacts): AnalysisFinding {
  const [weak, strong] = [r.rule, s.rule];
  const message =
    `${weak.id} and ${strong.id} have the same condition but decide ${weak.then.decision} and ${strong.then.decision}; ` +
    `under deny-overrides ${strong.then.decision} always wins, so ${weak.id} never decides anything`;
  return finding("contradictory", message, [weak.id, strong.id], `rules[${r.index}]`, example(r, s));
}

function shadowed(r: RuleFacts, s: RuleFacts, equivalent: boolean): AnalysisFinding {
  const [a, b] = [r.rule, s.rule];
  const why =
    s.strength > r.strength
      ? `${b.id} (${b.then.decision}) is stronger`
      : `${b.id} decides ${b.then.decision} too and is tested first`;
  const what = equivalent ? "has the same condition as" : "only matches when";
  const tail = equivalent ? "" : " also matches";
  return finding(
    "shadowed",
    `${a.id} ${what} ${b.id}${tail}, and ${why}: ${a.id} never changes the outcome`,
    [a.id, b.id],
    `rules[${r.index}]`,
    example(r, s),
  );
}

function example(r: RuleFacts, s: RuleFacts): AnalysisExample | undefined {
  for (const term of r.live.slice(0, 4)) {
    const found = buildExample(term, [r.test, s.test]);
    if (found !== undefined) return found;
  }
  return undefined;
}
