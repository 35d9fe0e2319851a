/**
 * The labelled corpus for the classifier and its leave-one-source-out evaluation: every labelled text in
 * bench/data (public sets with their licences, and the sets written for this project), each with the
 * source it came from, what it is (`kind`) and how it reaches Nethical (`mode`: typed by the agent's user
 * or the agent itself = "direct"; content the agent read = "data").
 *
 * A source is the unit of leave-one-source-out: all texts of one public repository (or one written file)
 * are left out together, so the model is judged on phrasing, topics and style it never saw.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DATA_DIR, loadGptfuzzQuestions, loadJailbreaks, loadPurpleLlama, loadXstest } from "@nethical/bench/eval/datasets.ts";

/** What a text is. */
export type Kind = "benign" | "injection" | "indirect_injection" | "jailbreak" | "harmful" | "malicious_code";

/** One labelled text. */
export interface CorpusItem {
  text: string;
  /** Leave-one-source-out unit (a dataset, e.g. "clinc150"). */
  source: string;
  kind: Kind;
  /** "direct": a prompt or action; "data": content read by the agent (tool output, e-mail, document). */
  mode: "direct" | "data";
  /** Benign texts: which false-alarm family they belong to. */
  family?: "everyday" | "security" | "data";
  /** Language when known (ISO code). */
  language?: string;
}

/** The languages other than English of the training-only written sets (their `language` field). */
export const WRITTEN_LANGUAGES: readonly string[] = ["zh", "it", "vi", "ar", "ko", "th", "bn", "sw", "jv"];

/** Sources and what the rule detectors were written against (their figures are "tuned on"). */
export const RULES_TUNED_ON: readonly string[] = [
  "giskard",
  "selfreminder",
  "gptfuzz_templates",
  "gptfuzz_questions",
  "xstest",
  "purplellama_interpreter",
  "purplellama_mitre",
  // the generalised injection rules and the everyday false-alarm fixes of issue 10 were written against these
  "written_injection",
  "written_everyday",
  // the data-mode rules were written reading BIPIA's /train/ contexts (its /test/ half and AgentDojo were not read)
  "bipia",
  // Issue 10 round 2 (jailbreak-framing-rules.ts, harmful-request-rules.ts, data-injection-extra-rules.ts): written
  // from general knowledge without reading any labelled set; their false alarms were checked by reading the
  // flagged benign texts of xstest and written_everyday only (both listed above), and on written_lookalikes by
  // which rule fired (the Chinese harm-request rule, once; the text was not read; the rule then lost its suicide
  // words and gained a protective-context exclusion). Choices were judged on the leave-one-source-out figures,
  // and for multijail on its per-language rule recall (counts, no texts read).
  "written_lookalikes",
  // Issue 10 round 4: the gate of the classifier's injection and jailbreak heads (classifier-gate.ts) was written from
  // general knowledge; the head false alarms it is meant to stop were looked at on written_everyday,
  // written_lookalikes and xstest only (all listed above); written_instruction_talk was written for it and the rules
  // were not changed for it. Choices (which cue words, whether the text must be addressed to the assistant) were
  // judged on the leave-one-source-out figures, per source and head as counts.
  // Issue 10 round 5: the harm-concept lexicon (harm-concept-lexicon.ts, harmful-concepts.ts) was written from general
  // knowledge of the seventeen languages, concept by concept, without reading any labelled set. Its false alarms were
  // then read on written_everyday (texts) and written_lookalikes (the concepts and words that matched, not the texts),
  // both listed above; they added forms to the safe-context concepts, removed six forms and made one whole-word (eight more
  // were removed because they are English words or opened the ASCII gate on English text). Two Javanese protective forms were
  // removed again after they lowered written_harmful's Javanese rule recall (per-language counts, no texts read).
  // Issue 10 round 6: the rules' false alarms were read on the training-only written sets (TRAINING_ONLY_SETS, in
  // no pooled figure): safe contexts for checking, recovering and reporting, history, news and fiction, and software
  // processes were added to the harm-concept lexicon from general knowledge, and zero-width joiners inside Bengali,
  // Arabic-script and other joining scripts and emoji sequences stopped counting as an encoding trick. No evaluated
  // source was read for them; their effect on every source is in the leave-one-source-out table. The benign groups
  // whose flagged texts were read (the form group had none; the harmful groups were not read) are marked here; they
  // are in no pooled figure, only in the training-only table of eval:detectors.
  // Issue 10 round 7 added 3,562 texts in nine languages to these groups (not read for any rule); the groups, one per
  // language since then (trainingGroup), stay marked.
  "written_training/lookalike",
  // Issue 10 round 8: English rules for violent requests (verbs and victims the lexicon lacked, asking for a threat to
  // be written, "which … could I use to" read as asking for the means) and for the drug trade were written after
  // reading rule misses of three training-only harmful groups (80 texts, below) and the misses and false alarms on the
  // English texts written for that round and not committed (1,320 harmful requests, 680 look-alikes). No evaluated
  // source was read for them.
  "written_training/violence",
  "written_training/drugs-chemicals-self-harm",
  "written_training/cyber-fraud",
  // Issue 10 round 10: the stereotype rules (harmful-stereotype-rules.ts) were written after reading this group's
  // bigoted questions (25 texts); no evaluated source was read for them.
  "written_training/hate-harassment",
  ...["multilingual-everyday", "multilingual-lookalike"].flatMap((g) => WRITTEN_LANGUAGES.map((l) => `written_training/${trainingGroup(g, l)}`)),
];

