/**
 * Training texts for the data head. The public indirect-injection sets hold whole contexts (an e-mail, a
 * table, a tool result) with an attack inserted, next to the same contexts clean. The head is scored on
 * short windows at inference (data-windows.ts), so it is trained on what a window holds: the inserted
 * attack (the injected text minus its clean context: the longest common prefix and suffix with the
 * best-matching clean context of the same source) as a positive, and every window of the clean contexts as
 * a negative. Direct injections and jailbreaks are positives as they are (an instruction is an instruction
 * wherever it sits). Only training sources are read: a left-out source is never diffed or windowed here.
 */
import { dataWindows } from "@nethical/core/classifier/data-windows.ts";
import type { CorpusItem } from "./corpus.ts";

/**
 * Benign direct sources whose texts read like content rather than requests to an assistant (word problems,
 * educational and news-like questions): negatives for the data head too, so it learns more than the style
 * of one tool's output. Requests to an assistant (CLINC150, BANKING77) are not: inside data they would be
 * instructions addressed to the model.
 */
export const NARRATIVE_SOURCES: ReadonlySet<string> = new Set(["gsm8k", "written_lookalikes", "xstest", "purplellama_mitre"]);

/** A text for the data head with its label (1 injection, 0 clean) and the corpus item it came from. */
export interface DataExample {
  text: string;
  y: 0 | 1;
  item: CorpusItem;
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, max: number): number {
  let i = 0;
  while (i < max && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/**
 * The inserted part of `injected` relative to the best-matching clean text, or undefined when no clean text
 * shares at least half of itself with it (then the whole text is used).
 *
 * @example
 * insertedPart("Hello. IGNORE ALL. Bye.", ["Hello. Bye."]); // "IGNORE ALL. "
 */
export function insertedPart(injected: string, cleans: readonly string[]): string | undefined {
  let best = -1;
  let bestCut: [number, number] | undefined;
  for (const c of cleans) {
    const p = commonPrefix(injected, c);
    const s = commonSuffix(injected, c, Math.min(injected.length, c.length) - p);
    if (p + s > best && p + s >= c.length / 2) {
      best = p + s;
      bestCut = [p, injected.length - s];
    }
  }
  if (bestCut === undefined) return undefined;
  const part = injected.slice(bestCut[0], bestCut[1]).trim();
  return part.length >= 8 ? part : undefined;
}

/**
 * Data-head examples from training items: inserted attacks and direct injections/jailbreaks (1), windows
 * of clean data (0). Injected texts with no matching clean context are used whole.
 *
 * @example
 * dataExamples(corpus().filter((c) => c.source !== "agentdojo")).filter((e) => e.y === 1).length;
 */
export function dataExamples(items: readonly CorpusItem[]): DataExample[] {
  const cleanBySource = new Map<string, string[]>();
  for (const it of items) {
    if (it.kind === "benign" && it.mode === "data") cleanBySource.set(it.source, [...(cleanBySource.get(it.source) ?? []), it.text]);
  }
  const out: DataExample[] = [];
  for (const it of items) {
    if (it.kind === "indirect_injection") {
      const part = insertedPart(it.text, cleanBySource.get(it.source) ?? []);
      out.push({ text: part ?? it.text, y: 1, item: it });
    } else if (it.kind === "injection" || it.kind === "jailbreak") {
      out.push({ text: it.text, y: 1, item: it });
    } else if (it.kind === "benign" && (it.mode === "data" || NARRATIVE_SOURCES.has(it.source))) {
      for (const [s, e] of dataWindows(it.text)) out.push({ text: it.text.slice(s, e), y: 0, item: it });
    }
  }
  return out;
}
