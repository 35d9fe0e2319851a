import { describe, expect, it } from "vitest";
import { verbAlternation, verbForms, verbTriggers } from "./verbs.ts";

describe("verb forms", () => {
  it.each([
    ["create", ["create", "creates", "creating"]],
    ["stab", ["stab", "stabs", "stabbing"]],
    ["push", ["push", "pushes", "pushing"]],
    ["copy", ["copy", "copies", "copying"]],
    ["die", ["die", "dies", "dying"]],
    ["beat up", ["beat up", "beats up", "beating up"]],
    ["kidnap:kidnapping", ["kidnap", "kidnaps", "kidnapping"]],
  ])("%s → %j", (entry, forms) => {
    expect(verbForms(entry)).toEqual(forms);
  });

  it("builds an alternation that matches every form, and can leave out the -s form", () => {
    const re = new RegExp(`^${verbAlternation(["send", "beat up"])}$`);
    for (const w of ["send", "sends", "sending", "beat up", "beating   up"]) expect(re.test(w)).toBe(true);
    expect(re.test("sent")).toBe(false);
    expect(new RegExp(`^${verbAlternation(["kill"], { thirdPerson: false })}$`).test("kills")).toBe(false);
  });

  it("gives trigger stems as first words of every form", () => {
    expect(verbTriggers(["carry out"])).toEqual(["carry", "carries", "carrying"]);
  });
});
