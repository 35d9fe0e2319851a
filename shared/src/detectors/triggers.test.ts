import { describe, expect, it } from "vitest";
import {
  anchorPositions,
  compileAnchor,
  compileTriggers,
  compileTriggersAll,
  hitAny,
  isGateOpen,
  normaliseStem,
  openGates,
  registerTriggers,
  triggerHits,
} from "./triggers.ts";

// The table is built once, at module load, and sealed by the first scan: every stem is registered here.
const KILL = compileTriggers(["zqkill"]);
const SYMBOL = compileTriggers(["/zq/"]);
const ALPHA_BETA = compileTriggers(["zqalpha", "zqbeta"]);
const OMEGA = compileTriggers(["zqomega"]);
const VERB_VICTIM = compileTriggersAll([["zqstab"], ["zqpeople"]]);
const ANCHOR = compileAnchor(["zqdo", "zqdoing"]);
registerTriggers(["zqgamma delta"]);
const UMLAUT = compileTriggers(["zqtöten", "zqжечь"]);
// whole-word stems: alone, and sharing their path with a prefix stem (zqi$ with zqi) or ending inside one
const WHOLE = compileTriggers(["zqa$"]);
const WHOLE_AND_PREFIX = compileTriggers(["zqi$"]);
const PREFIX_OF_WHOLE = compileTriggers(["zqi"]);
const WHOLE_ANCHOR = compileAnchor(["zqa$", "zqan$"]);

describe("trigger stems", () => {
  it("match word stems at word starts only, case-insensitively", () => {
    expect(hitAny({ text: "please ZQKILLING it" }, KILL)).toBe(true);
    expect(hitAny({ text: "xzqkill" }, KILL)).toBe(false);
    expect(hitAny({ text: "nothing here" }, KILL)).toBe(false);
  });
  it("match stems with non-ASCII letters in capitals too, as the rules' `i` flag does", () => {
    for (const text of ["zqtöten", "ZQTÖTEN", "ZqTöTen", "ZQЖЕЧЬ", "zqЖечь"]) expect(hitAny({ text }, UMLAUT), text).toBe(true);
    expect(hitAny({ text: "zqtoten zqжить" }, UMLAUT)).toBe(false);
  });
  it("match a stem ending in $ only as a whole word (next character not an ASCII letter, digit or _)", () => {
    for (const text of ["zqa", "ZQA b", "zqa's", "x zqa.", "zqa\nb", "zqa’s", "zqaé"]) expect(hitAny({ text }, WHOLE), text).toBe(true);
    for (const text of ["zqab", "zqa1", "zqa_b", "xzqa"]) expect(hitAny({ text }, WHOLE), text).toBe(false);
    expect(hitAny({ text: "zqin" }, WHOLE_AND_PREFIX)).toBe(false);
    expect(hitAny({ text: "zqin" }, PREFIX_OF_WHOLE)).toBe(true);
    expect(hitAny({ text: "zqi am" }, WHOLE_AND_PREFIX)).toBe(true);
    expect(hitAny({ text: "zqi am" }, PREFIX_OF_WHOLE)).toBe(true);
    expect([...triggerHits({ text: "zqi zqin" })].filter((x) => x.startsWith("zqi")).sort()).toEqual(["zqi", "zqi$"]);
    expect(anchorPositions({ text: "zqan zqa zqab zqant zqa" }, WHOLE_ANCHOR)).toEqual([0, 5, 20]);
  });
  it("match symbol stems anywhere", () => {
    expect(hitAny({ text: "cat a/zq/b" }, SYMBOL)).toBe(true);
  });
  it("open a gate when any of its stems occurs", () => {
    expect(hitAny({ text: "zqbeta" }, ALPHA_BETA)).toBe(true);
  });
  it("open an AND-gate only when every part occurs", () => {
    expect(hitAny({ text: "zqstab zqpeople" }, VERB_VICTIM)).toBe(true);
    expect(hitAny({ text: "zqstab the bread" }, VERB_VICTIM)).toBe(false);
  });
  it("keep only the first word of multi-word stems", () => {
    expect(normaliseStem("Set Aside")).toBe("set");
    expect(normaliseStem(" kill\tit")).toBe("kill");
    expect(normaliseStem("kill")).toBe("kill"); // the fast path: already one lower-case word
    expect(normaliseStem("Töten")).toBe("töten");
    expect(triggerHits({ text: "zqgamma x" }).has("zqgamma")).toBe(true);
  });
  it("record anchor start positions sorted and once, even where two stems start at the same place", () => {
    expect(anchorPositions({ text: "zqdoing it, zqdo" }, ANCHOR)).toEqual([0, 12]);
    expect(anchorPositions({ text: "nothing" }, ANCHOR)).toEqual([]);
  });
  it("re-scan when the same object gets new text", () => {
    const input = { text: "zqomega" };
    expect(hitAny(input, OMEGA)).toBe(true);
    input.text = "nothing";
    expect(hitAny(input, OMEGA)).toBe(false);
  });
  it("give each input its own scan: scanning another input changes nothing already read", () => {
    const a = { text: "zqkill" };
    const gatesOfA = openGates(a);
    expect(gatesOfA !== undefined && isGateOpen(gatesOfA, KILL)).toBe(true);
    openGates({ text: "nothing" });
    expect(gatesOfA !== undefined && isGateOpen(gatesOfA, KILL)).toBe(true);
    expect(hitAny(a, KILL)).toBe(true);
  });
  it("open every gate for an input with gating: false (the ungated reference path)", () => {
    expect(hitAny({ text: "nothing here", gating: false }, KILL)).toBe(true);
    expect(openGates({ text: "nothing here", gating: false })).toBeUndefined();
  });
});

describe("the trigger table", () => {
  it("is sealed by the first scan: registering afterwards throws", () => {
    hitAny({ text: "anything" }, KILL);
    expect(() => registerTriggers(["zqlate"])).toThrow(/sealed/);
    expect(() => compileTriggers(["zqlate"])).toThrow(/sealed/);
    expect(() => compileAnchor(["zqlate"])).toThrow(/sealed/);
  });
});
