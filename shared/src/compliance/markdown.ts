/**
 * Markdown renderings: the compliance report, the transparency report, and the control table of
 * docs/compliance.md (generated from the control data).
 */
import type { ComplianceReport, Control } from "./types.ts";
import type { TransparencyReport } from "./transparency.ts";

/** A table cell: no pipes or newlines. */
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
const STATUS_MARK: Record<string, string> = { pass: "PASS", fail: "FAIL", not_applicable: "N/A", manual: "MANUAL" };

/**
 * The compliance report as Markdown: a summary line, one row per control, then each control's evidence.
 *
 * @example
 * complianceMarkdown(report).startsWith("# Compliance report"); // true
 */
export function complianceMarkdown(report: ComplianceReport): string {
  const s = report.summary;
  const out = [
    "# Compliance report",
    "",
    `Generated ${report.generated_at}${report.tenant !== null ? ` for tenant \`${report.tenant}\`` : ""}; checks run: ${report.scopes.join(", ") || "none"}.`,
    "",
    `**${s.pass} pass, ${s.fail} fail, ${s.not_applicable} not applicable, ${s.manual} manual** of ${report.controls.length} controls.`,
    "",
    "| Control | Frameworks | Status | Reason |",
    "|---|---|---|---|",
    ...report.controls.map((c) => `| \`${c.id}\` ${cell(c.title)} | ${cell(c.frameworks.map((f) => `${f.framework} ${f.article.split(":")[0]}`).join("; "))} | ${STATUS_MARK[c.status]} | ${cell(c.reason ?? "")} |`),
    "",
    "## Evidence",
    "",
  ];
  for (const c of report.controls) {
    out.push(`### \`${c.id}\`: ${STATUS_MARK[c.status]}`, "", `Required: ${c.evidence_required}`, "");
    for (const e of c.evidence) out.push(`- ${e.kind} \`${e.ref}\`${e.detail !== undefined ? `: ${e.detail}` : ""}`);
    if (c.evidence.length === 0) out.push("- (no evidence collected)");
    out.push("");
  }
  return out.join("\n");
}

/**
 * The control table of docs/compliance.md: id, frameworks and articles, evidence, how it is checked.
 *
 * @example
 * controlTableMarkdown(CONTROLS); // "| Control | Frameworks and articles | …"
 */
export function controlTableMarkdown(controls: readonly Control[]): string {
  const rows = controls.map((c) => {
    const how = c.live === null ? `manual: ${c.manual ?? ""}` : "live check against the API";
    const repo = [...c.repository.tests.map((t) => `test \`${t.file}\` › ${t.name}`), ...c.repository.files.map((f) => `file \`${f.path}\`${f.contains !== undefined ? ` contains \`${f.contains}\`` : ""}`)];
    return `| \`${c.id}\` | ${cell(c.title)} | ${cell(c.frameworks.map((f) => `${f.framework} ${f.article}`).join("<br>"))} | ${cell(c.evidence)} | ${cell(how)} | ${cell(repo.join("<br>") || "none")} |`;
  });
  return ["| Id | Control | Frameworks and articles | Evidence that satisfies it | Checked | Repository evidence |", "|---|---|---|---|---|---|", ...rows, ""].join("\n");
}

/**
 * The transparency report as Markdown.
 *
 * @example
 * transparencyMarkdown(report).startsWith("# Transparency report"); // true
 */
export function transparencyMarkdown(r: TransparencyReport): string {
  const o = r.decisions.by_outcome;
  return [
    "# Transparency report",
    "",
    `Tenant \`${r.tenant}\`, ${r.from} to ${r.to} (read from ${r.source}; generated ${r.generated_at}).`,
    "",
    "## Decisions",
    "",
    "| Total | ALLOW | RESTRICT | BLOCK | TERMINATE | at the edge Worker | on devices | ALLOWed by a human approval |",
    "|---|---|---|---|---|---|---|---|",
    `| ${r.decisions.total} | ${o.ALLOW} | ${o.RESTRICT} | ${o.BLOCK} | ${o.TERMINATE} | ${r.decisions.by_source["edge-worker"]} | ${r.decisions.by_source.device} | ${r.decisions.with_approval} |`,
    "",
    "By law (a decision that names several laws counts under each):",
    "",
    "| Law | Decisions | ALLOW | RESTRICT | BLOCK | TERMINATE |",
    "|---|---|---|---|---|---|",
    ...r.decisions.by_law.map((l) => `| ${l.law} | ${l.decisions} | ${l.by_outcome.ALLOW} | ${l.by_outcome.RESTRICT} | ${l.by_outcome.BLOCK} | ${l.by_outcome.TERMINATE} |`),
    "",
    "By action type: not recorded (audit events keep the request's hash, not its action type).",
    "",
    "## Human oversight",
    "",
    `- Appeals: ${r.appeals.filed} filed (${Object.entries(r.appeals.filed_by_decision).map(([d, n]) => `${d} ${n}`).join(", ") || "none"}), ${r.appeals.upheld} upheld, ${r.appeals.rejected} rejected`,
    `- Approvals: ${r.approvals.approved} approved, ${r.approvals.denied} denied`,
    `- Terminations: ${r.terminations.by_decision} by decision, ${r.terminations.by_operator} by an operator; ${r.terminations.reinstatements} reinstatements`,
    `- Emergency stops: ${r.terminations.emergency_stops.engaged} engaged, ${r.terminations.emergency_stops.released} released`,
    "",
    "## Versions in force",
    "",
    "| Policy version | Policy hash | Decisions | First | Last |",
    "|---|---|---|---|---|",
    ...r.policy_versions.map((v) => `| ${cell(v.policy_version)} | \`${v.policy_hash.slice(0, 16)}…\` | ${v.decisions} | ${v.first} | ${v.last} |`),
    "",
    `Policy changes: ${Object.entries(r.policy_changes).map(([a, n]) => `${a} ${n}`).join(", ") || "none"}.`,
    "",
    ...r.models.map((m) => `- Model \`${m.name}\` ${m.version}: ${m.note}`),
    "",
  ].join("\n");
}
