/**
 * compilePolicy: a validated bundle → closures + rule index, ready for evaluate. Synchronous; throws a
 * PolicyError (with paths under `policy.`) on invalid input. Adapters cache the result by bundle hash.
 */
import type { Decision, Severity } from "../schemas/decision.ts";
import { FUNDAMENTAL_LAWS } from "../laws/law-pack.ts";
import { LAW_RULES } from "../laws/law-rules.ts";
import { deepFreeze } from "../util/deep-freeze.ts";
import { BundleEnvelopeSchema, policyVersion, type PolicyBundle } from "./bundle.ts";
import { compileCondition, evidenceMatchers, type FindingMatcher, type Predicate } from "./compile-condition.ts";
import type { Condition } from "./condition-schema.ts";
import { PolicyError, formatPath } from "./errors.ts";
import { validatePolicyDocument } from "./parse.ts";
import { compileObligations, type CompiledObligation } from "./obligations.ts";
import { buildRuleIndex, type RuleIndex } from "./rule-index.ts";
import { readsAgentState } from "./state-reads.ts";
import type { PolicyDocument, RuleOutcome } from "./schema.ts";

/** A rule ready to run. `order` is its position in the document. */
export interface CompiledRule {
  readonly id: string;
  readonly order: number;
  readonly priority: number;
  /** The rule's law, when the author gave one (else evaluate attributes one from evidence, or law 5). */
  readonly law: number | undefined;
  readonly severity: Severity;
  readonly decision: Decision;
  readonly obligations: readonly CompiledObligation[];
  readonly reason: string;
  readonly when: Condition;
  readonly test: Predicate;
  /** Finding matchers whose best match is the rule's evidence (span, detector, confidence). */
  readonly evidence: readonly FindingMatcher[];
  /**
   * The condition reads agent state (`agent.*`, `risk`: policy/state-reads.ts), so it runs where the state
   * lives (`finishEvaluation`); the others run with the request alone (`prepareEvaluation`, at the PoP).
   */
  readonly readsAgentState: boolean;
}

/** A RuleOutcome after compilation: obligations compiled, the reason filled in. */
export interface CompiledRuleOutcome {
  readonly decision: Decision;
  readonly obligations: readonly CompiledObligation[];
  readonly reason: string;
}

export interface CompiledPolicy {
  readonly tenant: string;
  readonly seq: number;
  readonly hash: string;
  /** `${seq}.${hash.slice(0, 12)}` */
  readonly version: string;
  readonly document: PolicyDocument;
  readonly defaultOutcome: CompiledRuleOutcome;
  readonly rules: readonly CompiledRule[];
  readonly index: RuleIndex<CompiledRule>;
  /** The same index restricted to rules that read no agent state (run by `prepareEvaluation`). */
  readonly requestIndex: RuleIndex<CompiledRule>;
  /** The same index restricted to rules that read agent state (run by `finishEvaluation`). */
  readonly stateIndex: RuleIndex<CompiledRule>;
  readonly rateLimit: { readonly capacity: number; readonly refill_per_s: number } | undefined;
  /** The built-in law pack, always part of every compiled policy. */
  readonly laws: typeof FUNDAMENTAL_LAWS;
  readonly lawRules: typeof LAW_RULES;
}

/** Severity of a rule that does not name one. */
export const DEFAULT_RULE_SEVERITY: Readonly<Record<Decision, Severity>> = Object.freeze({
  ALLOW: "low",
  RESTRICT: "medium",
  BLOCK: "high",
  TERMINATE: "critical",
});

/** How {@link compilePolicy} treats the policy it is given. */
export interface CompileOptions {
  /**
   * The caller vouches that exactly this policy (same content hash) already passed `validatePolicyDocument`
   * in this same code (e.g. a device's stored bundle, re-verified by signature at start, that this build
   * validated when it accepted it): the schema parse is skipped and the policy object is used (and frozen)
   * as it is. The envelope is still checked. Never set it for bytes that were not validated before.
   */
  validated?: boolean;
}

/**
 * Compile a bundle. Validates the envelope and the policy (the hash is not recomputed here: use
 * verifyBundleHash when a bundle arrives); `options.validated` skips the policy's schema parse.
 *
 * @example
 * const policy = compilePolicy(await createBundle("acme", 1, defaultPolicy()));
 * policy.version; // "1.xxxxxxxxxxxx"
 */
export function compilePolicy(bundle: PolicyBundle, options: CompileOptions = {}): CompiledPolicy {
  const envelope = BundleEnvelopeSchema.safeParse(bundle);
  if (!envelope.success) {
    throw new PolicyError(
      envelope.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
      "Invalid policy bundle",
    );
  }
  let document: PolicyDocument;
  try {
    document = options.validated === true ? bundle.policy : validatePolicyDocument(bundle.policy);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    throw new PolicyError(
      error.issues.map((i) => ({ path: i.path === "" ? "policy" : `policy.${i.path}`, message: i.message })),
      "Invalid policy bundle",
    );
  }
  deepFreeze(document);
  const rules = document.rules.map(
    (rule, order): CompiledRule => ({
      id: rule.id,
      order,
      priority: rule.priority ?? 0,
      law: rule.law,
      severity: rule.severity ?? DEFAULT_RULE_SEVERITY[rule.then.decision],
      ...compileRuleOutcome(rule.then, `Rule ${rule.id} matched`),
      when: rule.when,
      test: compileCondition(rule.when),
      evidence: evidenceMatchers(rule.when),
      readsAgentState: readsAgentState(rule.when),
    }),
  );
  return Object.freeze({
    tenant: envelope.data.tenant,
    seq: envelope.data.seq,
    hash: envelope.data.hash,
    version: policyVersion(envelope.data),
    document,
    defaultOutcome: Object.freeze(compileRuleOutcome(document.default, "No rule matched: policy default")),
    rules: Object.freeze(rules),
    index: buildRuleIndex(rules, (r) => r.when),
    requestIndex: buildRuleIndex(rules.filter((r) => !r.readsAgentState), (r) => r.when),
    stateIndex: buildRuleIndex(rules.filter((r) => r.readsAgentState), (r) => r.when),
    rateLimit: document.limits?.rate_limit,
    laws: FUNDAMENTAL_LAWS,
    lawRules: LAW_RULES,
  });
}

/** RESTRICT without obligations still obliges the caller to log (`log_only`). */
function compileRuleOutcome(outcome: RuleOutcome, fallbackReason: string): CompiledRuleOutcome {
  const obligations =
    outcome.decision === "RESTRICT" && (outcome.obligations === undefined || outcome.obligations.length === 0)
      ? [{ type: "log_only" as const }]
      : (outcome.obligations ?? []);
  return { decision: outcome.decision, obligations: compileObligations(obligations), reason: outcome.reason ?? fallbackReason };
}
