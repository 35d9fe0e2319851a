/**
 * The result of static analysis: `analyzePolicy` returns an AnalysisReport whose `ok` is true exactly when no
 * finding is an error. A version whose report is not ok must stay in quarantine.
 *
 * | code | severity | meaning |
 * |---|---|---|
 * | `schema` | error | the document does not match the policy DSL (path and message from the validator) |
 * | `unknown-field` | error | a condition names a field that does not exist |
 * | `unknown-finding-type` | error | a condition or `redact` names a finding type no detector produces |
 * | `unknown-subtype` | error | a finding subtype outside the detector contract |
 * | `unsafe-regex` | error | a `matches` pattern that is invalid or has no linear-time match (backreferences, lookaround) |
 * | `unreachable` | error | the rule's condition can never be true |
 * | `contradictory` | error | two rules with the same condition and different decisions |
 * | `shadowed` | warning | whenever the rule matches, another rule decides at least as strongly |
 * | `unknown-action-type` | warning | `action_type` compared with a value outside the known action types |
 * | `not-analysed` | warning | a condition or rule set too large to analyse (the analysis gave up, it did not hang) |
 */
import type { EvaluateRequest } from "../schemas/action.ts";
import type { AgentStateSnapshot } from "../schemas/agent-state.ts";

export type AnalysisSeverity = "error" | "warning";

export type AnalysisCode =
  | "schema"
  | "unknown-field"
  | "unknown-finding-type"
  | "unknown-subtype"
  | "unsafe-regex"
  | "unreachable"
  | "contradictory"
  | "shadowed"
  | "unknown-action-type"
  | "not-analysed";

/** Agent state as written in examples and policy tests: any subset, `decisions` counts may be partial. */
export type PartialAgentState = Partial<Omit<AgentStateSnapshot, "decisions">> & {
  decisions?: Partial<AgentStateSnapshot["decisions"]>;
};

/** An input that shows a finding: evaluating `request` (with `agent`) makes the named rules match. */
export interface AnalysisExample {
  request: EvaluateRequest;
  agent?: PartialAgentState;
}

/** One finding of the analysis. */
export interface AnalysisFinding {
  severity: AnalysisSeverity;
  code: AnalysisCode;
  message: string;
  /** Ids of the rules concerned (the first is the one the finding is about). */
  rules: string[];
  /** Where in the document, e.g. `rules[3].when.all[1].value`; empty for the document itself. */
  path: string;
  example?: AnalysisExample;
}

export interface AnalysisReport {
  /** True when no finding is an error. */
  ok: boolean;
  findings: AnalysisFinding[];
}

/** Severity of each code. */
export const SEVERITY_OF: Readonly<Record<AnalysisCode, AnalysisSeverity>> = Object.freeze({
  schema: "error",
  "unknown-field": "error",
  "unknown-finding-type": "error",
  "unknown-subtype": "error",
  "unsafe-regex": "error",
  unreachable: "error",
  contradictory: "error",
  shadowed: "warning",
  "unknown-action-type": "warning",
  "not-analysed": "warning",
});

/**
 * Build a finding with the severity its code carries.
 *
 * @example
 * finding("unreachable", "rule x can never match", ["x"], "rules[0].when").severity; // "error"
 */
export function finding(code: AnalysisCode, message: string, rules: string[], path: string, example?: AnalysisExample): AnalysisFinding {
  const f: AnalysisFinding = { severity: SEVERITY_OF[code], code, message, rules, path };
  if (example !== undefined) f.example = example;
  return f;
}

/**
 * Wrap findings in a report; `ok` is derived, never set by hand.
 *
 * @example
 * makeReport([]).ok; // true
 */
export function makeReport(findings: AnalysisFinding[]): AnalysisReport {
  return { ok: !findings.some((f) => f.severity === "error"), findings };
}
