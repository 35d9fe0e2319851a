/**
 * The classifier's heads and how each corpus item is labelled for them (1 positive, 0 negative, -1 left out).
 *
 * Direct heads read the action or prompt itself; the data head reads content the agent read (tool output,
 * documents, e-mails), where an instruction addressed to the model is an injection even when it is polite
 * ("answer in French" inside an e-mail), while the same words typed by the user are an ordinary request.
 */
import type { ClassifierHead } from "@nethical/core/classifier/model.ts";
import type { CorpusItem, Kind } from "./corpus.ts";

/** One head to train. */
export interface HeadSpec {
  type: ClassifierHead["type"];
  subtype?: string;
  mode: "direct" | "data";
  /** Kinds that are positives. */
  pos: readonly Kind[];
  /** Kinds left out of this head's training (neither positive nor negative). */
  ignore: readonly Kind[];
  /** Benign families whose false-alarm rate sets the thresholds. */
  calibrate: readonly NonNullable<CorpusItem["family"]>[];
}

/**
 * Heads in model order. There is no DANGEROUS_CODE head any more: left out by source, it caught 8% of the
 * interpreter requests (the rules: 96%) and 0% of BIPIA's code attacks, and it raised false alarms on 22% of
 * the security-sounding MITRE requests (0.3% without it); the dangerous-code rules carry that type alone.
 */
export const HEADS: readonly HeadSpec[] = [
  { type: "PROMPT_INJECTION", mode: "direct", pos: ["injection", "indirect_injection"], ignore: ["jailbreak"], calibrate: ["everyday", "security"] },
  { type: "JAILBREAK", mode: "direct", pos: ["jailbreak"], ignore: ["injection", "indirect_injection"], calibrate: ["everyday", "security"] },
  { type: "HARMFUL_CONTENT", mode: "direct", pos: ["harmful"], ignore: ["jailbreak", "injection", "malicious_code", "indirect_injection"], calibrate: ["everyday", "security"] },
  {
    type: "PROMPT_INJECTION",
    subtype: "instruction_in_data",
    mode: "data",
    pos: ["indirect_injection", "injection", "jailbreak"],
    ignore: ["harmful", "malicious_code"],
    calibrate: ["data"],
  },
];

/**
 * The direct heads the shipped model has (`TRAIN_DIRECT_HEADS`, a comma list of types, overrides it to
 * compare head sets on the leave-one-source-out numbers). PROMPT_INJECTION and JAILBREAK heads are shipped
 * since issue 10's fourth round, behind a gate (shared/src/detectors/classifier-gate.ts: a finding of theirs
 * counts only where the text is addressed to the assistant about its instructions, rules, limits, mode or
 * role) and trained with the written hard negatives of written_instruction_talk. Ungated they had flagged
 * "The previous instructions in the README are outdated; update them." (p = 0.93) and "The model has no
 * restrictions on output length." (p = 0.99), and everyday false alarms rose above 2% left out by source.
 */
export const SHIPPED_DIRECT_HEADS: readonly string[] = ["PROMPT_INJECTION", "JAILBREAK", "HARMFUL_CONTENT"];

/** The heads that read the action itself, in model order (they come first). */
export const DIRECT_HEADS: readonly HeadSpec[] = HEADS.filter(
  (h) => h.mode === "direct" && (process.env.TRAIN_DIRECT_HEADS?.split(",") ?? SHIPPED_DIRECT_HEADS).includes(h.type),
);

/** The data head (trained on data-examples.ts, scored over data-windows.ts). */
export const DATA_HEAD: HeadSpec = HEADS.find((h) => h.mode === "data") as HeadSpec;

/**
 * An item's label for each direct head. Data-mode benign texts are negatives (tool output must not fire a
 * direct head); data-mode injections count for the injection head.
 *
 * @example
 * labelsOf({ text: "hi", source: "clinc150", kind: "benign", mode: "direct", family: "everyday" }); // [0, 0, 0, 0]
 */
export function labelsOf(item: CorpusItem, heads: readonly HeadSpec[] = DIRECT_HEADS): number[] {
  return heads.map((h) => {
    if (h.pos.includes(item.kind)) return 1;
    if (h.ignore.includes(item.kind)) return -1;
    return 0;
  });
}
