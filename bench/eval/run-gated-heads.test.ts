/**
 * runDetectors with the classifier gated at the source (detectClassifier(input, true): the PROMPT_INJECTION
 * and JAILBREAK heads not summed when no window passes directAttackCue) gives the findings of the path it
 * replaced: the rules' findings plus the classifier's from every head, ungated, then gated, sorted and
 * deduplicated. Over every bench/data text without views (a text with views takes the ungated path as before).
 */
import { describe, expect, it } from "vitest";
import { jsonlTexts } from "./datasets.ts";
import type { Finding } from "@nethical/core/schemas/finding.ts";
import { detectClassifier, setClassifierEnabled } from "@nethical/core/classifier/detector.ts";
import { directAttackCue, isGatedClassifierType } from "@nethical/core/detectors/classifier-gate.ts";
import { isExecutable } from "@nethical/core/detectors/talk-about.ts";
import { compareFindings, runDetectors } from "@nethical/core/detectors/run.ts";
import { textViews } from "@nethical/core/detectors/views.ts";

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


describe("runDetectors with gated heads skipped", () => {
  it("equals the every-head path on every bench/data text without views", { timeout: 300_000 }, () => {
    let checked = 0;
    let classifierFindings = 0;
    for (const text of jsonlTexts()) {
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