interface JsonlRow {
  text: string;
  label: string;
  subset?: string;
  language?: string;
}

function readJsonl(name: string): JsonlRow[] {
  const path = join(DATA_DIR, name);
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as JsonlRow);
}

const KIND_OF_LABEL: Record<string, Kind> = {
  benign: "benign",
  injection: "injection",
  harmful: "harmful",
  malicious_code: "malicious_code",
  jailbreak: "jailbreak",
};

function kindOf(label: string, where: string): Kind {
  const k = KIND_OF_LABEL[label];
  if (k === undefined) throw new Error(`corpus: unknown label "${label}" in ${where}`);
  return k;
}

/** The JSON Lines sets: file, source name, how their items reach Nethical and the family of their benign direct texts (benign data-mode texts are family "data"). */
const JSONL_SETS: { file: string; source: string; mode: (r: JsonlRow) => CorpusItem["mode"]; family: CorpusItem["family"] }[] = [
  { file: "promptinject_hijack_leak.jsonl", source: "promptinject", mode: () => "direct", family: "everyday" },
  { file: "advbench_harmful_behaviors.jsonl", source: "advbench", mode: () => "direct", family: "everyday" },
  { file: "harmbench_behaviors.jsonl", source: "harmbench", mode: () => "direct", family: "everyday" },
  { file: "multijail_multilingual_harmful.jsonl", source: "multijail", mode: () => "direct", family: "everyday" },
  { file: "clinc150_user_queries.jsonl", source: "clinc150", mode: () => "direct", family: "everyday" },
  { file: "banking77_queries.jsonl", source: "banking77", mode: () => "direct", family: "everyday" },
  { file: "gsm8k_questions.jsonl", source: "gsm8k", mode: () => "direct", family: "everyday" },
  { file: "selfinstruct_seed_tasks.jsonl", source: "selfinstruct", mode: () => "direct", family: "everyday" },
  // BIPIA: contexts (e-mails, tables, code answers) are data; the code-attack texts alone are requests.
  { file: "bipia_indirect_injection.jsonl", source: "bipia", mode: (r) => (r.subset?.startsWith("code_attack") ? "direct" : "data"), family: "everyday" },
  // AgentDojo: tool output is data; the user tasks are ordinary agent requests.
  { file: "agentdojo_tool_outputs.jsonl", source: "agentdojo", mode: (r) => (r.subset?.startsWith("user_task") ? "direct" : "data"), family: "everyday" },
  { file: "written_everyday_benign.jsonl", source: "written_everyday", mode: () => "direct", family: "everyday" },
  { file: "written_benign_lookalikes.jsonl", source: "written_lookalikes", mode: () => "direct", family: "security" },
  { file: "written_instruction_talk.jsonl", source: "written_instruction_talk", mode: () => "direct", family: "everyday" },
  { file: "written_injection.jsonl", source: "written_injection", mode: (r) => (r.subset?.startsWith("indirect") ? "data" : "direct"), family: "everyday" },
  { file: "written_jailbreak.jsonl", source: "written_jailbreak", mode: () => "direct", family: "everyday" },
  { file: "written_harmful.jsonl", source: "written_harmful", mode: () => "direct", family: "everyday" },
];

/**
 * Sets written only to train the model (issue 10, sixth round: harmful requests in English by topic and in nine
 * other languages, benign look-alikes, benign requests in the forms harmful ones take, everyday prompts in nine
 * languages). Every leave-one-source-out model of a reported source trains on them, so they are in no pooled
 * figure; eval:detectors leaves each topic group out in turn and reports those rows apart. Each topic group (the
 * first part of `subset`; in the multilingual groups, each language of it: {@link trainingGroup}) is a source of its
 * own, so the source cap (fit.ts) weighs each group as one set; the English look-alikes calibrate with the
 * security-sounding family, every other benign text with everyday prompts.
 */
const TRAINING_ONLY_SETS = ["written_training_harmful.jsonl", "written_training_benign.jsonl"];

