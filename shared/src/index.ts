/**
 * @nethical/core — the pure decision engine. No I/O, no clock, no randomness inside evaluate: everything
 * comes in as arguments, so the Worker, the Durable Objects, the edge device and the CLI give
 * byte-identical decisions for the same input and bundle.
 */
export * from "./schemas/index.ts";
export * from "./detectors/index.ts";
export * from "./classifier/index.ts";
export * from "./agent/record-decision.ts";
// The agent transition: the row, its token bucket, the loaded policy and one decision's step.
export { newRow, toSnapshot, type AgentRow } from "./agent/agent-row.ts";
export { DEFAULT_RATE_LIMIT, fullBucket, rateLimitOf, rateLimitStatus, refill, takeToken, type Bucket, type RateLimit, type RateLimitStatus } from "./agent/token-bucket.ts";
export { PolicyCache, loadPolicy, type BundleRef, type LoadedPolicy } from "./agent/loaded-policy.ts";
export { applyDecision, applyPrepared, type Decided, type Evaluator, type Finisher } from "./agent/apply-decision.ts";
export { reinstatedRow, terminatedByOperator } from "./agent/operator-control.ts";
export {
  DEGRADED_REASONS,
  DEGRADED_REASON_TEXT,
  degradedReasonOf,
  OVERRIDE_IDS,
  overrideDecision,
  type DegradedReason,
  type OverrideId,
  type OverrideSource,
} from "./override-decision.ts";

// Policy engine: utilities, policy DSL and compiler, the 25 laws, risk, explanations.
export { CanonicalJsonError, MAX_CANONICAL_DEPTH, canonicalJson } from "./util/canonical-json.ts";
export { bytesToHex, sha256Hex } from "./util/sha256.ts";
export { fastHash128 } from "./util/fast-hash.ts";
export { deepFreeze, type DeepReadonly } from "./util/deep-freeze.ts";
export { deterministicDecisionId } from "./util/decision-id.ts";
export { firstTooDeep } from "./util/json-depth.ts";
export { firstUnstorableText, unstorableReason, type UnstorableReason, type UnstorableText } from "./util/storable-text.ts";
export { PolicyError, formatPath, type PolicyIssue } from "./policy/errors.ts";
export {
  FIELD_OPS,
  KNOWN_SUBTYPES,
  PII_FAMILY,
  expandSelector,
  isKnownSubtype,
  isPiiType,
  type FieldOp,
  type FindingSelector,
} from "./policy/vocabulary.ts";
export { MAX_REGEX_LENGTH, compileSafeRegex, regexProblem } from "./policy/safe-regex.ts";
export {
  ConditionSchema,
  DEFAULT_MIN_SCORE,
  type AllCondition,
  type AnyCondition,
  type Condition,
  type FieldCondition,
  type FindingCondition,
  type NotCondition,
  type RiskCondition,
} from "./policy/condition-schema.ts";
export {
  MAX_RULES,
  RuleOutcomeSchema,
  PolicyDocumentSchema,
  PolicyObligationSchema,
  PolicyRuleSchema,
  type RuleOutcome,
  type PolicyDocument,
  type PolicyObligation,
  type PolicyRule,
} from "./policy/schema.ts";
export { MAX_POLICY_CHARS, MAX_POLICY_DEPTH, parsePolicy, parsePolicyValue, validatePolicyDocument } from "./policy/parse.ts";
export {
  BundleEnvelopeSchema,
  PolicyBundleSchema,
  createBundle,
  policyHash,
  policyHashSync,
  policyVersion,
  verifyBundleHash,
  type PolicyBundle,
} from "./policy/bundle.ts";
export {
  DEFAULT_RULE_SEVERITY,
  compilePolicy,
  type CompileOptions,
  type CompiledRuleOutcome,
  type CompiledPolicy,
  type CompiledRule,
} from "./policy/compile.ts";
export { candidateCount, type RuleIndex } from "./policy/rule-index.ts";
export { defaultPolicy } from "./policy/default-policy.ts";
export { compareRequestFindings, scanRequest } from "./policy/scan-request.ts";
export type { EvalContext } from "./policy/context.ts";
export { FUNDAMENTAL_LAWS, getLaw, type Law } from "./laws/law-pack.ts";
export { AGENT_STATE_RULES, LAW_RULES, OUTBOUND_ACTION_TYPES, type LawRule } from "./laws/law-rules.ts";
export { LAW_CATEGORIES, type LawCategory } from "./laws/law-text.ts";
export { classifyFinding, matchLawRule, severityFor } from "./laws/match-laws.ts";
export {
  ACTION_TYPE_BASE,
  ACTION_TYPE_BASE_OTHER,
  RISK_FEATURES,
  riskFeatures,
  type RiskFeatureName,
} from "./risk/features.ts";
export { riskFeatureRecord, riskScore } from "./risk/score.ts";
export { readsAgentState } from "./policy/state-reads.ts";

// Policy lifecycle groundwork: CRDT policy state (HLC, LWW, OR-set, deltas) and Ed25519 bundle signing.
export * from "./crdt/index.ts";
export * from "./signing/index.ts";
export * from "./merkle/index.ts";
// Device sync protocol (GET /v2/sync): zod messages, codec, device challenge auth.
export * from "./sync/index.ts";
// Device attestation: TPM 2.0 quotes over the sync challenge, AK public keys (sync-session verifies them).
export * from "./attestation/index.ts";
export { DEFAULT_RULE_LAW, evaluate, evaluateBatch, type EvaluateOptions } from "./evaluate.ts";
export { isPreparedEvaluation, PREPARED_FORMAT, preparedFor, prepareEvaluation, type PreparedEvaluation } from "./evaluate-prepare.ts";
export { finishEvaluation } from "./evaluate-finish.ts";
export { EvaluateInputError, MAX_REQUEST_DEPTH, validateEvaluateRequest, type RequestValidation } from "./evaluate-input.ts";
// Audit trail: events, Merkle leaves, exported segments and their offline verification.
export * from "./audit/index.ts";
export * from "./fairness/index.ts";
// Static analysis of policies (shadowed, unreachable, contradictory rules, unsafe regex, unknown references), fmt and policy tests.
export * from "./analysis/index.ts";
export { emergencyStopResponse, type EmergencyStopFacts } from "./emergency-stop.ts";
export { DecisionCache, cachedEvaluate, cachedFinish, restamp, DEFAULT_DECISION_CACHE_ENTRIES, type DecisionCacheStats } from "./predict/decision-cache.ts";
export { decisionKey, fingerprintId, requestKey, stateEpoch, MAX_KEY_CHARS } from "./predict/fingerprint.ts";
export { policyReads, type PolicyReads } from "./predict/policy-reads.ts";
export { PatternProfiler, CARRY_WINDOW, DEFAULT_PROFILER_LIMITS, type History, type Prediction, type ProfilerLimits } from "./predict/profiler.ts";
export { agentTypeOf, callShape } from "./predict/call-shape.ts";
export { precompute, nextSnapshot, DEFAULT_PRECOMPUTE_BUDGET_US, type PrecomputeInput, type PrecomputeResult } from "./predict/precompute.ts";
