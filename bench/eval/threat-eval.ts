/**
 * Threat evaluation: detection rates of labelled prompt sets for a group of finding types at a score
 * threshold (recall on attack sets, false-positive rate on benign sets), with the missed/flagged examples.
 */
import type { Finding, FindingType } from "@nethical/core/schemas/finding.ts";
import type { Prompt } from "./datasets.ts";
import { rateOf, type Rate } from "./metrics.ts";

/** Finding-type groups used by the evaluation. */
export const GROUPS = {
  injection: ["PROMPT_INJECTION", "JAILBREAK"],
  interpreter: ["DANGEROUS_CODE", "PROMPT_INJECTION", "JAILBREAK", "HARMFUL_CONTENT"],
  harmful: ["HARMFUL_CONTENT"],
  anyThreat: ["PROMPT_INJECTION", "JAILBREAK", "DANGEROUS_CODE", "HARMFUL_CONTENT", "DATA_EXFILTRATION", "SAFETY_OVERRIDE", "SECRET"],
} as const satisfies Record<string, readonly FindingType[]>;

/** A rate plus up to `keep` example texts (first 100 characters) that were (not) flagged. */
export interface RateResult extends Rate {
  examples: string[];
}

/**
 * True when `findings` contain one of `types` with score ≥ `threshold`.
 *
 * @example
 * flagged([{ type: "JAILBREAK", start: 0, end: 1, score: 0.8, detector: "i" }], ["JAILBREAK"], 0.5); // true
 */
export function flagged(findings: readonly Finding[], types: readonly FindingType[], threshold: number): boolean {
  return findings.some((f) => f.score >= threshold && (types as readonly string[]).includes(f.type));
}

/**
 * Rate of prompts flagged; examples are the misses when `examplesOf` is "misses", else the hits.
 *
 * @example
 * flagRate(prompts, (t) => runDetectors({ text: t }), GROUPS.injection, 0.5, "misses").rate;
 */
export function flagRate(
  prompts: readonly Prompt[],
  detect: (text: string) => Finding[],
  types: readonly FindingType[],
  threshold: number,
  examplesOf: "misses" | "hits",
  keep = 5,
): RateResult {
  const examples: string[] = [];
  const r = rateOf(prompts, (p) => {
    const hit = flagged(detect(p.text), types, threshold);
    if ((examplesOf === "hits") === hit && examples.length < keep) examples.push(p.text.slice(0, 100).replace(/\s+/g, " "));
    return hit;
  });
  return { ...r, examples };
}
