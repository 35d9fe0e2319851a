/**
 * The labelled dev data for the classifier, from the public datasets in bench/data (see its README):
 * giskard → PROMPT_INJECTION; selfreminder and GPTFuzz templates → JAILBREAK; PurpleLlama malicious
 * interpreter requests → DANGEROUS_CODE; XSTest (safe and unsafe), GPTFuzz harmful questions and benign
 * MITRE requests → none of the three (negatives). Injection and jailbreak overlap in practice, so a text
 * positive for one is left out (label -1) of the other's negatives. Texts are de-duplicated.
 */
import { loadGptfuzzQuestions, loadJailbreaks, loadPurpleLlama, loadXstest } from "../eval/datasets.ts";
import { splitOf } from "./split.ts";

/** Heads in model order. */
export const HEAD_TYPES = ["PROMPT_INJECTION", "JAILBREAK", "DANGEROUS_CODE"] as const;

/** One labelled text: per head 1 (positive), 0 (negative) or -1 (ignored). */
export interface Labelled {
  text: string;
  source: string;
  labels: [number, number, number];
  split: "train" | "eval";
}

/**
 * All labelled texts with their split.
 *
 * @example
 * labelledData().filter((l) => l.split === "train").length; // ≈ 70% of them
 */
export function labelledData(): Labelled[] {
  const jb = loadJailbreaks();
  const xs = loadXstest();
  const pl = loadPurpleLlama();
  const sets: [string, { text: string }[], Labelled["labels"]][] = [
    ["giskard", jb.giskard, [1, -1, 0]],
    ["selfreminder", jb.selfreminder, [-1, 1, 0]],
    ["gptfuzz_templates", jb.gptfuzzTemplates, [-1, 1, 0]],
    ["interpreter_malicious", pl.malicious, [0, 0, 1]],
    ["xstest_safe", xs.safe, [0, 0, 0]],
    ["xstest_unsafe", xs.unsafe, [0, 0, 0]],
    ["gptfuzz_questions", loadGptfuzzQuestions(), [0, 0, 0]],
    ["mitre_benign", pl.benign, [0, 0, 0]],
  ];
  const seen = new Set<string>();
  const out: Labelled[] = [];
  for (const [source, prompts, labels] of sets) {
    for (const p of prompts) {
      if (p.text.length === 0 || seen.has(p.text)) continue;
      seen.add(p.text);
      out.push({ text: p.text, source, labels: [...labels], split: splitOf(p.text) });
    }
  }
  return out;
}

/** True when no head is positive (a benign/negative text for calibration). */
export function isNegative(l: Labelled): boolean {
  return l.labels.every((y) => y !== 1);
}
