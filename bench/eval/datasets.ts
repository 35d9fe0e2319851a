/**
 * Loaders for the copied public datasets in bench/data (see bench/data/README.md for sources and licences).
 * Each returns plain labelled texts; nothing here reads outside the project.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCsvObjects } from "./csv.ts";

/** Directory holding the dataset copies. */
export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "data");

function read(name: string): string {
  return readFileSync(join(DATA_DIR, name), "utf8");
}

/** One gold PII span (Presidio entity names). */
export interface GoldSpan {
  type: string;
  start: number;
  end: number;
}

/** A Presidio-labelled text. */
export interface PiiSample {
  text: string;
  spans: GoldSpan[];
}

/**
 * The Presidio synthetic PII set.
 *
 * @example
 * loadPresidio().length; // 100
 */
export function loadPresidio(): PiiSample[] {
  const raw = JSON.parse(read("pii_presidio_generated_small.json")) as {
    full_text: string;
    spans: { entity_type: string; start_position: number; end_position: number }[];
  }[];
  return raw.map((r) => ({
    text: r.full_text,
    spans: r.spans.map((s) => ({ type: s.entity_type, start: s.start_position, end: s.end_position })),
  }));
}

/** A labelled prompt. `group` is the dataset's own category when it has one. */
export interface Prompt {
  text: string;
  group: string;
}

/**
 * Jailbreak / injection prompts: giskard (35), selfreminder (75), gptfuzz templates (77).
 *
 * @example
 * loadJailbreaks().giskard.length; // 35
 */
export function loadJailbreaks(): { giskard: Prompt[]; selfreminder: Prompt[]; gptfuzzTemplates: Prompt[] } {
  return {
    giskard: parseCsvObjects(read("giskard_prompt_injections.csv")).map((r) => ({ text: r.prompt ?? "", group: r.group ?? "" })),
    selfreminder: parseCsvObjects(read("selfreminder_jailbreak.csv")).map((r) => ({ text: r.prompt ?? "", group: r.name ?? "" })),
    gptfuzzTemplates: parseCsvObjects(read("gptfuzz_templates.csv")).map((r) => ({ text: r.text ?? "", group: "template" })),
  };
}

/**
 * XSTest prompts split by label (250 safe, 200 unsafe); `group` is the XSTest type.
 *
 * @example
 * loadXstest().safe.length; // 250
 */
export function loadXstest(): { safe: Prompt[]; unsafe: Prompt[] } {
  const rows = parseCsvObjects(read("xstest_prompts.csv"));
  const pick = (label: string): Prompt[] =>
    rows.filter((r) => r.label === label).map((r) => ({ text: r.prompt ?? "", group: r.type ?? "" }));
  return { safe: pick("safe"), unsafe: pick("unsafe") };
}

/**
 * GPTFuzz harmful questions (100).
 *
 * @example
 * loadGptfuzzQuestions().length; // 100
 */
export function loadGptfuzzQuestions(): Prompt[] {
  return parseCsvObjects(read("gptfuzz_questions.csv")).map((r) => ({ text: r.text ?? "", group: "question" }));
}

/**
 * PurpleLlama code-interpreter prompts (250 malicious) and MITRE FRR prompts (375 benign).
 *
 * @example
 * loadPurpleLlama().benign.length; // 375
 */
export function loadPurpleLlama(): { malicious: Prompt[]; benign: Prompt[] } {
  const interp = JSON.parse(read("purplellama_interpreter_dev.json")) as { mutated_prompt: string; attack_type: string[] }[];
  const mitre = JSON.parse(read("purplellama_mitre_frr_dev.json")) as { mutated_prompt: string; is_malicious: boolean }[];
  return {
    malicious: interp.map((r) => ({ text: r.mutated_prompt, group: r.attack_type.join("+") })),
    benign: mitre.filter((r) => !r.is_malicious).map((r) => ({ text: r.mutated_prompt, group: "mitre_frr" })),
  };
}

/**
 * The text of every line of every JSON Lines set in bench/data, files in name order (the equivalence tests of
 * the classifier and of runDetectors run over all of them).
 *
 * @example
 * jsonlTexts().length > 40_000; // true
 */
export function jsonlTexts(): string[] {
  const texts: string[] = [];
  for (const f of readdirSync(DATA_DIR).filter((n) => n.endsWith(".jsonl")).sort()) {
    for (const line of read(f).split("\n")) if (line.trim() !== "") texts.push((JSON.parse(line) as { text: string }).text);
  }
  return texts;
}