/** Prefix of the training-only sources' names ("written_training/violence", …). */
export const TRAINING_ONLY_PREFIX = "written_training/";

/**
 * Whether a source is one of the training-only sets (TRAINING_ONLY_SETS): in no pooled figure.
 *
 * @example
 * isTrainingOnly("written_training/violence"); // true
 * isTrainingOnly("advbench"); // false
 */
export function isTrainingOnly(source: string): boolean {
  return source.startsWith(TRAINING_ONLY_PREFIX);
}

/**
 * The source name of a training-only text: its topic group (the first part of `subset`), and for the
 * multilingual groups also its language ("multilingual-zh", "multilingual-everyday-sw"), so that each
 * language weighs as one set under the source cap (fit.ts) and is left out in turn on its own (issue 10,
 * seventh round: as one group, 2,139 multilingual harmful requests counted as 1,000).
 *
 * @example
 * trainingGroup("multilingual", "zh"); // "multilingual-zh"
 * trainingGroup("violence", "en"); // "violence"
 */
export function trainingGroup(group: string, language: string | undefined): string {
  return group.startsWith("multilingual") && language !== undefined && language !== "en" ? `${group}-${language}` : group;
}

/**
 * Every labelled text, de-duplicated by exact text (the first source keeps it).
 *
 * @example
 * corpus().filter((c) => c.source === "clinc150" && c.kind === "benign").length; // 16,195 (less duplicates)
 */
export function corpus(): CorpusItem[] {
  const out: CorpusItem[] = [];
  const seen = new Set<string>();
  const push = (item: CorpusItem) => {
    if (item.text.trim() === "" || seen.has(item.text)) return;
    seen.add(item.text);
    out.push(item);
  };
  const jb = loadJailbreaks();
  const xs = loadXstest();
  const pl = loadPurpleLlama();
  for (const p of jb.giskard) push({ text: p.text, source: "giskard", kind: "injection", mode: "direct" });
  for (const p of jb.selfreminder) push({ text: p.text, source: "selfreminder", kind: "jailbreak", mode: "direct" });
  for (const p of jb.gptfuzzTemplates) push({ text: p.text, source: "gptfuzz_templates", kind: "jailbreak", mode: "direct" });
  for (const p of loadGptfuzzQuestions()) push({ text: p.text, source: "gptfuzz_questions", kind: "harmful", mode: "direct" });
  for (const p of xs.safe) push({ text: p.text, source: "xstest", kind: "benign", mode: "direct", family: "security" });
  for (const p of xs.unsafe) push({ text: p.text, source: "xstest", kind: "harmful", mode: "direct" });
  for (const p of pl.malicious) push({ text: p.text, source: "purplellama_interpreter", kind: "malicious_code", mode: "direct" });
  for (const p of pl.benign) push({ text: p.text, source: "purplellama_mitre", kind: "benign", mode: "direct", family: "security" });
  for (const set of JSONL_SETS) {
    for (const r of readJsonl(set.file)) {
      const mode = set.mode(r);
      let kind = kindOf(r.label, set.file);
      if (kind === "injection" && mode === "data") kind = "indirect_injection";
      push({
        text: r.text,
        source: set.source,
        kind,
        mode,
        ...(kind === "benign" ? { family: mode === "data" ? "data" : set.family } : {}),
        ...(r.language !== undefined ? { language: r.language } : {}),
      });
    }
  }
  for (const file of TRAINING_ONLY_SETS) {
    for (const r of readJsonl(file)) {
      const kind = kindOf(r.label, file);
      const group = (r.subset ?? "").split("/")[0] || "other";
      push({
        text: r.text,
        source: `${TRAINING_ONLY_PREFIX}${trainingGroup(group, r.language)}`,
        kind,
        mode: "direct",
        ...(kind === "benign" ? { family: group === "lookalike" ? "security" : "everyday" } : {}),
        ...(r.language !== undefined ? { language: r.language } : {}),
      });
    }
  }
  return out;
}

/**
 * The sources a leave-one-source-out evaluation leaves out and reports: every source but the training-only ones.
 *
 * @example
 * evaluatedSources(corpus()).includes("advbench"); // true
 * evaluatedSources(corpus()).some(isTrainingOnly); // false
 */
export function evaluatedSources(items: readonly CorpusItem[]): string[] {
  return sourcesOf(items).filter((s) => !isTrainingOnly(s));
}

/**
 * The sources of a corpus, in first-seen order.
 *
 * @example
 * sourcesOf(corpus()); // ["giskard", "selfreminder", …]
 */
export function sourcesOf(items: readonly CorpusItem[]): string[] {
  return [...new Set(items.map((i) => i.source))];
}
