/**
 * `nethical lint POLICY_FILE [--format text|json] [--prove [--prove-timeout-ms N]]`: the static analysis a
 * publish runs (analyzePolicy), locally. `--prove` adds the SMT proofs (cli/src/prove: z3, each query within
 * N ms, default 2000; a timeout is reported as unknown). Exit 1 when the report has errors (or a proof finds
 * an unreachable rule or a weakened law), 0 with warnings only, 2 for usage or unreadable files.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { analyzePolicy, policyFormat, type AnalysisFinding, type AnalysisReport } from "@nethical/core";
import type { CliIo } from "../io.ts";
import { formatProofReport } from "../prove/format.ts";
import { provePolicy, type ProofReport } from "../prove/prove.ts";
import { shutdownZ3 } from "../prove/z3.ts";

const USAGE = "usage: nethical lint POLICY_FILE [--format text|json] [--prove [--prove-timeout-ms N]]";

/**
 * Render a report as text: one block per finding (severity, code, path, rules, message, example), then a
 * summary line.
 *
 * @example
 * formatReport("acme.yaml", analyzePolicy(doc)); // "acme.yaml: no problems found\n"
 */
export function formatReport(file: string, report: AnalysisReport): string {
  const errors = report.findings.filter((f) => f.severity === "error").length;
  const warnings = report.findings.length - errors;
  if (report.findings.length === 0) return `${file}: no problems found\n`;
  const blocks = report.findings.map((f) => formatFinding(file, f));
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${blocks.join("")}${file}: ${count(errors, "error")}, ${count(warnings, "warning")}\n`;
}

function formatFinding(file: string, f: AnalysisFinding): string {
  const where = f.path === "" ? file : `${file}:${f.path}`;
  let out = `${where}: ${f.severity} [${f.code}] ${f.message}\n`;
  if (f.rules.length > 0) out += `  rules: ${f.rules.join(", ")}\n`;
  if (f.example !== undefined) out += `  example: ${JSON.stringify(f.example)}\n`;
  return out;
}

/**
 * Run `nethical lint`.
 *
 * @example
 * const code = await lintCommand(["examples/policies/acme.yaml"], io); // 0
 */
export async function lintCommand(args: string[], io: CliIo): Promise<number> {
  let file: string;
  let format: string;
  let prove: boolean;
  let timeoutMs: number;
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { format: { type: "string", default: "text" }, prove: { type: "boolean", default: false }, "prove-timeout-ms": { type: "string", default: "2000" } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new Error(USAGE);
    if (values.format !== "text" && values.format !== "json") throw new Error(`--format must be text or json\n${USAGE}`);
    timeoutMs = Number(values["prove-timeout-ms"]);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new Error(`--prove-timeout-ms must be a positive integer\n${USAGE}`);
    file = positionals[0] as string;
    format = values.format;
    prove = values.prove;
  } catch (error) {
    io.stderr.write(`nethical lint: ${(error as Error).message}\n`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    io.stderr.write(`nethical lint: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return 2;
  }
  const report = analyzePolicy(text, { format: policyFormat(file, text) });
  if (!prove) {
    io.stdout.write(format === "json" ? `${JSON.stringify(report, null, 2)}\n` : formatReport(file, report));
    return report.ok ? 0 : 1;
  }
  let proofs: ProofReport;
  try {
    proofs = await provePolicy(text, { timeoutMs, format: policyFormat(file, text) });
  } catch (error) {
    io.stderr.write(`nethical lint: cannot prove ${file}: ${(error as Error).message}\n`);
    return 2;
  } finally {
    await shutdownZ3();
  }
  io.stdout.write(format === "json" ? `${JSON.stringify({ ...report, proofs }, null, 2)}\n` : formatReport(file, report) + formatProofReport(file, proofs));
  const failed = proofs.findings.some((f) => (f.code === "unreachable" && f.status === "proven") || f.status === "violated");
  return report.ok && !failed ? 0 : 1;
}
