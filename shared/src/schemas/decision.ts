/**
 * The one decision vocabulary: ALLOW, RESTRICT, BLOCK, TERMINATE, with the strength order
 * TERMINATE > BLOCK > RESTRICT > ALLOW. No other decision words exist anywhere in Nethical.
 */
import * as z from "zod";

/** The four decisions, weakest first. */
export const DECISIONS = ["ALLOW", "RESTRICT", "BLOCK", "TERMINATE"] as const;

/** One decision word. */
export const DecisionSchema = z.enum(DECISIONS);
export type Decision = z.infer<typeof DecisionSchema>;

/** Severity of a violation, weakest first. */
export const SEVERITIES = ["low", "medium", "high", "critical", "emergency"] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/**
 * Strength of a decision for deny-overrides: higher wins.
 *
 * @example
 * decisionStrength("BLOCK") > decisionStrength("RESTRICT"); // true
 */
export function decisionStrength(decision: Decision): number {
  return DECISIONS.indexOf(decision);
}

/**
 * The stronger of two decisions (deny-overrides).
 *
 * @example
 * strongerDecision("ALLOW", "RESTRICT"); // "RESTRICT"
 */
export function strongerDecision(a: Decision, b: Decision): Decision {
  return decisionStrength(a) >= decisionStrength(b) ? a : b;
}

/**
 * Rank of a severity, 0 (low) to 4 (emergency).
 *
 * @example
 * severityRank("critical"); // 3
 */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
