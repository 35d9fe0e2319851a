/**
 * Running a compiled policy's tenant rules for one request: only the indexed candidates (`candidateLists`) are
 * tested, and the (few) matches are returned in explanation order: priority (high first), then declaration order.
 */
import type { Finding } from "../schemas/finding.ts";
import type { CompiledPolicy, CompiledRule } from "./compile.ts";
import type { EvalContext } from "./context.ts";
import { candidateLists, type RuleIndex } from "./rule-index.ts";

const NONE: readonly CompiledRule[] = Object.freeze([]);

/**
 * The tenant rules whose condition holds, highest priority first.
 *
 * @example
 * matchRules(policy, ctx).map((r) => r.id); // e.g. ["block-dangerous-code"]
 */
export function matchRules(policy: CompiledPolicy, ctx: EvalContext): readonly CompiledRule[] {
  return matchIndexedRules(policy.index, ctx);
}

/**
 * Like {@link matchRules} over one rule index (e.g. `policy.requestIndex` or `policy.stateIndex`).
 *
 * @example
 * matchIndexedRules(policy.requestIndex, ctx).map((r) => r.id); // the matching rules that read no agent state
 */
export function matchIndexedRules(index: RuleIndex<CompiledRule>, ctx: EvalContext): readonly CompiledRule[] {
  const [byActionType, byToolName, wildcard] = candidateLists(index, ctx.request.action_type, ctx.request.tool?.name);
  let matched = scanList(byActionType, ctx, undefined);
  matched = scanList(byToolName, ctx, matched);
  matched = scanList(wildcard, ctx, matched);
  if (matched === undefined) return NONE;
  if (matched.length > 1) matched.sort((a, b) => b.priority - a.priority || a.order - b.order);
  return matched;
}

/** Test every rule of one candidate list; the matches array is created on the first match only. */
function scanList(list: readonly CompiledRule[], ctx: EvalContext, matched: CompiledRule[] | undefined): CompiledRule[] | undefined {
  for (let i = 0; i < list.length; i++) {
    const rule = list[i] as CompiledRule;
    if (rule.test(ctx)) (matched ??= []).push(rule);
  }
  return matched;
}

/**
 * A matched rule's evidence: the highest-scoring finding that satisfies one of its finding conditions
 * (the first such finding on ties), or undefined when the rule has no finding condition that matched.
 *
 * @example
 * bestEvidence(rule, ctx.findings)?.type; // e.g. "DANGEROUS_CODE"
 */
export function bestEvidence(rule: CompiledRule, findings: readonly Finding[]): Finding | undefined {
  let best: Finding | undefined;
  if (rule.evidence.length === 0) return undefined;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i] as Finding;
    if ((best === undefined || f.score > best.score) && rule.evidence.some((m) => m(f))) best = f;
  }
  return best;
}
