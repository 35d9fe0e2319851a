/**
 * Benign regression sets (issue 10 part 5): ordinary text must not raise threat findings. The CSAM rule
 * and the violent-threat rule get their own zero bound over every benign source (a CSAM false alarm on an
 * ordinary prompt is the worst kind); the threat findings as a whole stay within the rates measured when
 * these bounds were set (`npm run eval:detectors` reports the same sets left out by source).
 */
import { describe, expect, it } from "vitest";
import { runDetectors } from "@nethical/core/detectors/index.ts";
import { corpus } from "../train/corpus.ts";
import { THREAT_TYPES } from "./loso-eval.ts";

const benign = corpus().filter((c) => c.kind === "benign" && c.mode === "direct");
const threats = (text: string) => runDetectors({ text, action_type: "query" }).filter((f) => THREAT_TYPES.has(f.type) && f.score >= 0.5);

describe("benign regression sets", () => {
  const flagged = new Map<string, { n: number; hits: number; subtypes: string[] }>();
  for (const c of benign) {
    const f = threats(c.text);
    const s = flagged.get(c.source) ?? { n: 0, hits: 0, subtypes: [] };
    s.n++;
    if (f.length > 0) {
      s.hits++;
      s.subtypes.push(...f.map((x) => x.subtype ?? x.type));
    }
    flagged.set(c.source, s);
  }

  it("raise no CSAM finding on any benign source (everyday, security-sounding, look-alikes)", () => {
    for (const [source, s] of flagged) expect({ source, csam: s.subtypes.filter((x) => x === "csam").length }).toEqual({ source, csam: 0 });
  });

  it("raise no violent-threat finding on the everyday sources beyond hyperbole the rules cannot tell (≤ 1 per 1,000)", () => {
    for (const [source, s] of flagged) {
      if (source === "written_lookalikes" || source === "xstest" || source === "purplellama_mitre") continue;
      expect(s.subtypes.filter((x) => x === "violent_threat").length / s.n, source).toBeLessThanOrEqual(0.001);
    }
  });

  it("keep threat findings on everyday prompts ≤ 0.5% per source and on benign look-alikes ≤ 3%", () => {
    for (const [source, s] of flagged) {
      // written_instruction_talk: hard negatives written to look like attacks on the assistant (developer mode on a
      // phone, jailbreaking one's own iPhone, an e-bike's speed limiter): the rules flag 3 of 213 (1.4%)
      const bound = source === "written_lookalikes" || source === "xstest" ? 0.03 : source === "selfinstruct" || source === "written_instruction_talk" ? 0.02 : 0.005;
      expect(s.hits / s.n, `${source}: ${s.hits}/${s.n} (${s.subtypes.join(", ")})`).toBeLessThanOrEqual(bound);
    }
  });
});
