/**
 * analyzePolicy: static analysis of a policy document before it may leave quarantine. Runs the reference
 * checks and the schema on the raw value, then the semantic checks (unreachable, contradictory, shadowed) on
 * every rule that is itself valid, so an author sees all problems in one pass. Pure and deterministic;
 * bounded work (DNF and pair caps) so a hostile document cannot make a publish hang.
 */
import { PolicyError } from "../policy/errors.ts";
import { MAX_POLICY_DEPTH, parsePolicyValue } from "../policy/parse.ts";
import { PolicyRuleSchema, type PolicyDocument, type PolicyRule } from "../policy/schema.ts";
import { firstTooDeep } from "../util/json-depth.ts";
import { MAX_DNF_TERMS } from "./dnf.ts";
import { MAX_PAIR_CHECKS, overlapFindings } from "./overlap.ts";
import { referenceFindings } from "./references.ts";
import { finding, makeReport, type AnalysisFinding, type AnalysisReport } from "./report.ts";
import { ruleFacts } from "./rule-facts.ts";
import { schemaFindings } from "./schema-findings.ts";
import { unreachableFindings } from "./unreachable.ts";

export interface AnalyzeOptions {
  /** Largest DNF per condition before a rule is "not analysed" (default 256). */
  maxDnfTerms?: number;
  /** Implication checks between rule pairs before the pairwise analysis stops (default 200 000). */
  maxPairChecks?: number;
  /** Format of `document` when it is text (default: JSON when it starts with `{`, else YAML). */
  format?: "json" | "yaml";
}

/**
 * Analyse a policy: a PolicyDocument, any parsed value, or JSON/YAML text. `report.ok` is false exactly when
 * some finding is an error; such a version must not leave quarantine.
 *
 * @example
 * const report = analyzePolicy(defaultPolicy());
 * report.ok; // true
 * analyzePolicy({ version: 1, name: "p", default: { decision: "ALLOW" },
 *   rules: [{ id: "x", when: { all: [{ field: "action_type", op: "eq", value: "query" },
 *                                    { field: "action_type", op: "eq", value: "message" }] },
 *             then: { decision: "BLOCK" } }] }).findings[0].code; // "unreachable"
 */
export function analyzePolicy(document: PolicyDocument | unknown, options: AnalyzeOptions = {}): AnalysisReport {
  let raw: unknown = document;
  if (typeof document === "string") {
    try {
      raw = parsePolicyValue(document, options.format);
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      return makeReport(error.issues.map((i) => finding("schema", i.message, [], i.path)));
    }
  }
  const refs = referenceFindings(raw);
  const covered = new Set(refs.filter((f) => f.severity === "error").map((f) => f.path));
  const schema = schemaFindings(raw, covered);
  const rules = schema.document !== undefined ? schema.document.rules.map((rule, i) => ({ rule, i })) : validRules(raw);
  const maxTerms = options.maxDnfTerms ?? MAX_DNF_TERMS;
  const facts = rules.map(({ rule, i }) => ruleFacts(rule, i, maxTerms));
  const findings = [
    ...refs,
    ...schema.findings,
    ...unreachableFindings(facts, maxTerms),
    ...overlapFindings(facts, options.maxPairChecks ?? MAX_PAIR_CHECKS),
  ];
  return makeReport(sortByRule(findings));
}

/** The rules of an invalid document that are valid on their own (duplicates of an earlier id skipped). */
function validRules(raw: unknown): { rule: PolicyRule; i: number }[] {
  const list = (raw as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(list) || firstTooDeep(raw, MAX_POLICY_DEPTH) !== undefined) return [];
  const seen = new Set<string>();
  const out: { rule: PolicyRule; i: number }[] = [];
  list.forEach((value: unknown, i) => {
    const parsed = PolicyRuleSchema.safeParse(value);
    if (!parsed.success || seen.has(parsed.data.id)) return;
    seen.add(parsed.data.id);
    out.push({ rule: parsed.data, i });
  });
  return out;
}

/** Document-level findings first, then by rule index; stable otherwise. */
function sortByRule(findings: AnalysisFinding[]): AnalysisFinding[] {
  const index = (f: AnalysisFinding) => {
    const m = /^rules\[(\d+)\]/.exec(f.path);
    return m === null ? (f.path === "rules" ? Number.MAX_SAFE_INTEGER : -1) : Number(m[1]);
  };
  return findings.map((f, order) => ({ f, order, at: index(f) })).sort((a, b) => a.at - b.at || a.order - b.order).map((x) => x.f);
}
