import { describe, expect, it } from "vitest";
import { PII_TYPES, THREAT_TYPES } from "../schemas/finding.ts";
import { FINDING_SELECTORS, KNOWN_SUBTYPES, expandSelector, isKnownSubtype, isPiiType } from "./vocabulary.ts";

describe("policy vocabulary", () => {
  it("knows the subtypes of every threat type and none for PII", () => {
    for (const type of THREAT_TYPES) expect(KNOWN_SUBTYPES[type].length).toBeGreaterThan(0);
    expect(isKnownSubtype("DANGEROUS_CODE", "fork_bomb")).toBe(true);
    expect(isKnownSubtype("DANGEROUS_CODE", "jwt")).toBe(false);
    expect(isKnownSubtype("EMAIL_ADDRESS", "work")).toBe(false);
    expect(isKnownSubtype("PII", "x")).toBe(false);
  });

  it("expands the PII family and recognises PII types", () => {
    expect(expandSelector("PII")).toEqual(PII_TYPES);
    expect(expandSelector("JAILBREAK")).toEqual(["JAILBREAK"]);
    expect(PII_TYPES.every(isPiiType)).toBe(true);
    expect(THREAT_TYPES.some(isPiiType)).toBe(false);
    expect(FINDING_SELECTORS).toHaveLength(1 + PII_TYPES.length + THREAT_TYPES.length);
  });
});
