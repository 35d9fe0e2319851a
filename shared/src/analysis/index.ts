/**
 * Static analysis of policy documents (see README.md): analyzePolicy and the report types.
 */
export { analyzePolicy, type AnalyzeOptions } from "./analyze.ts";
export {
  SEVERITY_OF,
  type AnalysisCode,
  type AnalysisExample,
  type AnalysisFinding,
  type AnalysisReport,
  type AnalysisSeverity,
  type PartialAgentState,
} from "./report.ts";
export { agentStateFrom } from "./draft.ts";
export { MAX_DNF_TERMS } from "./dnf.ts";
export { MAX_PAIR_CHECKS } from "./overlap.ts";
export { KEY_ORDER, compareKeys, formatPolicyText, policyFormat } from "./format-policy.ts";
export { parsePolicyTests, runPolicyTest, type PolicyTestCase, type PolicyTestResult } from "./policy-tests.ts";
