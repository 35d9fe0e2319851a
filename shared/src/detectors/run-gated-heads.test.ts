/**
 * runDetectors with the classifier gated at the source (detectClassifier(input, true): the PROMPT_INJECTION
 * and JAILBREAK heads not summed when no window passes directAttackCue) gives the findings of the path it
 * replaced: the rules' findings plus the classifier's from every head, ungated, then gated, sorted and
 * deduplicated. Over every bench/data text without views (a text with views takes the ungated path as before).
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Finding } from "../schemas/finding.ts";
import { detectClassifier, setClassifierEnabled } from "../classifier/detector.ts";
import { directAttackCue, isGatedClassifierType } from "./classifier-gate.ts";
import { isExecutable } from "./talk-about.ts";
import { compareFindings, runDetectors } from "./run.ts";
import { textViews } from "./views.ts";

/** The previous runDetectors for a text without views: rules, then ungated classifier findings gated. */
function reference(text: string): Finding[] {
  setClassifierEnabled(false);
  const rules = runDetectors({ text });
  setClassifierEnabled(true);
  const classifier = detectClassifier({ text }).filter((f) => !isGatedClassifierType(f.type) || directAttackCue(text.slice(f.start, f.end)));
  const all = [...rules, ...classifier].sort(compareFindings);
  return all.filter((f, i) => {
    const p = all[i - 1];
    return !(p && p.start === f.start && p.end === f.end && p.type === f.type && p.subtype === f.subtype && p.field === f.field);
  });
}

function benchTexts(): string[] {
  const dir = new URL("../../../bench/data/", import.meta.url);
  const texts: string[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".jsonl")).sort()) {
    for (const line of readFileSync(new URL(f, dir), "utf8").split("\n")) if (line.trim() !== "") texts.push((JSON.parse(line) as { text: string }).text);
  }
  return texts;
}

describe("runDetectors with gated heads skipped", () => {
  it("equals the every-head path on every bench/data text without views", { timeout: 300_000 }, () => {
    let checked = 0;
    let classifierFindings = 0;
    for (const text of benchTexts()) {
      if (textViews(text, isExecutable({ text })).length > 0) continue;
      const got = runDetectors({ text });
      expect(got).toEqual(reference(text));
      classifierFindings += got.filter((f) => f.detector === "classifier").length;
      checked++;
    }
    expect(checked).toBeGreaterThan(20_000);
    expect(classifierFindings).toBeGreaterThan(1000);
  });
});
