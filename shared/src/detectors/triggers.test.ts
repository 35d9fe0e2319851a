import { describe, expect, it } from "vitest";
import { compileTriggers, hitAny, normaliseStem, registerTriggers, triggerHits } from "./triggers.ts";

describe("trigger stems", () => {
  it("match word stems at word starts only, case-insensitively", () => {
    const gate = compileTriggers(["zqkill"]);
    expect(hitAny({ text: "please ZQKILLING it" }, gate)).toBe(true);
    expect(hitAny({ text: "xzqkill" }, gate)).toBe(false);
    expect(hitAny({ text: "nothing here" }, gate)).toBe(false);
  });
  it("match symbol stems anywhere", () => {
    const gate = compileTriggers(["/zq/"]);
    expect(hitAny({ text: "cat a/zq/b" }, gate)).toBe(true);
  });
  it("open a gate when any of its stems occurs", () => {
    const gate = compileTriggers(["zqalpha", "zqbeta"]);
    expect(hitAny({ text: "zqbeta" }, gate)).toBe(true);
  });
  it("keep only the first word of multi-word stems", () => {
    expect(normaliseStem("Set Aside")).toBe("set");
    registerTriggers(["zqgamma delta"]);
    expect(triggerHits({ text: "zqgamma x" }).has("zqgamma")).toBe(true);
  });
  it("re-scan when the same object gets new text", () => {
    const gate = compileTriggers(["zqomega"]);
    const input = { text: "zqomega" };
    expect(hitAny(input, gate)).toBe(true);
    input.text = "nothing";
    expect(hitAny(input, gate)).toBe(false);
  });
});
