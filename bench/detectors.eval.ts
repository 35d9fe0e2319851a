/**
 * `npm run eval:detectors`: evaluates the detectors on the public datasets copied in bench/data (see its
 * README for sources and licences). Prints readable tables and writes bench/results/detectors.json.
 *
 * These are development sets (the rules were tuned while looking at them): the figures are measured on
 * them, not held-out results.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runDetectors } from "../shared/src/detectors/index.ts";
import type { Finding } from "../shared/src/schemas/finding.ts";
import { loadGptfuzzQuestions, loadJailbreaks, loadPresidio, loadPurpleLlama, loadXstest, type Prompt } from "./eval/datasets.ts";
import { evaluatePii, type PiiRow } from "./eval/pii-eval.ts";
import { fmt, formatTable, pct } from "./eval/table.ts";
import { flagRate, GROUPS, type RateResult } from "./eval/threat-eval.ts";
import { sizedTexts, timePerKb, type Timing } from "./eval/timing.ts";

const THRESHOLDS = [0.5, 0.7] as const;
const REPEATS = Number(process.env.EVAL_REPEATS ?? 15);
const RESULTS = join(dirname(fileURLToPath(import.meta.url)), "results", "detectors.json");

const detectText = (text: string): Finding[] => runDetectors({ text });
const detectMessage = (text: string): Finding[] => runDetectors({ text, action_type: "query" });

function piiSection(): PiiRow[] {
  const rows = evaluatePii(loadPresidio(), detectText);
  console.log("\n== PII spans on presidio-research generated_small (100 texts) ==");
  console.log(
    formatTable(
      ["presidio label", "nethical type", "gold", "pred", "P exact", "R exact", "F1 exact", "P overlap", "R overlap", "F1 overlap"],
      rows.map((r) => [
        r.label,
        r.detected_as ?? "(not detected)",
        String(r.gold),
        String(r.predicted),
        fmt(r.exact.precision),
        fmt(r.exact.recall),
        fmt(r.exact.f1),
        fmt(r.overlap.precision),
        fmt(r.overlap.recall),
        fmt(r.overlap.f1),
      ]),
    ),
  );
  return rows;
}

interface SetResult {
  set: string;
  measure: "recall" | "false_positive_rate";
  types: string;
  by_threshold: Record<string, RateResult>;
}

function rates(set: string, prompts: readonly Prompt[], types: keyof typeof GROUPS, measure: SetResult["measure"]): SetResult {
  const by_threshold: Record<string, RateResult> = {};
  for (const t of THRESHOLDS) {
    by_threshold[String(t)] = flagRate(prompts, detectMessage, GROUPS[types], t, measure === "recall" ? "misses" : "hits");
  }
  return { set, measure, types, by_threshold };
}

function threatSection(): SetResult[] {
  const jb = loadJailbreaks();
  const xs = loadXstest();
  const pl = loadPurpleLlama();
  const allJb = [...jb.giskard, ...jb.selfreminder, ...jb.gptfuzzTemplates];
  const results = [
    rates("giskard_prompt_injections (35)", jb.giskard, "injection", "recall"),
    rates("selfreminder_jailbreak (75)", jb.selfreminder, "injection", "recall"),
    rates("gptfuzz_templates (77)", jb.gptfuzzTemplates, "injection", "recall"),
    rates("all injection/jailbreak (187)", allJb, "injection", "recall"),
    rates("xstest safe (250)", xs.safe, "injection", "false_positive_rate"),
    rates("mitre_frr benign (375)", pl.benign, "injection", "false_positive_rate"),
    rates("xstest safe (250)", xs.safe, "anyThreat", "false_positive_rate"),
    rates("mitre_frr benign (375)", pl.benign, "anyThreat", "false_positive_rate"),
    rates("interpreter malicious (250)", pl.malicious, "interpreter", "recall"),
    rates("xstest unsafe (200)", xs.unsafe, "harmful", "recall"),
    rates("gptfuzz_questions (100)", loadGptfuzzQuestions(), "harmful", "recall"),
    rates("xstest unsafe (200)", xs.unsafe, "anyThreat", "recall"),
    rates("gptfuzz_questions (100)", loadGptfuzzQuestions(), "anyThreat", "recall"),
  ];
  console.log("\n== Threat detection (a prompt counts when a finding of the listed types has score ≥ threshold) ==");
  console.log(
    formatTable(
      ["set", "measure", "finding types", ...THRESHOLDS.map((t) => `score ≥ ${t}`)],
      results.map((r) => [r.set, r.measure, r.types, ...THRESHOLDS.map((t) => pct(r.by_threshold[String(t)]?.hits ?? 0, r.by_threshold[String(t)]?.total ?? 0))]),
    ),
  );
  console.log("\nExamples (score ≥ 0.5): misses for recall sets, flagged prompts for false-positive sets:");
  for (const r of results) {
    const ex = r.by_threshold["0.5"]?.examples ?? [];
    if (ex.length > 0) console.log(`  ${r.set} [${r.types}]: ${ex.slice(0, 3).map((e) => JSON.stringify(e)).join(" · ")}`);
  }
  return results;
}

function timingSection(): Record<string, Timing> {
  const jb = loadJailbreaks();
  const xs = loadXstest();
  const pl = loadPurpleLlama();
  const benignSeed =
    "Summarise the quarterly report for the board: revenue grew in every region, churn fell to 2.1%, and the hiring plan adds " +
    "four engineers. Send the draft to the finance team by Friday and attach the vendor contract review.";
  const corpora: Record<string, string[]> = {
    "1 KB benign action": sizedTexts(benignSeed, 1024, 200),
    "presidio PII texts": loadPresidio().map((s) => s.text),
    "xstest prompts": [...xs.safe, ...xs.unsafe].map((p) => p.text),
    "mitre_frr benign": pl.benign.map((p) => p.text),
    "interpreter malicious": pl.malicious.map((p) => p.text),
    "jailbreak prompts": [...jb.giskard, ...jb.selfreminder, ...jb.gptfuzzTemplates].map((p) => p.text),
  };
  const out: Record<string, Timing> = {};
  for (const [name, texts] of Object.entries(corpora)) out[name] = timePerKb(texts, (t) => runDetectors({ text: t }), REPEATS);
  console.log(`\n== Speed: all detectors (runDetectors), µs per KB, ${REPEATS} repeats ==`);
  console.log(
    formatTable(
      ["corpus", "texts", "KB", "median µs/KB", "min µs/KB"],
      Object.entries(out).map(([k, v]) => [k, String(v.texts), v.kb.toFixed(1), v.us_per_kb_median.toFixed(2), v.us_per_kb_min.toFixed(2)]),
    ),
  );
  return out;
}

function main(): void {
  const started = new Date().toISOString();
  const pii = piiSection();
  const threats = threatSection();
  const timing = timingSection();
  mkdirSync(dirname(RESULTS), { recursive: true });
  const result = {
    generated_at: started,
    node: process.version,
    note: "Development sets: rules were tuned on them; figures are measured on them, not held out. Timing depends on machine load.",
    thresholds: THRESHOLDS,
    pii,
    threats,
    timing_us_per_kb: timing,
  };
  writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nWrote ${RESULTS}`);
}

main();
