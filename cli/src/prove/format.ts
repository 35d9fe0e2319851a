/**
 * Text rendering of a ProofReport for `nethical lint --prove`: one block per proof finding (code, status,
 * rules, message, the witness and what evaluate said on it), then a summary line with the solver times.
 */
import type { ProofReport } from "./prove.ts";

/**
 * Render a proof report.
 *
 * @example
 * formatProofReport("broken.yaml", report); // "broken.yaml: proof [unreachable] proven: …"
 */
export function formatProofReport(file: string, report: ProofReport): string {
  let out = "";
  for (const f of report.findings) {
    out += `${file}: proof [${f.code}] ${f.status}: ${f.message}\n`;
    if (f.rules.length > 0) out += `  rules: ${f.rules.join(", ")}\n`;
    if (f.witness !== undefined) out += `  witness: ${JSON.stringify(f.witness)}\n`;
    if (f.evaluated !== undefined) {
      out += `  evaluate: ${f.evaluated.decision}, matched [${f.evaluated.matched.join(", ")}] → ${f.evaluated.confirmed ? "confirmed" : "unconfirmed"}\n`;
    }
  }
  const sorted = [...report.queryMs].sort((a, b) => a - b);
  const median = sorted.length === 0 ? 0 : (sorted[Math.floor(sorted.length / 2)] as number);
  const approx = report.approximations.length === 0 ? "none" : report.approximations.join(", ");
  out += `${file}: ${report.queryMs.length} solver queries (median ${median.toFixed(1)} ms), ${report.unknown} unknown; over-approximations used: ${approx}`;
  out += report.skipped > 0 ? `; ${report.skipped} invalid rule(s) left out\n` : "\n";
  return out;
}
