/**
 * Classifier evaluation on the EVAL split only (bench/train/split.ts; training never saw these texts):
 * rules alone, classifier alone and rules+classifier (runDetectors), per attack group: recall at finding
 * score ≥ 0.5 / ≥ 0.7, false-positive rate at ≥ 0.5 on the benign eval texts (XSTest safe + benign MITRE),
 * and recall at 1% and 2% FPR (threshold chosen on the eval negatives' scores, the usual ROC reading).
 */
import { classifyText } from "@nethical/core/classifier/detector.ts";
import { runDetectors } from "@nethical/core/detectors/run.ts";
import type { Finding, FindingType } from "@nethical/core/schemas/finding.ts";
import { labelledData, type Labelled } from "../train/labelled.ts";
import { thresholdAtFpr } from "../train/logreg.ts";
import { GROUPS } from "./threat-eval.ts";

/** One row of the classifier table. */
export interface ClassifierRow {
  system: "rules" | "classifier" | "rules+classifier";
  group: "injection" | "interpreter";
  positives: number;
  negatives: number;
  recall_at_05: number;
  recall_at_07: number;
  fpr_at_05: number;
  recall_at_1pct_fpr: number;
  recall_at_2pct_fpr: number;
}

/**
 * Recall of `pos` at the threshold giving ≤ `fpr` false positives on `neg`.
 *
 * @example
 * recallAtFpr([0.9, 0.2], [0.1, 0.3], 0); // 0.5
 */
export function recallAtFpr(pos: readonly number[], neg: readonly number[], fpr: number): number {
  const t = thresholdAtFpr(neg, fpr);
  return pos.length === 0 ? 0 : pos.filter((p) => p >= t).length / pos.length;
}

function maxScore(findings: readonly Finding[], types: readonly FindingType[], keep: (f: Finding) => boolean): number {
  let m = 0;
  for (const f of findings) if (keep(f) && (types as readonly string[]).includes(f.type) && f.score > m) m = f.score;
  return m;
}

const HEAD_OF: Record<"injection" | "interpreter", string[]> = {
  injection: ["PROMPT_INJECTION", "JAILBREAK"],
  interpreter: ["PROMPT_INJECTION", "JAILBREAK", "DANGEROUS_CODE"],
};

/**
 * The classifier table on the eval split.
 *
 * @example
 * evaluateClassifier().find((r) => r.system === "classifier" && r.group === "injection")?.recall_at_1pct_fpr;
 */
export function evaluateClassifier(data: readonly Labelled[] = labelledData()): ClassifierRow[] {
  const ev = data.filter((l) => l.split === "eval");
  const isPos = { injection: (l: Labelled) => ["giskard", "selfreminder", "gptfuzz_templates"].includes(l.source), interpreter: (l: Labelled) => l.source === "interpreter_malicious" };
  const neg = ev.filter((l) => l.source === "xstest_safe" || l.source === "mitre_benign");
  const rows: ClassifierRow[] = [];
  for (const group of ["injection", "interpreter"] as const) {
    const pos = ev.filter(isPos[group]);
    const types = GROUPS[group];
    const scorers: [ClassifierRow["system"], (t: string) => number, (t: string) => number][] = [
      ["rules", (t) => maxScore(runDetectors({ text: t, action_type: "query" }), types, (f) => f.detector !== "classifier"), (t) => maxScore(runDetectors({ text: t, action_type: "query" }), types, (f) => f.detector !== "classifier")],
      ["classifier", (t) => maxScore(runDetectors({ text: t, action_type: "query" }), types, (f) => f.detector === "classifier"), (t) => Math.max(...HEAD_OF[group].map((h) => classifyText(t)[h] ?? 0))],
      ["rules+classifier", (t) => maxScore(runDetectors({ text: t, action_type: "query" }), types, () => true), (t) => maxScore(runDetectors({ text: t, action_type: "query" }), types, () => true)],
    ];
    for (const [system, finding, raw] of scorers) {
      const pf = pos.map((l) => finding(l.text));
      const nf = neg.map((l) => finding(l.text));
      const pr = pos.map((l) => raw(l.text));
      const nr = neg.map((l) => raw(l.text));
      const frac = (xs: number[], t: number) => (xs.length === 0 ? 0 : xs.filter((x) => x >= t).length / xs.length);
      rows.push({
        system,
        group,
        positives: pos.length,
        negatives: neg.length,
        recall_at_05: frac(pf, 0.5),
        recall_at_07: frac(pf, 0.7),
        fpr_at_05: frac(nf, 0.5),
        recall_at_1pct_fpr: recallAtFpr(pr, nr, 0.01),
        recall_at_2pct_fpr: recallAtFpr(pr, nr, 0.02),
      });
    }
  }
  return rows;
}
