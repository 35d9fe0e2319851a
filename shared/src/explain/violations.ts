/**
 * Violations: one per finding (a finding type and subtype in one field of the request), per tenant rule
 * without finding evidence and per agent-state check. A finding flagged by a law-pack rule and by tenant
 * rules appears once, with every rule in `rules`; repeated matches of the same finding in the same field are
 * merged (overlapping spans into one, the others listed in `spans`). They carry types, spans and confidence,
 * never the matched text.
 */
import type { Decision, Severity } from "../schemas/decision.ts";
import { decisionStrength, severityRank } from "../schemas/decision.ts";
import type { Finding, FindingType, Span } from "../schemas/finding.ts";
import type { Violation } from "../schemas/response.ts";
import type { LawRule } from "../laws/law-rules.ts";
import { isPiiType } from "../policy/vocabulary.ts";

/**
 * Violation category of a finding type.
 *
 * @example
 * categoryFor("US_SSN");  // "privacy"
 * categoryFor("SECRET");  // "secret_exposure"
 */
export function categoryFor(type: FindingType): string {
  if (isPiiType(type)) return "privacy";
  return type === "SECRET" ? "secret_exposure" : type.toLowerCase();
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

/**
 * Where a finding points, or undefined for the action text.
 *
 * @example
 * findingField({ ...finding, field: "stated_intent" }); // "stated_intent"
 */
export function findingField(f: Finding): string | undefined {
  return f.field === undefined || f.field === "action" ? undefined : f.field;
}

/**
 * The violation for a finding that broke a law-pack rule, or that is a tenant rule's evidence.
 *
 * @example
 * findingViolation("law.22.secret", 22, "high", finding).id; // "law.22.secret@action:10-30"
 */
export function findingViolation(ruleId: string, law: number, severity: Severity, f: Finding): Violation {
  const field = findingField(f);
  const v: Violation = {
    id: `${ruleId}@${field ?? "action"}:${f.start}-${f.end}`,
    law,
    category: categoryFor(f.type),
    detector: f.detector,
    rule: ruleId,
    finding_type: f.type,
    severity,
    confidence: clamp01(f.score),
    span: { start: f.start, end: f.end },
  };
  if (f.subtype !== undefined) v.subtype = f.subtype;
  if (field !== undefined) v.field = field;
  return v;
}

/**
 * The violation for a law-pack finding rule.
 *
 * @example
 * lawViolation(rule, finding).law; // rule.law
 */
export function lawViolation(rule: LawRule, f: Finding): Violation {
  return findingViolation(rule.id, rule.law, rule.severity, f);
}

/**
 * The violation for a matched tenant rule: with its best evidence finding when it has one.
 *
 * @example
 * ruleViolation("no-prod-writes", 5, "high", undefined).category; // "policy"
 */
export function ruleViolation(ruleId: string, law: number, severity: Severity, evidence: Finding | undefined): Violation {
  if (evidence !== undefined) return { ...findingViolation(ruleId, law, severity, evidence), category: "policy" };
  return { id: ruleId, law, category: "policy", rule: ruleId, severity, confidence: 1 };
}

/**
 * A violation that comes from the agent's state (rate limit, sticky TERMINATE).
 *
 * @example
 * stateViolation({ id: "law.5.rate-limit", law: 5, severity: "medium" }, "rate_limit").confidence; // 1
 */
export function stateViolation(rule: { id: string; law: number; severity: Severity }, category: string): Violation {
  return { id: rule.id, law: rule.law, category, rule: rule.id, severity: rule.severity, confidence: 1 };
}

/**
 * Sort violations deterministically: severity (strongest first), law, field (action text first), span, id.
 *
 * @example
 * sortViolations(list)[0].severity; // the highest severity present
 */
export function sortViolations(violations: Violation[]): Violation[] {
  return violations.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      a.law - b.law ||
      cmp(a.field ?? "", b.field ?? "") ||
      (a.span?.start ?? -1) - (b.span?.start ?? -1) ||
      (a.span?.end ?? -1) - (b.span?.end ?? -1) ||
      cmp(a.id, b.id),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Entry {
  v: Violation;
  /** Merged, sorted, non-overlapping spans of every occurrence. */
  spans: Span[];
  rules: string[];
  /** Decision strength of the law-pack rule that names the violation (-1: named by a tenant rule). */
  primary: number;
}

/**
 * The violations of one decision, merged as they are added: one per finding kind and place (field, finding
 * type, subtype), whichever law-pack and tenant rules flagged it. The first rule to flag it names it
 * (`rule`, `id`); a law-pack rule with a stronger decision takes over. Every rule is listed in `rules`
 * (law-pack rules first, in finding order, then tenant rules in match order: priority, then declaration).
 * Severity and confidence are the highest seen. Deterministic: the same additions in the same order give
 * the same list.
 *
 * @example
 * const set = new ViolationSet();
 * set.addLaw(reverseShellRule, finding);                                  // law.22.reverse_shell
 * set.addRule("block-dangerous-code", 2, "high", finding);                // same finding: merged
 * set.build()[0].rules; // ["law.22.reverse_shell", "block-dangerous-code"]
 */
export class ViolationSet {
  private readonly entries: Entry[] = [];
  private readonly byKey = new Map<string, Entry>();
  private readonly lawSet = new Set<number>();

  /** A finding that broke a law-pack rule. */
  addLaw(rule: LawRule, f: Finding): void {
    this.lawSet.add(rule.law);
    const key = findingKey(f);
    const entry = this.byKey.get(key);
    const strength = decisionStrength(rule.decision);
    if (entry === undefined) {
      this.push(key, lawViolation(rule, f), f, rule.id, strength);
      return;
    }
    mergeOccurrence(entry, f, rule.severity);
    if (!entry.rules.includes(rule.id)) entry.rules.push(rule.id);
    if (strength > entry.primary) {
      entry.primary = strength;
      entry.v.rule = rule.id;
      entry.v.law = rule.law;
      entry.v.category = categoryFor(f.type);
    }
  }

  /**
   * A matched tenant rule (decision other than ALLOW), with its best evidence finding when it has one. The
   * rule is also added to the `rules` of the violations of every other finding in `covered` (the findings
   * its finding conditions match), so a finding both a law-pack rule and this rule flag names both; it makes
   * no new violation for them.
   */
  addRule(ruleId: string, law: number, severity: Severity, evidence: Finding | undefined, covered: readonly Finding[] = []): void {
    this.lawSet.add(law);
    for (const f of covered) {
      if (f === evidence) continue;
      const entry = this.byKey.get(findingKey(f));
      if (entry !== undefined && !entry.rules.includes(ruleId)) entry.rules.push(ruleId);
    }
    if (evidence === undefined) {
      this.push(`rule\u0000${ruleId}`, ruleViolation(ruleId, law, severity, undefined), undefined, ruleId, -1);
      return;
    }
    const key = findingKey(evidence);
    const entry = this.byKey.get(key);
    if (entry === undefined) {
      this.push(key, ruleViolation(ruleId, law, severity, evidence), evidence, ruleId, -1);
      return;
    }
    mergeOccurrence(entry, evidence, severity);
    if (!entry.rules.includes(ruleId)) entry.rules.push(ruleId);
  }

  /** A violation from the agent's state (rate limit, sticky TERMINATE). */
  addState(rule: { id: string; law: number; severity: Severity; decision: Decision }, category: string): void {
    this.lawSet.add(rule.law);
    this.push(`state\u0000${rule.id}`, stateViolation(rule, category), undefined, rule.id, decisionStrength(rule.decision));
  }

  /** Every law any rule attributed (law-pack rules, tenant rules, agent state), ascending. */
  laws(): number[] {
    return [...this.lawSet].sort((a, b) => a - b);
  }

  /** The merged violations, sorted (see {@link sortViolations}). */
  build(): Violation[] {
    const out: Violation[] = [];
    for (const e of this.entries) {
      const v = e.v;
      const first = e.spans[0];
      if (first !== undefined) {
        v.span = { start: first.start, end: first.end };
        v.id = `${v.rule}@${v.field ?? "action"}:${first.start}-${first.end}`;
        if (e.spans.length > 1) v.spans = e.spans.map((s) => ({ start: s.start, end: s.end }));
      }
      v.rules = e.rules;
      out.push(v);
    }
    return sortViolations(out);
  }

  private push(key: string, v: Violation, f: Finding | undefined, ruleId: string, primary: number): void {
    const entry: Entry = { v, spans: f === undefined ? [] : [{ start: f.start, end: f.end }], rules: [ruleId], primary };
    this.entries.push(entry);
    this.byKey.set(key, entry);
  }
}

function findingKey(f: Finding): string {
  return `${findingField(f) ?? "action"}\u0000${f.type}\u0000${f.subtype ?? ""}`;
}

function mergeOccurrence(entry: Entry, f: Finding, severity: Severity): void {
  const v = entry.v;
  const confidence = clamp01(f.score);
  if (confidence > v.confidence) v.confidence = confidence;
  if (severityRank(severity) > severityRank(v.severity)) v.severity = severity;
  addSpan(entry.spans, f.start, f.end);
}

/** Insert [start, end) into sorted, non-overlapping spans, merging every span it overlaps (shares a character with). */
function addSpan(spans: Span[], start: number, end: number): void {
  let s = start;
  let e = end;
  const kept: Span[] = [];
  let at = -1;
  for (const span of spans) {
    if (span.end <= s) kept.push(span);
    else if (span.start >= e) {
      if (at < 0) at = kept.length;
      kept.push(span);
    } else {
      s = Math.min(s, span.start);
      e = Math.max(e, span.end);
    }
  }
  kept.splice(at < 0 ? kept.length : at, 0, { start: s, end: e });
  spans.length = 0;
  spans.push(...kept);
}
