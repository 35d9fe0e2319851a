/**
 * The plain-text view of a recorded decision (`GET /v2/decisions/{id}` with `Accept: text/plain` or
 * `?format=text`): what was decided, why, under which policy, and where it sits in the audit log — for a
 * person reading it (GDPR Art. 22). It holds only the recorded event, which never contains raw PII.
 */
import type { AuditEvent } from "@nethical/core";

/**
 * Render one recorded decision as text.
 *
 * @example
 * decisionText(event, 12); // "Decision 7d9e… — BLOCK (risk 0.82)\n…"
 */
export function decisionText(event: AuditEvent, leafIndex: number): string {
  const lines = [
    `Decision ${event.decision_id ?? event.event_id} — ${event.decision} (risk ${event.risk_score})`,
    `  event:       ${event.event_id} (audit log leaf ${leafIndex})`,
    `  agent:       ${event.agent_id}`,
    `  time:        ${event.time}`,
    `  source:      ${event.source}${event.device_id !== undefined ? ` (device ${event.device_id})` : ""}`,
    `  policy:      ${event.policy_version} (bundle ${event.policy_hash})`,
    `  request:     sha256 ${event.request_hash}`,
    `  summary:     ${event.explanation.summary}`,
  ];
  if (event.explanation.decided_by.length > 0) {
    lines.push("  decided by:");
    for (const d of event.explanation.decided_by) lines.push(`    - ${d.kind} ${d.id} → ${d.decision}: ${d.reason}`);
  }
  if (event.explanation.laws.length > 0) lines.push(`  laws:        ${event.explanation.laws.join(", ")}`);
  if (event.violations.length > 0) {
    lines.push("  violations:");
    for (const v of event.violations) {
      // One violation per finding: every rule that flagged it (law pack and tenant) is named.
      const by = v.rules !== undefined && v.rules.length > 1 ? `rules ${v.rules.join(" + ")}` : v.rule !== undefined ? `rule ${v.rule}` : `detector ${v.detector ?? "?"}`;
      const where = v.span !== undefined ? ` at ${v.field ?? "action"}[${v.span.start}, ${v.span.end})` : "";
      lines.push(`    - law ${v.law} ${v.category}${v.finding_type !== undefined ? ` ${v.finding_type}` : ""}: ${v.severity}, confidence ${v.confidence}, ${by}${where}`);
    }
  } else lines.push("  violations:  none");
  lines.push(`  obligations: ${event.obligations.length === 0 ? "none" : event.obligations.map((o) => o.type).join(", ")}`);
  return `${lines.join("\n")}\n`;
}
