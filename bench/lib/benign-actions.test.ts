/**
 * Ordinary agent actions of every size (the bench corpus with no harmful snippet) must be ALLOWed by the
 * default policy: long texts must not drift into false positives (see shared/src/classifier/detector.ts).
 */
import { compilePolicy, createBundle, defaultPolicy, emptyAgentState, evaluate } from "@nethical/core";
import { describe, expect, it } from "vitest";
import { buildCorpus } from "@nethical/core/testing/corpus.ts";

describe("benign agent actions", () => {
  it("are ALLOWed by the default policy from 100 B to 8 KB", async () => {
    const policy = compilePolicy(await createBundle("bench", 1, defaultPolicy()));
    const items = buildCorpus({ count: 120, sizes: [100, 512, 1024, 2048, 4096, 8192], seed: 11, harmfulShare: 0 });
    const flagged = items
      .map((item) => ({ bytes: item.bytes, response: evaluate(item.request, policy, emptyAgentState(), 0) }))
      .filter(({ response }) => response.decision !== "ALLOW")
      .map(({ bytes, response }) => `${bytes} B: ${response.explanation.summary}`);
    expect(flagged).toEqual([]);
  });

  it("while the same corpus with harmful snippets is not all ALLOWed", async () => {
    const policy = compilePolicy(await createBundle("bench", 1, defaultPolicy()));
    const items = buildCorpus({ count: 60, sizes: [1024], seed: 12, harmfulShare: 1 });
    const blocked = items.filter((item) => evaluate(item.request, policy, emptyAgentState(), 0).decision !== "ALLOW");
    expect(blocked.length).toBeGreaterThan(45);
  });
});
