/**
 * The one-paragraph summary of a decision. Built only from decision words, rule/law ids and titles, rule
 * reasons written by the policy author, finding types and spans: never from the action text, so it cannot
 * echo PII or secrets.
 */
import type { Decision } from "../schemas/decision.ts";
import type { Violation } from "../schemas/response.ts";
import { getLaw } from "../laws/law-pack.ts";
import type { DecidedBy } from "./decided-by.ts";

/** Most findings named in a summary. */
export const SUMMARY_MAX_FINDINGS = 5;

/**
 * Summary text for a decision.
 *
 * @example
 * summarize("ALLOW", [{ kind: "default", id: "default", decision: "ALLOW", reason: "No rule matched" }], [], 0.02);
 * // "ALLOW by policy default: No rule matched. Risk 0.02."
 */
export function summarize(decision: Decision, decidedBy: readonly DecidedBy[], violations: readonly Violation[], risk: number): string {
  const lead = decidedBy[0];
  let text = `${decision} by ${lead === undefined ? "policy default" : who(lead)}`;
  if (lead !== undefined) text += `: ${lead.reason}`;
  const sameDecision = decidedBy.filter((d) => d.decision === decision).length - 1;
  if (sameDecision > 0) text += ` (+${sameDecision} more with the same decision)`;
  text += ".";
  const located = violations.filter((v) => v.finding_type !== undefined && v.span !== undefined);
  if (located.length > 0) {
    const seen = new Set<string>();
    const parts: string[] = [];
    for (const v of located) {
      const where = `${v.field ?? "action"}[${v.span?.start},${v.span?.end}]`;
      const what = v.subtype === undefined ? `${v.finding_type}` : `${v.finding_type}/${v.subtype}`;
      const key = `${what} at ${where}`;
      if (!seen.has(key)) {
        seen.add(key);
        parts.push(key);
      }
    }
    const shown = parts.slice(0, SUMMARY_MAX_FINDINGS).join("; ");
    const more = parts.length > SUMMARY_MAX_FINDINGS ? `; +${parts.length - SUMMARY_MAX_FINDINGS} more` : "";
    text += ` Findings: ${shown}${more}.`;
  }
  return `${text} Risk ${risk}.`;
}

function who(d: DecidedBy): string {
  switch (d.kind) {
    case "law": {
      const lawNo = Number(d.id.split(".")[1]);
      const law = getLaw(lawNo);
      return law === undefined ? `law rule ${d.id}` : `law ${lawNo} (${law.title}) via ${d.id}`;
    }
    case "rule":
      return `rule ${d.id}`;
    case "agent_state":
      return `agent state (${d.id})`;
    case "detector":
      return `detector ${d.id}`;
    case "default":
      return "policy default";
    case "override":
      return `override (${d.id})`;
    case "approval":
      return `human approval (${d.id})`;
  }
}
